#!/usr/bin/env bash
# Makes .github/workflows/release.yml: what cargo-dist's `dist generate` writes from
# dist-workspace.toml, then .github/dist/release.yml.patch on top (the patch's header says what
# it changes and why: dist 0.34 writes a tag name into `run:` scripts and gives every job
# `contents: write`, which zizmor reports and no dist option turns off). dist-workspace.toml
# has `allow-dirty = ["ci"]` so that dist does not itself rewrite or reject the patched file;
# this script generates in a scratch copy of the checkout without that line.
#
#   scripts/dist-generate.sh           # rewrite .github/workflows/release.yml
#   scripts/dist-generate.sh --check   # exit 1 (with the diff) when it is not up to date
#
# Needs `dist` (crates.io cargo-dist, the version in dist-workspace.toml; DIST=path to use
# another copy) and git. After a dist upgrade, if the patch no longer applies: run
# `dist generate` in a scratch copy, make the same edits, and save `diff -u` as the patch.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-dist}
check=0
[ "${1:-}" = --check ] && check=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The checkout's files (committed or not, less ignored ones), in a scratch directory.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$tmp"
sed -i '/^allow-dirty = /d' "$tmp/dist-workspace.toml"
(cd "$tmp" && git init -q && "$dist" generate --mode ci >"$tmp/.dist.log" 2>&1) || { cat "$tmp/.dist.log" >&2; exit 1; }
git -C "$tmp" apply --whitespace=nowarn < .github/dist/release.yml.patch

if [ "$check" = 1 ]; then
  if ! diff -u .github/workflows/release.yml "$tmp/.github/workflows/release.yml"; then
    echo "release.yml is not dist generate + .github/dist/release.yml.patch; run scripts/dist-generate.sh" >&2
    exit 1
  fi
else
  cp "$tmp/.github/workflows/release.yml" .github/workflows/release.yml
fi
