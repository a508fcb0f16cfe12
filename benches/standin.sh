# Sourced by the bench scripts (fsync_count.sh, perf_stat.sh, perf_where.sh): makes a
# temporary directory `$work` (removed on exit), starts the local GitHub stand-in
# (benches/github_standin.py, killed on exit) and sets `$port` once it listens.
work=$(mktemp -d)
python3 benches/github_standin.py 0 >"$work/port" &
standin=$!
trap 'kill $standin 2>/dev/null; rm -rf "$work"' EXIT
until [ -s "$work/port" ]; do sleep 0.05; done # the stand-in prints its port once listening
port=$(head -1 "$work/port")
