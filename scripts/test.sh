#!/usr/bin/env bash
# The project's test command: installs what the tests need, then runs every test.
#
#   scripts/test.sh            # all tests (unit, CLI, contract, fault injection)
#   scripts/test.sh agent_flow # extra arguments go to `cargo test`
#
# Needs: cargo (Rust 1.85+), git, node + npm (for Prism, the OpenAPI contract test).
set -euo pipefail
cd "$(dirname "$0")/.."

# Test tools from npm: Prism and GitHub's published OpenAPI description, GitHub's recorded
# webhook payloads, secretlint; pinned by
# tests/contract/package-lock.json, installed next to it (git-ignored).
if [ ! -x tests/contract/node_modules/.bin/prism ] || [ ! -f tests/contract/node_modules/@octokit/openapi/generated/api.github.com.json ] || [ ! -f tests/contract/node_modules/@octokit/webhooks-examples/api.github.com/index.json ] || [ ! -x tests/contract/node_modules/.bin/secretlint ]; then
  # The registry is reached over the network: a dropped connection is tried again (three
  # tries, 5 s and 15 s apart) and npm's own error is shown, not only its log's path.
  npm_cache=$(npm config get cache 2>/dev/null || echo "$HOME/.npm")
  tries=0
  until (cd tests/contract && npm ci --no-audit --no-fund --loglevel=error); do
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then
      # CI keeps only this output: show the end of npm's newest debug log, not only its path.
      # (npm writes a log for every call, so the newest log of an `npm ci` is the one.)
      log=$(grep -l '^[0-9]* verbose argv "ci"' -- "$npm_cache"/_logs/*-debug-0.log 2>/dev/null | xargs -r ls -t | head -1 || true)
      [ -n "$log" ] && tail -n 40 "$log" >&2
      echo "scripts/test.sh: npm ci in tests/contract failed 3 times (npm's log: ${log:-none})" >&2
      exit 1
    fi
    echo "scripts/test.sh: npm ci failed (try $tries of 3); trying again" >&2
    sleep $((tries * tries * 5))
    npm cache verify >/dev/null 2>&1 || true
  done
fi
export TRI_PRISM_DIR="$PWD/tests/contract"
# secretlint and its recommended preset, the redaction corpus's oracle (tests/redaction_corpus.rs).
export TRI_SECRETLINT_DIR="$PWD/tests/contract"
export TRI_REQUIRE_CONTRACT=1

cargo test --locked "$@"
