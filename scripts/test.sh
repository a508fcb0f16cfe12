#!/usr/bin/env bash
# The project's test command: installs what the tests need, then runs every test.
#
#   scripts/test.sh            # all tests (unit, CLI, contract, fault injection)
#   scripts/test.sh agent_flow # extra arguments go to `cargo test`
#
# Needs: cargo (Rust 1.85+), git, node + npm (for Prism, the OpenAPI contract test).
set -euo pipefail
cd "$(dirname "$0")/.."

# Contract-test tools: Prism and GitHub's published OpenAPI description, pinned by
# tests/contract/package-lock.json, installed next to it (git-ignored).
if [ ! -x tests/contract/node_modules/.bin/prism ] || [ ! -f tests/contract/node_modules/@octokit/openapi/generated/api.github.com.json ] || [ ! -f tests/contract/node_modules/@octokit/webhooks-examples/api.github.com/index.json ]; then
  (cd tests/contract && npm ci --no-audit --no-fund --loglevel=error)
fi
export TRI_PRISM_DIR="$PWD/tests/contract"
export TRI_REQUIRE_CONTRACT=1

cargo test --locked "$@"
