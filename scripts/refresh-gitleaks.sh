#!/usr/bin/env bash
# Refresh vendor/gitleaks/ from gitleaks' repository (config/gitleaks.toml and LICENSE).
#
#   scripts/refresh-gitleaks.sh [TAG]     # default: the newest v* tag
#   GITLEAKS_REPO=/path/to/gitleaks scripts/refresh-gitleaks.sh v8.30.1
#
# Then: TRI_REGENERATE=1 cargo test --test redaction_rules, review the diff of
# src/redact/gitleaks/rules.rs, and update the table in vendor/gitleaks/SOURCE.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/vendor/gitleaks"
repo="${GITLEAKS_REPO:-}"
if [[ -z "$repo" ]]; then
    repo="$(mktemp -d)/gitleaks"
    trap 'rm -rf "$(dirname "$repo")"' EXIT
    git clone --quiet --filter=blob:none https://github.com/gitleaks/gitleaks "$repo"
fi
git -C "$repo" fetch --quiet --tags 2>/dev/null || true

tag="${1:-$(git -C "$repo" tag --list 'v*' --sort=-v:refname | head -n1)}"
[[ -n "$tag" ]] || { echo "no v* tag in $repo; pass one: $0 v8.30.1" >&2; exit 2; }
commit="$(git -C "$repo" rev-parse "$tag^{commit}")"
date="$(git -C "$repo" log -1 --format=%cs "$commit")"

mkdir -p "$dest"
git -C "$repo" show "$commit:config/gitleaks.toml" >"$dest/gitleaks.toml"
git -C "$repo" show "$commit:LICENSE" >"$dest/LICENSE"

rules="$(grep -c '^\[\[rules\]\]' "$dest/gitleaks.toml")"
echo "gitleaks $tag ($commit, $date): $rules rules"
(cd "$dest" && sha256sum gitleaks.toml LICENSE)
echo "Now: TRI_REGENERATE=1 cargo test --test redaction_rules, and update vendor/gitleaks/SOURCE.md"
