#!/usr/bin/env bash
# Whole-process benchmarks of tri against a local GitHub stand-in; prints a table of
# timings and ratios (docs/BENCHMARKS.md explains each line and the targets).
#
# Usage: scripts/bench.sh [--quick] [bench.py options, e.g. --rounds 300]
#   --quick        few rounds, to check the script itself (numbers are not meaningful)
#   --hyperfine    also cross-check step vs script with hyperfine (installed if missing)
# Environment: TRI_BIN=path  use this tri binary instead of building target/release/tri.
# Needs: cargo, python3 (standard library only), bash, curl, GNU time (/usr/bin/time);
# installs the missing ones with apt-get when run as root. The table comes from
# benches/bench.py's own loop, not hyperfine: hyperfine runs each command's runs back to
# back, and these comparisons are interleaved so that noise from other work on the machine
# hits both sides alike. --hyperfine adds hyperfine's view as a cross-check.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt() { # need_apt COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "bench: installing $2" >&2
    apt-get install -y -qq "$2" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null 2>&1; } ||
      echo "bench: could not install $2" >&2
  else
    echo "bench: $1 is missing (install the $2 package)" >&2
  fi
}
[ -x /usr/bin/time ] || need_apt /usr/bin/time time
need_apt curl curl
need_apt python3 python3

args=()
for a in "$@"; do
  case "$a" in
    --quick) args+=(--rounds 10 --warmup 2 --sync-runs 1 --rss-runs 3) ;;
    --hyperfine) need_apt hyperfine hyperfine; args+=(--hyperfine) ;;
    *) args+=("$a") ;;
  esac
done

target=$(scripts/target-dir.sh) # where cargo builds (CARGO_TARGET_DIR included)
if [ -z "${TRI_BIN:-}" ]; then
  cargo build --release --quiet --bin tri
  TRI_BIN=$target/release/tri
fi
# The physical floor (benches/floor.rs): one fsync'd file and one raw POST.
cargo build --release --quiet --example floor

exec python3 benches/bench.py --tri "$TRI_BIN" --floor "$target/release/examples/floor" \
  --out target/bench ${args[@]+"${args[@]}"}
