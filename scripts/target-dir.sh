#!/usr/bin/env bash
# Prints the directory cargo builds into for this workspace, as cargo itself resolves it
# (CARGO_TARGET_DIR, `build.target-dir` in a cargo config, else ./target): the
# `target_directory` of `cargo metadata`. Scripts find the binaries they run under it
# (`"$(scripts/target-dir.sh)/debug/tri"`) instead of assuming ./target.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$dir" ] || { echo "target-dir.sh: cargo metadata named no target_directory" >&2; exit 1; }
printf '%s\n' "$dir"
