#!/usr/bin/env bash
# `tri mcp` benchmarks (docs/BENCHMARKS.md, "MCP"): 30 steps through one MCP session
# against 30 `tri agent step` processes, and a step through MCP against the kept-alive floor
# (benches/floor.rs with FLOOR_KEEPALIVE), interleaved, against the local GitHub stand-in.
#
# Usage: scripts/bench-mcp.sh [--quick] [bench_mcp.py options, e.g. --rounds 30]
#   --quick   3 rounds, to check the script itself (numbers are not meaningful)
# Environment: TRI_BIN=path  use this tri binary instead of building target/release/tri.
# Needs: cargo, python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for a in "$@"; do
  case "$a" in
    --quick) args+=(--rounds 3 --warmup 1) ;;
    *) args+=("$a") ;;
  esac
done

target=$(scripts/target-dir.sh) # where cargo builds (CARGO_TARGET_DIR included)
if [ -z "${TRI_BIN:-}" ]; then
  cargo build --release --quiet --bin tri
  TRI_BIN=$target/release/tri
fi
cargo build --release --quiet --example floor

exec python3 benches/bench_mcp.py --tri "$TRI_BIN" --floor "$target/release/examples/floor" \
  --out target/bench-mcp ${args[@]+"${args[@]}"}
