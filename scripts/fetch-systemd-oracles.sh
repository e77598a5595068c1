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

APT_TOOL=fetch-systemd-oracles
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"

WANT_SOURCES=0
for arg in "$@"; do
  case "$arg" in
    --sources) WANT_SOURCES=1 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (only --sources is accepted)" ;;
  esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache/systemd"
SRC_CACHE="$REPO/.cache/systemd-src"
APT="$CACHE/apt"

# Which release comes from which suite. The sid entry is "whatever is newest".
#   major  suite
SUITES=("252 bookworm" "254 bookworm-backports" "257 trixie" "newest sid")

# --- a private apt configuration (scripts/debian-apt.sh): never the system's
entries=()
for entry in "${SUITES[@]}"; do
  entries+=("${entry#* }")
  [ "$WANT_SOURCES" = 1 ] && entries+=("deb-src ${entry#* }")
done
apt_setup "$APT" "${entries[@]}"

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
    libc_loader "$suite" "$CACHE"
    argv=("$LIBC_LD" --library-path "$LIBC_LIBS" "$bin")
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
