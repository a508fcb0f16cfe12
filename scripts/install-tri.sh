#!/bin/sh
# Installs a released tri binary for this machine: downloads the archive cargo-dist published
# for the platform (tri-<target>.tar.gz, .zip on Windows), checks it against its .sha256 and,
# where the GitHub CLI `gh` is present and logged in, against the release's GitHub artifact
# attestation (`gh attestation verify`: built by the repository's own release workflow), and
# puts tri in <root>/bin. When the release has no archive for the platform (HTTP 404),
# it builds tri from source with `cargo install --locked` instead. POSIX sh; needs curl, tar
# (unzip or PowerShell on Windows) and sha256sum, shasum or openssl. action.yml runs it; the
# tests run it against a local HTTP stand-in (tests/install_script.rs), with stub `cargo` and
# `gh` commands first on PATH: the script has no test hook.
#
#   scripts/install-tri.sh [--version vX.Y.Z|latest] [--root DIR]   # install
#   scripts/install-tri.sh --plan [--version ...]                      # print version=, target=,
#                                                                      # cacheable= and root= lines
#
# Environment (flags win):
#   TRI_VERSION            the release to install: vX.Y.Z (or X.Y.Z, with an optional
#                          pre-release such as -rc.1) or `latest`. Default: the
#                          version in $TRI_SOURCE_DIR/Cargo.toml when there is one, else latest.
#   TRI_INSTALL_ROOT       where to install: tri goes in $TRI_INSTALL_ROOT/bin (default ~/.tri)
#   TRI_REPO               OWNER/NAME of tri's GitHub repository (default: from the action's
#                          checkout path .../_actions/OWNER/NAME/REF, else OWNER/tri)
#   TRI_INSTALL_BASE_URL   where releases are (default https://github.com/$TRI_REPO/releases):
#                          archives are at $BASE/download/<version>/<file>, or
#                          $BASE/latest/download/<file> for `latest`. https:// only (curl
#                          --proto '=https' --proto-redir '=https'), except plain http:// to
#                          127.0.0.1 or localhost, a mirror or stand-in on this machine
#   TRI_TARGET             the Rust target triple to install (default: this machine's)
#   TRI_SOURCE_DIR         a checkout of tri to build from when no archive matches (the action
#                          passes its own directory); else `cargo install --git` at TRI_REF
#   TRI_REF                the git ref for that build (default: the version's tag)
#   TRI_NO_FALLBACK=1      fail instead of building from source
#
# Exit status: 0 installed (the last line of stdout says where); 1 with one line on stderr
# saying what failed and what to do (a checksum mismatch or a failed attestation installs
# nothing). On stderr it says whether the attestation was verified, and why not when not.
set -eu

me=install-tri
die() {
  printf '%s: error: %s\n' "$me" "$*" >&2
  exit 1
}
say() { printf '%s: %s\n' "$me" "$*" >&2; }
# A value as it may be shown in a one-line message: anything but [A-Za-z0-9._/:-] as '?'.
shown() { printf '%s' "$1" | tr -c 'A-Za-z0-9._/:-' '?'; }

plan=0
version=${TRI_VERSION:-}
root=${TRI_INSTALL_ROOT:-}
while [ $# -gt 0 ]; do
  case $1 in
    --plan) plan=1 ;;
    --version) [ $# -ge 2 ] || die "--version needs a value (vX.Y.Z or latest)"; version=$2; shift ;;
    --version=*) version=${1#--version=} ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root=$2; shift ;;
    --root=*) root=${1#--root=} ;;
    -h|--help) sed -n '2,/^set -eu$/{/^set -eu$/d;p;}' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

