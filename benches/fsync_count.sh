#!/usr/bin/env bash
# The fsync figures of docs/BENCHMARKS.md ("fsync calls per step", "2 fsyncs per published
# step") and the system-call count of one step: strace over one published step (against
# benches/github_standin.py on 127.0.0.1) and one offline step, each after a warm-up step.
#
# Usage: benches/fsync_count.sh [--check]     (TRI_BIN=path: that binary, else a release build)
#   --check   exit 1 unless each step makes exactly 2 fsync-family calls (the documented count)
# Needs: strace (Debian `strace`; installed with apt-get when run as root), python3, cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
check=${1:-}
if ! command -v strace >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }
  else echo "fsync_count: strace is missing: sudo apt-get install strace" >&2; exit 1; fi
fi
tri=${TRI_BIN:-}
if [ -z "$tri" ]; then cargo build --release --quiet --bin tri; tri=$(scripts/target-dir.sh)/release/tri; fi
. benches/standin.sh # $work, $port: the GitHub stand-in
ws=$work/ws; mkdir -p "$ws" "$work/home"
run() { (cd "$ws" && env -i PATH="$PATH" HOME="$work/home" GITHUB_REPOSITORY=octo/demo TRI_PUBLISH_INTERVAL_MS=0 "$@"); }
# (`run VAR=value... tri ...`; under strace the variables go through -E, below.)
run "$tri" agent link 42 >/dev/null
syncs='trace=fsync,fdatasync,sync_file_range,syncfs'
count() { # count LABEL ENV... : fsync-family calls and all system calls of one step
  local label=$1; shift
  local e=() a
  for a in "$@"; do e+=(-E "$a"); done # the step's variables, set by strace for tri itself
  run "$@" "$tri" agent step "warm-up" >/dev/null
  run strace -f -qq -o "$work/all" -c "${e[@]}" "$tri" agent step "counted" >/dev/null
  run strace -f -qq -o "$work/s" -e "$syncs" "${e[@]}" "$tri" agent step "counted" >/dev/null
  local n total
  n=$(grep -cE '(fsync|fdatasync|sync_file_range|syncfs)\(' "$work/s" || true)
  total=$(awk '$NF=="total"{print $4}' "$work/all")
  echo "$label: $n fsync-family calls, $total system calls"
  if [ "$check" = --check ] && [ "$n" != 2 ]; then echo "fsync_count: expected 2 for $label" >&2; return 1; fi
}
count "published step" GH_TOKEN=ghp_bench GITHUB_API_URL="http://127.0.0.1:$port"
count "offline step"
