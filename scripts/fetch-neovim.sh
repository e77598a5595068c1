#!/usr/bin/env bash
# Fetch Neovim from Debian's archive, newer than the 0.7 that Debian 12 ships,
# for scripts/test-editors.sh: trixie's 0.10 and sid's newest (0.11 or later),
# each with the libraries it links and, when this machine's libc is too old,
# that suite's libc6, whose loader then runs it.
#
#   scripts/fetch-neovim.sh [SUITE...]        (default: trixie sid)
#
# Result (under .cache/, which git ignores):
#   .cache/neovim/<suite>/root/     the unpacked .debs (neovim, neovim-runtime
#                                   and what they depend on, libc6 aside)
#   .cache/neovim/<suite>/nvim      a wrapper that runs that suite's nvim
#
# Safe to re-run: packages already unpacked at the same version are kept.
# Needs apt-get, dpkg and the Debian archive that /etc/apt names (or
# DEBIAN_ARCHIVE), like scripts/fetch-systemd-oracles.sh, whose private apt
# configuration (never the system's) this copies.
set -euo pipefail

die() { echo "fetch-neovim: error: $*" >&2; exit 1; }
note() { echo "fetch-neovim: $*" >&2; }

SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(trixie sid)
for tool in apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null || die "'$tool' not found: this script needs a Debian-like system"
done
[ "$(dpkg --print-architecture)" = amd64 ] || die "only amd64 is supported"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache/neovim"
APT="$CACHE/apt"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$KEYRING" ] || die "$KEYRING missing (install debian-archive-keyring)"

ARCHIVE="${DEBIAN_ARCHIVE:-}"
if [ -z "$ARCHIVE" ]; then
  ARCHIVE="$(grep -hEv '^[[:space:]]*#' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
    | grep -oE '(https?|ftp)://[^[:space:]]+' | sed 's:/*$::' | grep -E '/debian$' | head -n1 || true)"
fi
[ -n "$ARCHIVE" ] || die "no Debian archive URI (ending in /debian) in /etc/apt; set DEBIAN_ARCHIVE"
ARCHIVE="${ARCHIVE%/}"

mkdir -p "$APT/lists/partial" "$APT/archives/partial" "$APT/debs"
LIST="$APT/sources.list"
for suite in "${SUITES[@]}"; do echo "deb [signed-by=$KEYRING] $ARCHIVE $suite main"; done > "$LIST.new"
mv "$LIST.new" "$LIST"
APT_OPTS=(
  -o "Dir::Etc::SourceList=$LIST"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$APT/lists"
  -o "Dir::Cache::Archives=$APT/archives"
  -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
  -o "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
  -o "APT::Sandbox::User=root"
)
note "updating the private package lists ($ARCHIVE: ${SUITES[*]})"
apt-get "${APT_OPTS[@]}" -q update >"$APT/update.log" 2>&1 \
  || { cat "$APT/update.log" >&2; die "apt-get update failed (is $ARCHIVE reachable?)"; }

version_in_suite() { # PKG SUITE
  apt-cache "${APT_OPTS[@]}" madison "$1" \
    | awk -F'|' -v s=" $2/main" 'index($3, s) && index($3, "Packages") { gsub(/ /, "", $2); print $2 }' \
    | sort -V | tail -n1
}
# the first alternative of each dependency of PKG=VERSION, names only
depends_of() { # PKG VERSION
  apt-cache "${APT_OPTS[@]}" show "$1=$2" 2>/dev/null \
    | awk '/^Depends:/ { sub(/^Depends: */, ""); n = split($0, d, ","); for (i = 1; i <= n; i++) { split(d[i], alt, "|"); sub(/^ */, "", alt[1]); sub(/[ (:].*/, "", alt[1]); print alt[1] } exit }'
}
download_deb() { # PKG VERSION
  local base="$APT/debs/${1}_${2//:/%3a}" deb
  deb="$(ls "${base}"_*.deb 2>/dev/null | head -n1 || true)"
  if [ ! -s "$deb" ]; then
    (cd "$APT/debs" && apt-get "${APT_OPTS[@]}" -q download "$1=$2" >&2) || die "could not download $1=$2"
    deb="$(ls "${base}"_*.deb 2>/dev/null | head -n1 || true)"
  fi
  [ -s "$deb" ] || die "downloaded $1=$2 but $deb is missing"
  echo "$deb"
}