repo=${TRI_REPO:-}
if [ -z "$repo" ]; then
  # Inside an action run, the runner checks the action out at .../_actions/OWNER/NAME/REF.
  case ${GITHUB_ACTION_PATH:-} in
    */_actions/*/*/*)
      p=${GITHUB_ACTION_PATH#*/_actions/}
      owner=${p%%/*}; p=${p#*/}; repo=$owner/${p%%/*} ;;
  esac
fi
[ -n "$repo" ] || repo=OWNER/tri
# OWNER/NAME goes into URLs: GitHub's characters only.
case $repo in
  */*/*|/*|*/|*[!A-Za-z0-9._/-]*) die "TRI_REPO '$(shown "$repo")' is not OWNER/NAME" ;;
  */*) ;;
  *) die "TRI_REPO '$(shown "$repo")' is not OWNER/NAME" ;;
esac
base=${TRI_INSTALL_BASE_URL:-https://github.com/$repo/releases}
base=${base%/}
# curl may speak https only, also after a redirect. The one exception: plain http to this
# machine's loopback (127.0.0.1 or localhost, no user part), where nothing on the network
# can read or change the download; the tests' release stand-in is served that way, and the
# sha256 and the attestation are checked all the same.
proto='=https'
case $base in
  *@*) ;;
  http://127.0.0.1|http://127.0.0.1[:/]*|http://localhost|http://localhost[:/]*) proto='=http,https' ;;
esac
case $base in
  https://*) ;;
  http://*) [ "$proto" != '=https' ] || die "TRI_INSTALL_BASE_URL '$(shown "$base")' is not https:// (plain http only to 127.0.0.1 or localhost)" ;;
  *) die "TRI_INSTALL_BASE_URL '$(shown "$base")' is not an https:// URL" ;;
esac
src=${TRI_SOURCE_DIR:-}

# The Rust target triple of this machine (the five cargo-dist builds; dist-workspace.toml).
detect_target() {
  os=$(uname -s 2>/dev/null || echo unknown)
  arch=$(uname -m 2>/dev/null || echo unknown)
  case $arch in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
  esac
  case $os in
    Linux) echo "$arch-unknown-linux-gnu" ;;
    Darwin)
      # An x86_64 shell under Rosetta on Apple silicon still gets the native build.
      if [ "$arch" = x86_64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then
        arch=aarch64
      fi
      echo "$arch-apple-darwin" ;;
    MINGW*|MSYS*|CYGWIN*|Windows_NT) echo "$arch-pc-windows-msvc" ;;
    *) echo "$arch-unknown-$os" ;;
  esac
}
target=${TRI_TARGET:-$(detect_target)}
case $target in
  ''|*[!A-Za-z0-9._-]*) die "target '$(shown "$target")' is not a Rust target triple" ;;
esac

# The version: the flag or TRI_VERSION, else the action's own Cargo.toml, else latest.
if [ -z "$version" ] && [ -n "$src" ] && [ -f "$src/Cargo.toml" ]; then
  v=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$src/Cargo.toml" | head -n 1)
  [ -n "$v" ] && version=v$v
fi
[ -n "$version" ] || version=latest
# The version goes into a URL and a path: `latest` or a semantic version, v?MAJOR.MINOR.PATCH
# with an optional pre-release (-rc.1), checked before it is used (semver.org's grammar, less
# build metadata, which release tags do not carry).
valid_version() {
  case $1 in
    *[!0-9A-Za-z.-]*|'') return 1 ;;
  esac
  printf '%s\n' "$1" | grep -Eqx 'v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?'
}
case $version in
  latest) ;;
  *)
    valid_version "$version" || die "version '$(shown "$version")' is not vX.Y.Z (optionally -pre.release) or latest"
    version=v${version#v} ;;
esac

case $target in
  *-pc-windows-*) archive=tri-$target.zip; exe=tri.exe ;;
  *) archive=tri-$target.tar.gz; exe=tri ;;
esac
[ -n "$root" ] || root=${HOME:?set HOME or --root}/.tri

if [ "$plan" = 1 ]; then
  cacheable=true
  [ "$version" = latest ] && cacheable=false
  printf 'version=%s\ntarget=%s\ncacheable=%s\nroot=%s\n' "$version" "$target" "$cacheable" "$root"
  exit 0
fi

command -v curl >/dev/null 2>&1 || die "curl is needed to download tri; install curl and run again"

if [ "$version" = latest ]; then
  url=$base/latest/download/$archive
else
  url=$base/download/$version/$archive
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t tri-install)
trap 'rm -rf "$tmp"' EXIT INT TERM

# fetch URL FILE: prints the HTTP status (000 when there was no answer); curl's own errors
# go to stderr.
fetch() {
  curl --proto "$proto" --proto-redir '=https' -sSL --retry 3 --retry-delay 1 --connect-timeout 20 -o "$2" -w '%{http_code}' "$1" 2>"$tmp/curl.err" || true
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 "$1" | sed 's/.*= *//'
  else die "no sha256sum, shasum or openssl to check the download with; install one and run again"
  fi
}

