#!/usr/bin/env bash
# Load-independent profile of one published `tri agent step` against the floor probe
# (benches/floor.rs), both against the local GitHub stand-in (benches/github_standin.py):
#   - instructions executed (valgrind --tool=callgrind: whole process, dynamic loader
#     included, every thread), and callgrind_annotate's top inclusive functions of the step;
#   - system calls (strace -c -f): total, fsync/fdatasync, openat, connect, and the rest.
# These counts do not move with the machine's load, unlike wall-clock timings.
#
# Usage: benches/profile-step.sh [--runs N] [--top N] [TRI [FLOOR]]
#   TRI    default target/release/tri        (cargo build --release --bin tri)
#   FLOOR  default target/release/examples/floor (cargo build --release --example floor)
#   --runs N  callgrind runs per binary (default 3; the median is printed)
#   --top N   how many inclusive functions to list (default 40)
# Writes $PROFILE_OUT (default target/bench/profile/): callgrind.{step,floor}.N, annotate-step.txt (top N),
# callgrind_annotate.step.txt (all),
# strace-{step,floor}.txt, summary.md. Needs valgrind, strace, python3 (apt-get as root).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3 top=40
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --top) top=$2; shift 2 ;;
    *) break ;;
  esac
done
target=$(scripts/target-dir.sh) # where cargo builds (CARGO_TARGET_DIR included)
tri=$(realpath "${1:-$target/release/tri}")
floor=$(realpath "${2:-$target/release/examples/floor}")
for t in valgrind strace python3; do
  command -v "$t" >/dev/null || { echo "profile-step: $t is missing" >&2; exit 1; }
done

out=${PROFILE_OUT:-$PWD/target/bench/profile}
rm -rf "$out" && mkdir -p "$out/home"
standin_log=$out/standin.out
python3 benches/github_standin.py 0 >"$standin_log" &
standin=$!
trap 'kill $standin 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$standin_log" ] && break; sleep 0.05; done
port=$(head -1 "$standin_log")

# The workspaces: a linked one for tri (bench.py's format), an empty one for the floor.
ws=$out/ws-step fws=$out/ws-floor
mkdir -p "$fws"
python3 - "$ws" <<'PY'
import sys; sys.path.insert(0, "benches")
import bench
bench.make_workspace(sys.argv[1], 0)
PY

msg="ran the tests: 412 of 412 pass"
# The environment of bench.py's online step (no pause, no per-minute/hour counts).
envs=(env -i PATH=/usr/bin:/bin HOME="$out/home" XDG_CONFIG_HOME="$out/home/.config"
  LANG=C.UTF-8 NO_COLOR=1 GH_TOKEN=bench-token-not-secret
  GITHUB_API_URL="http://127.0.0.1:$port" TRI_PUBLISH_INTERVAL_MS=0
  TRI_GITHUB_PER_MINUTE=0 TRI_GITHUB_PER_HOUR=0 REPO=bench-org/bench-repo ISSUE=42
  NOTES_DIR=notes)
step() { (cd "$ws" && "${envs[@]}" "$@" "$tri" agent step "$msg"); }
flr() { (cd "$fws" && "${envs[@]}" "$@" "$floor" "$msg"); }
step >/dev/null 2>&1 && flr >/dev/null 2>&1 || { echo "profile-step: a warm-up run failed" >&2; step; exit 1; }

total_ir() { # total_ir CALLGRIND_OUT -> instructions executed
  grep -E '^(summary|totals):' "$1" | head -1 | awk '{print $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for k in step floor; do
  for i in $(seq "$runs"); do
    f=$out/callgrind.$k.$i
    if [ $k = step ]; then
      (cd "$ws" && "${envs[@]}" valgrind --tool=callgrind --callgrind-out-file="$f" \
        "$tri" agent step "$msg" >/dev/null 2>&1)
    else
      (cd "$fws" && "${envs[@]}" valgrind --tool=callgrind --callgrind-out-file="$f" \
        "$floor" "$msg" >/dev/null 2>&1)
    fi
    total_ir "$f" >>"$out/ir.$k"
  done
done
ir_step=$(median <"$out/ir.step") ir_floor=$(median <"$out/ir.floor")
# Process start, dynamic loading and clap alone: `tri --version` (writes nothing).
(cd "$ws" && "${envs[@]}" valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.version" \
  "$tri" --version >/dev/null 2>&1)
ir_version=$(total_ir "$out/callgrind.version")
# The top inclusive functions of the step (whole file: callgrind_annotate.step.txt).
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.step.1" \
  >"$out/callgrind_annotate.step.txt"
awk -v n="$top" '/^Ir +file:function/ {on=1; next} on && /^-+$/ {next}
  on && NF {print; if (++k >= n) exit}' "$out/callgrind_annotate.step.txt" \
  >"$out/annotate-step.txt"

# System calls, one run each after the warm-up above.
(cd "$ws" && "${envs[@]}" strace -f -c -o "$out/strace-step.txt" "$tri" agent step "$msg" >/dev/null 2>&1)
(cd "$fws" && "${envs[@]}" strace -f -c -o "$out/strace-floor.txt" "$floor" "$msg" >/dev/null 2>&1)
sc() { # the calls column of strace -c for one syscall (0 when absent)
  local n; n=$(awk -v s="$2" '$NF==s {print $4}' "$1" | head -1); echo "${n:-0}"
}
{
  echo "| measure | tri agent step | floor probe | ratio |"
  echo "|---|---:|---:|---:|"
  printf '| instructions (callgrind, median of %s) | %s | %s | %.2fx |\n' "$runs" \
    "$ir_step" "$ir_floor" "$(echo "$ir_step $ir_floor" | awk '{print $1/$2}')"
  printf '| instructions of `tri --version` (process start + clap) | %s | | |\n' "$ir_version"
  for s in total fsync fdatasync openat statx flock renameat connect mmap clone3 futex; do
    a=$(sc "$out/strace-step.txt" $s) b=$(sc "$out/strace-floor.txt" $s)
    echo "| system calls: $s (strace -c -f) | $a | $b | |"
  done
} | tee "$out/summary.md"
echo
echo "Top $top inclusive functions of the step (instructions, % of the step's):"
cut -c1-160 "$out/annotate-step.txt"
