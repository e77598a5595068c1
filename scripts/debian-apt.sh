# Debian packages fetched without installing them: a private apt
# configuration (its own sources list, package lists and archive folder
# under .cache/, never the system's), the .debs downloaded and unpacked with
# dpkg-deb, and programs of a newer suite run through that suite's libc6
# loader when this machine's libc is too old. Sourced by
# scripts/fetch-systemd-oracles.sh, fetch-neovim.sh and fetch-emacs.sh.
#
#   APT_TOOL=fetch-thing; . scripts/debian-apt.sh
#   apt_setup DIR trixie "deb-src sid" ...         # then APT_OPTS is set
#   version_in_suite PKG SUITE [Packages|Sources]
#   program_from_suite PKG SUITE DIR BIN SKIP...   # sets RUN (argv) and ROOT
#
# The archive is the one this machine's /etc/apt already names (or
# DEBIAN_ARCHIVE). Needs apt-get, apt-cache, dpkg-deb, amd64.

die() { echo "${APT_TOOL:-debian-apt}: error: $*" >&2; exit 1; }
note() { echo "${APT_TOOL:-debian-apt}: $*" >&2; }

for tool in apt-get apt-cache dpkg dpkg-deb; do
  command -v "$tool" >/dev/null || die "'$tool' not found: this script needs a Debian-like system"
done
[ "$(dpkg --print-architecture)" = amd64 ] || die "only amd64 is supported (the loader path is x86-64)"
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$DEBIAN_KEYRING" ] || die "$DEBIAN_KEYRING missing (install debian-archive-keyring)"

# The first URI of /etc/apt whose path ends in /debian (not debian-security,
# not a PPA), from deb822 "URIs:" fields and one-line "deb URI suite"
# entries; comment lines skipped.
debian_archive() {
  if [ -n "${DEBIAN_ARCHIVE:-}" ]; then echo "${DEBIAN_ARCHIVE%/}"; return; fi
  local files=() f
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -r "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 1
  grep -hEv '^[[:space:]]*#' "${files[@]}" \
    | grep -oE '(https?|ftp)://[^[:space:]]+' \
    | sed 's:/*$::' \
    | grep -E '/debian$' \
    | head -n1
}

# apt_setup DIR [TYPE ]SUITE...: the private sources list in DIR (TYPE deb,
# the default, or deb-src; component main), its package lists updated; sets
# APT (DIR), ARCHIVE and APT_OPTS, the options every apt command here takes.
apt_setup() {
  APT="$1"; shift
  ARCHIVE="$(debian_archive)" || true
  [ -n "$ARCHIVE" ] || die "no Debian archive URI (ending in /debian) in /etc/apt/sources.list.d/ or /etc/apt/sources.list; set DEBIAN_ARCHIVE"
  mkdir -p "$APT/lists/partial" "$APT/archives/partial" "$APT/debs" "$APT/cache"
  local list="$APT/sources.list" entry
  for entry in "$@"; do
    case "$entry" in *" "*) ;; *) entry="deb $entry" ;; esac
    echo "${entry% *} [signed-by=$DEBIAN_KEYRING] $ARCHIVE ${entry#* } main"
  done > "$list.new"
  mv "$list.new" "$list"
  APT_OPTS=(
    -o "Dir::Etc::SourceList=$list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$APT/lists"
    -o "Dir::Cache=$APT/cache" -o "Dir::Cache::Archives=$APT/archives"
    # a cache of the lists' binary form, kept: without it every apt-cache call parses them again (seconds each)
    -o "Dir::Cache::pkgcache=$APT/cache/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$APT/cache/srcpkgcache.bin"
    -o "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
    -o "APT::Sandbox::User=root"
  )
  note "updating the private package lists ($ARCHIVE: $*)"
  apt-get "${APT_OPTS[@]}" -q update >"$APT/update.log" 2>&1 \
    || { cat "$APT/update.log" >&2; die "apt-get update failed (is $ARCHIVE reachable?)"; }
}

# madison lines: "pkg | version | URI suite/main arch Packages"
version_in_suite() { # PKG SUITE [Packages|Sources]
  apt-cache "${APT_OPTS[@]}" madison "$1" \
    | awk -F'|' -v s=" $2/main" -v k="${3:-Packages}" 'index($3, s) && index($3, k) { gsub(/ /, "", $2); print $2 }' \
    | sort -V | tail -n1
}

# the first alternative of each dependency of PKG=VERSION, names only
depends_of() { # PKG VERSION
  apt-cache "${APT_OPTS[@]}" show "$1=$2" 2>/dev/null \
    | awk '/^Depends:/ { sub(/^Depends: */, ""); n = split($0, d, ","); for (i = 1; i <= n; i++) { split(d[i], alt, "|"); sub(/^ */, "", alt[1]); sub(/[ (:].*/, "", alt[1]); print alt[1] } exit }'
}

