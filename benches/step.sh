#!/usr/bin/env bash
# What a user would write instead of `tri agent step MESSAGE`: a timestamped note on disk
# and a comment on the issue. The baseline of scripts/bench.sh.
#
# Usage: GH_TOKEN=... GITHUB_API_URL=http://127.0.0.1:PORT REPO=o/r ISSUE=42 \
#        NOTES_DIR=notes benches/step.sh "message"
set -euo pipefail
msg=$1
dir=${NOTES_DIR:-notes}
mkdir -p "$dir"
ts=$(date -u +%Y%m%dT%H%M%S.%3NZ)
printf -- '---\nissue: %s\nrepo: %s\ntime: %s\n---\n%s\n' "$ISSUE" "$REPO" "$ts" "$msg" \
  >"$dir/${ts}_${ISSUE}.md"
json=${msg//\\/\\\\}
json=${json//\"/\\\"}
curl -sS --fail -o /dev/null -X POST \
  -H "Authorization: Bearer $GH_TOKEN" \
  -H "Accept: application/vnd.github+json" \
  -H "X-GitHub-Api-Version: 2022-11-28" \
  --data "{\"body\":\"$json\"}" \
  "${GITHUB_API_URL:-https://api.github.com}/repos/$REPO/issues/$ISSUE/comments"
