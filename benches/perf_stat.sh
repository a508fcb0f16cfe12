#!/usr/bin/env bash
# The "CPU time of one step" table of docs/BENCHMARKS.md: `perf stat -r N -e
# task-clock,page-faults` over an offline step and a step with its comment (against
# benches/github_standin.py), for this tree's release binary and optionally a baseline.
#
# Usage: benches/perf_stat.sh [BASELINE_TRI] [-r N]    (TRI_BIN=path: this side's binary)
# Needs: perf (Debian `linux-perf`); without it, says so and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
base=""; runs=50
while [ $# -gt 0 ]; do case $1 in -r) runs=$2; shift 2 ;; *) base=$1; shift ;; esac; done
command -v perf >/dev/null || { echo "perf_stat: perf is missing: sudo apt-get install linux-perf" >&2; exit 1; }
tri=${TRI_BIN:-}
if [ -z "$tri" ]; then cargo build --release --quiet --bin tri; tri=$(scripts/target-dir.sh)/release/tri; fi
. benches/standin.sh # $work, $port: the GitHub stand-in
for bin in "$tri" ${base:+"$base"}; do
  ws=$(mktemp -d -p "$work"); mkdir -p "$ws/home"
  (cd "$ws" && env -i PATH="$PATH" HOME="$ws/home" GITHUB_REPOSITORY=octo/demo "$bin" agent link 42 >/dev/null)
  for mode in offline comment; do
    extra=(); [ $mode = comment ] && extra=(GH_TOKEN=ghp_bench GITHUB_API_URL="http://127.0.0.1:$port")
    echo "== $bin, step ($mode)"
    (cd "$ws" && perf stat -r "$runs" -e task-clock,page-faults -- \
      env -i PATH="$PATH" HOME="$ws/home" GITHUB_REPOSITORY=octo/demo TRI_PUBLISH_INTERVAL_MS=0 "${extra[@]}" \
      "$bin" agent step "perf stat" >/dev/null) 2>&1 | grep -E 'task-clock|page-faults|elapsed'
  done
done
