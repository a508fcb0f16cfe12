#!/usr/bin/env bash
# The release binary's size quoted in docs/BENCHMARKS.md: builds target/release/tri with the
# committed [profile.release] and prints its size in bytes and MB (and `size`'s sections when
# binutils is installed).
#
# Usage: benches/binary_size.sh      (TRI_BIN=path: measure that binary instead)
set -euo pipefail
cd "$(dirname "$0")/.."
tri=${TRI_BIN:-}
if [ -z "$tri" ]; then cargo build --release --quiet --bin tri; tri=$(scripts/target-dir.sh)/release/tri; fi
bytes=$(stat -c %s "$tri")
awk -v b="$bytes" -v f="$tri" 'BEGIN { printf "%s: %d bytes (%.1f MB)\n", f, b, b / 1e6 }'
if command -v size >/dev/null; then size "$tri"; fi
