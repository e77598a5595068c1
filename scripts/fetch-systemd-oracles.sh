#!/usr/bin/env bash
# Fetch the real systemd-tmpfiles of several systemd releases from Debian's
# archive, and add the other releases from ../shared/systemd/bin (or
# $SYSTEMD_SHARED_BIN), to serve as the oracles of the conformance tests.
#
#   scripts/fetch-systemd-oracles.sh [--sources]
#
# Result (all under .cache/, which git ignores):
#   .cache/systemd/<major>/root/                 the unpacked .deb
#   .cache/systemd/<major>/systemd-tmpfiles      a wrapper that runs it
#   .cache/systemd/oracles.json                  {"<major>": {"argv": [...], ...}}
#   .cache/systemd-src/<major>/                  with --sources: the source tree
#                                                (Debian patches applied when
#                                                dpkg-source is available)
#
# Safe to re-run: what is already there with the same package version is kept.
# Needs: root or a writable .cache, apt-get, dpkg, network access to the
# Debian archive that /etc/apt/sources.list.d/ (or /etc/apt/sources.list)
# already names. Set DEBIAN_ARCHIVE to override that archive URI.
set -euo pipefail

die() { echo "fetch-systemd-oracles: error: $*" >&2; exit 1; }
note() { echo "fetch-systemd-oracles: $*" >&2; }

WANT_SOURCES=0
for arg in "$@"; do
  case "$arg" in
    --sources) WANT_SOURCES=1 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (only --sources is accepted)" ;;
  esac
done

for tool in apt-get apt-cache dpkg dpkg-deb; do
  command -v "$tool" >/dev/null || die "'$tool' not found: this script needs a Debian-like system"
done
[ "$(dpkg --print-architecture)" = amd64 ] || die "only amd64 is supported (the 257 loader path is x86-64)"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache/systemd"
SRC_CACHE="$REPO/.cache/systemd-src"
APT="$CACHE/apt"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$KEYRING" ] || die "$KEYRING missing (install debian-archive-keyring)"

# Which release comes from which suite. The sid entry is "whatever is newest".
#   major  suite
SUITES=("252 bookworm" "254 bookworm-backports" "257 trixie" "newest sid")

# --- the archive: the one this machine's apt configuration already uses ----
find_archive() {
  if [ -n "${DEBIAN_ARCHIVE:-}" ]; then echo "${DEBIAN_ARCHIVE%/}"; return; fi
  local files=() f
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -r "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 1
  # deb822 "URIs:" fields and one-line "deb URI suite" entries; keep the
  # first URI whose path ends in /debian (not debian-security, not a PPA).
  # Comment lines are skipped.
  grep -hEv '^[[:space:]]*#' "${files[@]}" \
    | grep -oE '(https?|ftp)://[^[:space:]]+' \
    | sed 's:/*$::' \
    | grep -E '/debian$' \
    | head -n1
}
ARCHIVE="$(find_archive)" || true
[ -n "$ARCHIVE" ] || die "no Debian archive URI (ending in /debian) found in /etc/apt/sources.list.d/ or /etc/apt/sources.list; set DEBIAN_ARCHIVE"
note "archive: $ARCHIVE"

# --- a private apt configuration: never touches the system's lists ---------
mkdir -p "$APT/lists/partial" "$APT/archives/partial" "$APT/debs"
LIST="$APT/sources.list"
{
  for entry in "${SUITES[@]}"; do
    suite="${entry#* }"
    echo "deb [signed-by=$KEYRING] $ARCHIVE $suite main"
    [ "$WANT_SOURCES" = 1 ] && echo "deb-src [signed-by=$KEYRING] $ARCHIVE $suite main"
  done
} > "$LIST.new"
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

note "updating the private package lists"
apt-get "${APT_OPTS[@]}" -q update >"$APT/update.log" 2>&1 \
  || { cat "$APT/update.log" >&2; die "apt-get update failed (is $ARCHIVE reachable?)"; }

# madison lines: "pkg | version | URI suite/main arch Packages"
version_in_suite() { # PKG SUITE [Packages|Sources]
  local kind="${3:-Packages}"
  apt-cache "${APT_OPTS[@]}" madison "$1" \
    | awk -F'|' -v s=" $2/main" -v k="$kind" 'index($3, s) && index($3, k) { gsub(/ /, "", $2); print $2 }' \
    | sort -V | tail -n1
}