fallback() {
  if [ "${TRI_NO_FALLBACK:-}" = 1 ]; then
    die "no tri release archive at $url ($1) and TRI_NO_FALLBACK=1; pick a released --version"
  fi
  if [ -n "$src" ] && [ -f "$src/Cargo.toml" ]; then
    say "no release archive at $url ($1); building tri from $src with cargo install --locked"
    set -- install --locked --force --root "$root" --path "$src"
  else
    ref=${TRI_REF:-}
    if [ -n "$ref" ]; then
      set -- --rev "$ref"
    elif [ "$version" != latest ]; then
      set -- --tag "$version"
    else
      set --
    fi
    say "no release archive at $url; building tri from https://github.com/$repo with cargo install --locked $*"
    set -- install --locked --force --root "$root" --git "https://github.com/$repo" "$@" tri
  fi
  command -v cargo >/dev/null 2>&1 || die "no release archive for $target at $version, and no cargo to build tri with; install Rust (https://rustup.rs) or pick a released --version"
  cargo "$@" >&2 || die "cargo install failed (see above); pick a released --version or fix the build"
  [ -x "$root/bin/$exe" ] || die "cargo install did not leave $root/bin/$exe"
  printf 'installed tri %s (built from source) to %s\n' "$version" "$root/bin/$exe"
  exit 0
}

code=$(fetch "$url" "$tmp/$archive")
case $code in
  200) ;;
  404) fallback "HTTP 404" ;;
  000) die "cannot download $url: $(head -n 1 "$tmp/curl.err")" ;;
  *) die "cannot download $url: HTTP $code" ;;
esac

code=$(fetch "$url.sha256" "$tmp/$archive.sha256")
[ "$code" = 200 ] || die "no checksum at $url.sha256 (HTTP $code); refusing to install an unchecked download"
# Its first line as sha256sum writes it: 64 hex digits, then the end of the line or a space
# and the file name. Like `sha256sum -c`, either case of hex is accepted (compared in lower
# case); anything else (fewer or more digits, other characters) is refused, not guessed at.
expected=$(head -n 1 "$tmp/$archive.sha256" | grep -Ex '[0-9a-fA-F]{64}([[:space:]].*)?' | cut -c 1-64 | tr 'A-F' 'a-f')
[ -n "$expected" ] || die "$url.sha256 is not a sha256 line (64 hex digits, then the file name); refusing to install an unchecked download"
actual=$(sha256_of "$tmp/$archive")
[ "$actual" = "$expected" ] || die "checksum mismatch for $archive: expected sha256 $expected, got $actual; nothing installed (download again, or report it)"

# The release's GitHub artifact attestation (cargo-dist's github-attestations): proof that
# the archive was built by $repo's release workflow, which a sha256 beside the archive cannot
# give. Needs the GitHub CLI, logged in (GH_TOKEN, or `gh auth login`); without it, say so.
if ! command -v gh >/dev/null 2>&1; then
  say "attestation not verified: no gh (GitHub CLI) on PATH; only the sha256 was checked"
elif [ -z "${GH_TOKEN:-}${GITHUB_TOKEN:-}" ] && ! gh auth token >/dev/null 2>&1; then
  say "attestation not verified: gh is not logged in (set GH_TOKEN or run gh auth login); only the sha256 was checked"
elif gh attestation verify "$tmp/$archive" --repo "$repo" >"$tmp/gh.out" 2>&1; then
  say "attestation verified: $archive was built by $repo's release workflow"
else
  die "attestation of $archive not verified by gh attestation verify --repo $repo ($(tail -n 1 "$tmp/gh.out")); nothing installed"
fi

mkdir -p "$tmp/x"
case $archive in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$tmp/$archive" -d "$tmp/x" || die "cannot unpack $archive"
    else
      wa=$tmp/$archive wx=$tmp/x
      if command -v cygpath >/dev/null 2>&1; then wa=$(cygpath -w "$wa"); wx=$(cygpath -w "$wx"); fi
      powershell.exe -NoProfile -Command "Expand-Archive -LiteralPath '$wa' -DestinationPath '$wx'" >/dev/null \
        || die "cannot unpack $archive (no unzip; PowerShell's Expand-Archive failed)"
    fi
    dir=$tmp/x ;;
  *)
    tar -xzf "$tmp/$archive" -C "$tmp/x" || die "cannot unpack $archive"
    dir=$tmp/x/tri-$target ;;
esac
[ -f "$dir/$exe" ] || die "$archive holds no $exe where cargo-dist puts it; report it"

mkdir -p "$root/bin" || die "cannot create $root/bin"
if ! { cp "$dir/$exe" "$root/bin/.$exe.new" && chmod 755 "$root/bin/.$exe.new" && mv -f "$root/bin/.$exe.new" "$root/bin/$exe"; }; then
  die "cannot write $root/bin/$exe"
fi
for extra in completions man; do
  if [ -d "$dir/$extra" ]; then
    mkdir -p "$root/share/tri" && rm -rf "$root/share/tri/$extra" && cp -R "$dir/$extra" "$root/share/tri/$extra"
  fi
done
printf 'installed tri %s (%s, sha256 %s) to %s\n' "$version" "$target" "$actual" "$root/bin/$exe"