# The package lists as they are now: when they have not changed since a
# suite was unpacked and its wrapper runs, there is nothing to resolve again.
LISTS_STAMP="$(cd "$APT/lists" && ls -l --time-style=+%s -- *_Packages* 2>/dev/null | awk '{ print $5, $6, $7 }' | md5sum | cut -d' ' -f1)"

for suite in "${SUITES[@]}"; do
  dir="$CACHE/$suite"
  mkdir -p "$dir"
  if [ "$(cat "$dir/.lists" 2>/dev/null || true)" = "$LISTS_STAMP" ] && out="$("$dir/nvim" --version 2>&1)"; then
    note "$suite: ${out%%$'\n'*} (unchanged): $dir/nvim"
    continue
  fi
  rm -f "$dir/.lists"
  # neovim and everything it needs from the suite, except libc6 (below) and
  # what every Debian system has anyway
  declare -A seen=([libc6]=1 [libgcc-s1]=1 [gcc-14-base]=1 [gcc-15-base]=1)
  queue=(neovim) manifest=""
  while [ ${#queue[@]} -gt 0 ]; do
    pkg="${queue[0]}"; queue=("${queue[@]:1}")
    [ -n "${seen[$pkg]:-}" ] && continue
    seen[$pkg]=1
    ver="$(version_in_suite "$pkg" "$suite")"
    [ -n "$ver" ] || die "no $pkg in $suite"
    manifest+="$pkg=$ver "
    while read -r dep; do [ -n "$dep" ] && queue+=("$dep"); done < <(depends_of "$pkg" "$ver")
  done
  unset seen
  if [ "$(cat "$dir/.manifest" 2>/dev/null || true)" != "$manifest" ]; then
    rm -rf "$dir/root.tmp"; mkdir -p "$dir/root.tmp"
    for pv in $manifest; do
      deb="$(download_deb "${pv%%=*}" "${pv#*=}")"
      dpkg-deb -x "$deb" "$dir/root.tmp" || die "dpkg -x ${pv} failed"
    done
    rm -rf "$dir/root"; mv "$dir/root.tmp" "$dir/root"
    echo "$manifest" > "$dir/.manifest"
  fi
  root="$dir/root"
  libs="$root/usr/lib/x86_64-linux-gnu"
  [ -x "$root/usr/bin/nvim" ] || die "no nvim in $root"

  # Directly with this machine's libc if it is new enough, else through the
  # loader of the suite's libc6.
  run=(env LD_LIBRARY_PATH="$libs" "$root/usr/bin/nvim")
  if ! "${run[@]}" --version >/dev/null 2>&1; then
    libc_ver="$(version_in_suite libc6 "$suite")"
    [ -n "$libc_ver" ] || die "no libc6 in $suite"
    libc_dir="$CACHE/libc6-$suite"
    if [ "$(cat "$libc_dir/.deb-version" 2>/dev/null || true)" != "$libc_ver" ]; then
      rm -rf "$libc_dir.tmp"; mkdir -p "$libc_dir.tmp"
      deb="$(download_deb libc6 "$libc_ver")"
      dpkg-deb -x "$deb" "$libc_dir.tmp" || die "dpkg -x libc6 failed"
      echo "$libc_ver" > "$libc_dir.tmp/.deb-version"
      rm -rf "$libc_dir"; mv "$libc_dir.tmp" "$libc_dir"
    fi
    ld="$libc_dir/usr/lib64/ld-linux-x86-64.so.2"
    [ -e "$ld" ] || ld="$libc_dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    run=("$ld" --library-path "$libs:$libc_dir/usr/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu" "$root/usr/bin/nvim")
    note "$suite's neovim needs a newer libc: running it through $suite's libc6 $libc_ver"
  fi
  # Neovim finds its runtime next to the binary's prefix only when installed
  # as /usr; say where it is.
  {
    echo '#!/bin/sh'
    echo "# Neovim from Debian $suite ($manifest), written by scripts/fetch-neovim.sh"
    echo "VIMRUNTIME='$root/usr/share/nvim/runtime'; export VIMRUNTIME"
    printf 'exec'; printf " '%s'" "${run[@]}"; echo ' "$@"'
  } > "$dir/nvim"
  chmod +x "$dir/nvim"
  out="$("$dir/nvim" --version 2>&1)" || die "$suite's nvim does not run: $out"
  echo "$LISTS_STAMP" > "$dir/.lists"
  note "$suite: ${out%%$'\n'*}: $dir/nvim"
done
