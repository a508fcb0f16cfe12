#!/usr/bin/env bash
# Where a published step's CPU goes, by sampling (docs/BENCHMARKS.md, "Where the CPU goes,
# kernel included"): `perf record` over N published steps (against benches/github_standin.py)
# and over N floor probes (benches/floor.rs), then, for each, the share of samples by object
# (kernel, tri, the dynamic loader, libc) and the top symbols. Unlike callgrind
# (benches/profile-step.sh), this sees the kernel: page faults, file creation, fsync.
# Shares of samples move little with the machine's load; absolute times are not printed.
#
# Usage: benches/perf_where.sh [-n N] [--top K] [TRI [FLOOR]]
#   TRI    default target/release/tri (cargo build --release --bin tri)
#   FLOOR  default target/release/examples/floor (cargo build --release --example floor)
# Needs: perf (Debian `linux-perf`) and permission to sample the kernel
# (/proc/sys/kernel/perf_event_paranoid <= 1, or root).
set -euo pipefail
cd "$(dirname "$0")/.."
n=150 top=25
while [ $# -gt 0 ]; do
  case $1 in -n) n=$2; shift 2 ;; --top) top=$2; shift 2 ;; *) break ;; esac
done
command -v perf >/dev/null || { echo "perf_where: perf is missing: sudo apt-get install linux-perf" >&2; exit 1; }
tri=${1:-}
floor=${2:-}
if [ -z "$tri" ]; then cargo build --release --quiet --bin tri; tri=$(scripts/target-dir.sh)/release/tri; fi
if [ -z "$floor" ]; then cargo build --release --quiet --example floor; floor=$(scripts/target-dir.sh)/release/examples/floor; fi
tri=$(realpath "$tri") floor=$(realpath "$floor")

. benches/standin.sh # $work, $port: the GitHub stand-in
python3 - "$work/ws" <<'PY'
import sys; sys.path.insert(0, "benches")
import bench
bench.make_workspace(sys.argv[1], 0)
PY
mkdir -p "$work/fws" "$work/home"
# bench.py's online step: no pause between requests, no per-minute/hour budgets.
envs="env -i PATH=/usr/bin:/bin HOME=$work/home XDG_CONFIG_HOME=$work/home/.config LANG=C.UTF-8"
envs+=" NO_COLOR=1 GH_TOKEN=bench-token-not-secret GITHUB_API_URL=http://127.0.0.1:$port"
envs+=" TRI_PUBLISH_INTERVAL_MS=0 TRI_GITHUB_PER_MINUTE=0 TRI_GITHUB_PER_HOUR=0"
envs+=" REPO=bench-org/bench-repo ISSUE=42 NOTES_DIR=notes" # the floor's settings
cat >"$work/loop.sh" <<EOF
cd "$work/ws"; for i in \$(seq $n); do $envs "$tri" agent step "step \$i" >/dev/null; done
cd "$work/fws"; for i in \$(seq $n); do $envs "$floor" "step \$i" >/dev/null; done
EOF
perf record -q -F 10000 -o "$work/perf.data" -- bash -e "$work/loop.sh" >/dev/null ||
  { echo "perf_where: a run failed (perf record, or a step or floor run)" >&2; exit 1; }

for comm in "$(basename "$tri")" "$(basename "$floor")"; do
  samples=$(perf script -i "$work/perf.data" --comm "$comm" -F ip 2>/dev/null | wc -l)
  echo "== $comm: $samples samples over $n runs (the process's own threads named after it)"
  echo "-- by object"
  perf script -i "$work/perf.data" --comm "$comm" -F ip,dso 2>/dev/null |
    sed 's/.*(\(.*\)).*/\1/' | sort | uniq -c | sort -rn |
    awk -v t="$samples" '{printf "%6.1f%%  %s\n", 100*$1/t, $2}' | head -8
  echo "-- top $top symbols"
  perf script -i "$work/perf.data" --comm "$comm" -F ip,sym 2>/dev/null |
    sed 's/^ *[0-9a-f]* //' | sort | uniq -c | sort -rn |
    awk -v t="$samples" '{c=$1; $1=""; printf "%6.1f%% %s\n", 100*c/t, $0}' | head -"$top"
  echo "-- ext4 inode allocation (recently_deleted, find_inode_bit, find_get_block_common, ext4_get_group_desc)"
  perf script -i "$work/perf.data" --comm "$comm" -F ip,sym 2>/dev/null |
    grep -cE 'recently_deleted|find_inode_bit|find_get_block_common|ext4_get_group_desc' |
    awk -v t="$samples" '{printf "%6.1f%%\n", 100*$1/t}'
  echo "-- page faults (exc_page_fault, __handle_mm_fault, filemap_map_pages, next_uptodate_folio, set_pte_range, folio_add_file_rmap_ptes, clear_page_erms)"
  perf script -i "$work/perf.data" --comm "$comm" -F ip,sym 2>/dev/null |
    grep -cE 'exc_page_fault|__handle_mm_fault|filemap_map_pages|next_uptodate_folio|set_pte_range|folio_add_file_rmap_ptes|clear_page_erms' |
    awk -v t="$samples" '{printf "%6.1f%%\n", 100*$1/t}'
done