# download PKG=VERSION into $APT/debs (once), print the .deb's path
download_deb() { # PKG VERSION
  local base="$APT/debs/${1}_${2//:/%3a}" deb
  deb="$(ls "${base}"_*.deb 2>/dev/null | head -n1 || true)"
  if [ ! -s "$deb" ]; then
    (cd "$APT/debs" && apt-get "${APT_OPTS[@]}" -q download "$1=$2" >&2) || die "could not download $1=$2"
    deb="$(ls "${base}"_*.deb 2>/dev/null | head -n1 || true)"
  fi
  [ -s "$deb" ] || die "downloaded $1=$2 but no ${base}_*.deb is there"
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

# SUITE's libc6 unpacked under DIR/libc6-SUITE; sets LIBC_LD (its loader)
# and LIBC_LIBS (its library folder)
libc_loader() { # SUITE DIR
  local ver dir="$2/libc6-$1"
  ver="$(version_in_suite libc6 "$1")"
  [ -n "$ver" ] || die "no libc6 in $1"
  unpack_deb "$(download_deb libc6 "$ver")" "$ver" "$dir"
  LIBC_LIBS="$dir/usr/lib/x86_64-linux-gnu"
  LIBC_LD="$dir/usr/lib64/ld-linux-x86-64.so.2"
  [ -e "$LIBC_LD" ] || LIBC_LD="$LIBC_LIBS/ld-linux-x86-64.so.2"
  [ -e "$LIBC_LD" ] || die "no loader in $1's libc6 $ver"
  note "running $1's programs through its libc6 $ver"
}

# program_from_suite PKG SUITE DIR BIN [SKIP...]: PKG and everything it
# depends on in SUITE (first alternatives; libc6 and the packages SKIP names
# left out) unpacked into DIR/root, kept while the versions are the same.
# Sets ROOT (DIR/root), MANIFEST ("pkg=version ...") and RUN, the argv that
# runs ROOT/BIN: directly with the unpacked libraries, or through the
# suite's libc6 loader if this machine's libc is too old for it.
program_from_suite() {
  local pkg="$1" suite="$2" dir="$3" bin="$4" p ver dep pv stamp
  shift 4
  mkdir -p "$dir"
  # The package lists as they are now: unchanged since the last run, the
  # dependencies need not be resolved again.
  stamp="$( (cd "$APT/lists" && ls -l --time-style=+%s -- *_Packages* 2>/dev/null | awk '{ print $5, $6, $7 }'; echo "$pkg $suite $*") | md5sum | cut -d' ' -f1)"
  if [ "$(cat "$dir/.lists" 2>/dev/null || true)" = "$stamp" ] && [ -s "$dir/.manifest" ]; then
    MANIFEST="$(cat "$dir/.manifest")"
  else
    rm -f "$dir/.lists"
    local -A seen=([libc6]=1)
    for p in "$@"; do seen[$p]=1; done
    local queue=("$pkg")
    MANIFEST=""
    while [ ${#queue[@]} -gt 0 ]; do
      p="${queue[0]}"; queue=("${queue[@]:1}")
      [ -n "${seen[$p]:-}" ] && continue
      seen[$p]=1
      ver="$(version_in_suite "$p" "$suite")"
      [ -n "$ver" ] || die "no $p in $suite"
      MANIFEST+="$p=$ver "
      while read -r dep; do [ -n "$dep" ] && queue+=("$dep"); done < <(depends_of "$p" "$ver")
    done
  fi
  if [ "$(cat "$dir/.manifest" 2>/dev/null || true)" != "$MANIFEST" ] || [ ! -d "$dir/root" ]; then
    rm -rf "$dir/root.tmp"; mkdir -p "$dir/root.tmp"
    for pv in $MANIFEST; do
      dpkg-deb -x "$(download_deb "${pv%%=*}" "${pv#*=}")" "$dir/root.tmp" || die "dpkg -x $pv failed"
    done
    rm -rf "$dir/root"; mv "$dir/root.tmp" "$dir/root"
    echo "$MANIFEST" > "$dir/.manifest"
  fi
  echo "$stamp" > "$dir/.lists"
  ROOT="$dir/root"
  [ -x "$ROOT/$bin" ] || die "no $bin in $ROOT"
  local libs="$ROOT/usr/lib/x86_64-linux-gnu"
  RUN=(env LD_LIBRARY_PATH="$libs" "$ROOT/$bin")
  if ! "${RUN[@]}" --version >/dev/null 2>&1; then
    libc_loader "$suite" "$(dirname "$dir")"
    RUN=("$LIBC_LD" --library-path "$libs:$LIBC_LIBS:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu" "$ROOT/$bin")
  fi
}

# write_wrapper FILE COMMENT [NAME=VALUE...]: a shell script that exports the
# settings and runs RUN with its arguments
write_wrapper() {
  local file="$1" comment="$2" kv
  shift 2
  {
    echo '#!/bin/sh'
    echo "# $comment"
    for kv in "$@"; do echo "${kv%%=*}='${kv#*=}'; export ${kv%%=*}"; done
    printf 'exec'; printf " '%s'" "${RUN[@]}"; echo ' "$@"'
  } > "$file.new"
  chmod +x "$file.new"
  mv "$file.new" "$file"
}