# download PKG=VERSION into DIR (once), print the .deb path
download_deb() { # PKG VERSION
  local pkg="$1" ver="$2" dir="$APT/debs" deb
  deb="$dir/${pkg}_${ver//:/%3a}_amd64.deb"
  if [ ! -s "$deb" ]; then
    (cd "$dir" && apt-get "${APT_OPTS[@]}" -q download "$pkg=$ver" >&2) \
      || die "could not download $pkg=$ver"
  fi
  [ -s "$deb" ] || die "downloaded $pkg=$ver but $deb is missing"
  echo "$deb"
}

# unpack a .deb into DEST unless DEST/.deb-version already says VERSION
unpack_deb() { # DEB VERSION DEST
  if [ "$(cat "$3/.deb-version" 2>/dev/null || true)" != "$2" ]; then
    rm -rf "$3.tmp"; mkdir -p "$3.tmp"
    dpkg-deb -x "$1" "$3.tmp" || die "dpkg -x $1 failed"
    echo "$2" > "$3.tmp/.deb-version"
    rm -rf "$3"; mv "$3.tmp" "$3"
  fi
}

json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

declare -a JSON_ENTRIES=() SRC_FAILED=()
for entry in "${SUITES[@]}"; do
  want="${entry% *}"; suite="${entry#* }"
  ver="$(version_in_suite systemd-standalone-tmpfiles "$suite")"
  [ -n "$ver" ] || die "no systemd-standalone-tmpfiles in $suite"
  major="${ver%%.*}"; major="${major%%-*}"; major="${major#*:}"
  if [ "$want" = newest ]; then
    [ "$major" = 262 ] || note "NOTE: $suite now has systemd $major ($ver), not 262; using it as $major"
  elif [ "$major" != "$want" ]; then
    die "$suite has systemd-standalone-tmpfiles $ver, expected release $want"
  fi
  note "systemd $major: systemd-standalone-tmpfiles $ver from $suite"

  dir="$CACHE/$major"
  mkdir -p "$dir"
  unpack_deb "$(download_deb systemd-standalone-tmpfiles "$ver")" "$ver" "$dir/root"
  bin=""
  for b in usr/bin bin; do  # bookworm's package still ships it in /bin
    [ -x "$dir/root/$b/systemd-tmpfiles" ] && { bin="$dir/root/$b/systemd-tmpfiles"; break; }
  done
  [ -n "$bin" ] || die "no systemd-tmpfiles in $dir/root after unpacking"

  # Run it directly if this machine's libc is new enough, else through the
  # loader of the libc6 from the same suite (e.g. trixie's for 257).
  argv=("$bin")
  if ! "$bin" --version >/dev/null 2>&1; then
    libc_ver="$(version_in_suite libc6 "$suite")"
    [ -n "$libc_ver" ] || die "no libc6 in $suite"
    libc_dir="$CACHE/libc6-$suite"
    unpack_deb "$(download_deb libc6 "$libc_ver")" "$libc_ver" "$libc_dir"
    ld="$libc_dir/usr/lib64/ld-linux-x86-64.so.2"
    [ -e "$ld" ] || ld="$libc_dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    argv=("$ld" --library-path "$libc_dir/usr/lib/x86_64-linux-gnu" "$bin")
    note "systemd $major needs a newer libc: running it through $suite's libc6 $libc_ver"
  fi
  out="$("${argv[@]}" --version 2>&1)" || die "systemd $major does not run: $out"
  case "$out" in "systemd $major "*) ;; *) die "systemd $major --version says: ${out%%$'\n'*}" ;; esac

  # A wrapper, for people; the JSON, for programs.
  {
    echo '#!/bin/sh'
    echo "# systemd-tmpfiles $ver (Debian $suite), written by scripts/fetch-systemd-oracles.sh"
    printf 'exec'; printf " '%s'" "${argv[@]}"; echo ' "$@"'
  } > "$dir/systemd-tmpfiles"
  chmod +x "$dir/systemd-tmpfiles"

  args_json=""
  for a in "${argv[@]}"; do args_json+="${args_json:+, }$(json_str "$a")"; done
  JSON_ENTRIES+=("  $(json_str "$major"): {\"debVersion\": $(json_str "$ver"), \"suite\": $(json_str "$suite"), \"argv\": [$args_json]}")

  if [ "$WANT_SOURCES" = 1 ]; then
    sdir="$SRC_CACHE/$major"
    src_ver="$(version_in_suite systemd "$suite" Sources)"
    [ -n "$src_ver" ] || die "no systemd source package in $suite"
    # the binary's version names its source version, unless binNMU'd
    [ "$src_ver" = "$ver" ] || note "NOTE: $suite: source systemd $src_ver, binary $ver"
    if [ "$(cat "$sdir/.deb-version" 2>/dev/null || true)" != "$src_ver" ]; then
      dl="$APT/src/$major"; mkdir -p "$dl"
      if ! (cd "$dl" && apt-get "${APT_OPTS[@]}" -q source --download-only "systemd=$src_ver" >&2); then
        note "ERROR: could not download the source of systemd $src_ver from $suite (see above); going on"
        SRC_FAILED+=("$major ($src_ver, $suite)")
        continue
      fi
      dsc="$(ls "$dl"/systemd_*.dsc | head -n1)"
      rm -rf "$sdir.tmp"
      if command -v dpkg-source >/dev/null; then
        # unpack next to the .dsc (dpkg-source puts tarball links beside its target)
        rm -rf "$dl/tree"
        dpkg-source --no-check -x "$dsc" "$dl/tree" >/dev/null || die "dpkg-source -x $dsc failed"
        mkdir -p "$SRC_CACHE"; mv "$dl/tree" "$sdir.tmp"
      else
        note "dpkg-source not found (package dpkg-dev): unpacking the upstream tarball without Debian's patches"
        mkdir -p "$sdir.tmp"
        orig="$(ls "$dl"/systemd_*.orig.tar.* | head -n1)"
        tar -xf "$orig" -C "$sdir.tmp" --strip-components=1 || die "could not unpack $orig"
      fi
      echo "$src_ver" > "$sdir.tmp/.deb-version"
      rm -rf "$sdir"; mv "$sdir.tmp" "$sdir"
    fi
    for f in src/tmpfiles/tmpfiles.c man/tmpfiles.d.xml test/test-systemd-tmpfiles.py; do
      [ -e "$sdir/$f" ] || note "NOTE: systemd $major source has no $f"
    done
    note "systemd $major source: $sdir"
  fi
done

# The releases Debian does not ship (253, 255, 256, 258-261): one standalone
# ELF per release in ../shared/systemd/bin (or $SYSTEMD_SHARED_BIN), built from
# systemd's own history; they run as they are.
SHARED_BIN="${SYSTEMD_SHARED_BIN:-$REPO/../shared/systemd/bin}"
if [ -d "$SHARED_BIN" ]; then
  SHARED_BIN="$(cd "$SHARED_BIN" && pwd)"
  for bin in "$SHARED_BIN"/systemd-tmpfiles-[0-9]*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    major="${bin##*-}"
    case "$major" in *[!0-9]*) continue ;; esac
    if printf '%s\n' "${JSON_ENTRIES[@]}" | grep -q "^  \"$major\":"; then continue; fi
    out="$("$bin" --version 2>&1)" || die "systemd $major ($bin) does not run: $out"
    case "$out" in "systemd $major "*) ;; *) die "$bin --version says: ${out%%$'\n'*}" ;; esac
    JSON_ENTRIES+=("  $(json_str "$major"): {\"debVersion\": $(json_str "upstream $major"), \"suite\": \"upstream\", \"argv\": [$(json_str "$bin")]}")
    note "systemd $major: $bin"
  done
else
  note "WARNING: $SHARED_BIN is not here: only Debian's releases are oracles; 253, 255, 256 and 258-261 are not tested"
fi

{
  echo "{"
  for i in "${!JSON_ENTRIES[@]}"; do
    sep=","; [ "$i" -eq $((${#JSON_ENTRIES[@]} - 1)) ] && sep=""
    echo "${JSON_ENTRIES[$i]}$sep"
  done
  echo "}"
} > "$CACHE/oracles.json.new"
mv "$CACHE/oracles.json.new" "$CACHE/oracles.json"
note "wrote $CACHE/oracles.json"
cat "$CACHE/oracles.json"
if [ ${#SRC_FAILED[@]} -gt 0 ]; then
  # Sources are extra reading and extra test input; the binaries are what the tests need.
  echo "fetch-systemd-oracles: warning: the binaries are ready, but the source of these releases could not be fetched: ${SRC_FAILED[*]}" >&2
fi
