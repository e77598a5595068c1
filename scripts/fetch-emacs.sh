#!/usr/bin/env bash
# Fetch Emacs (emacs-nox, eglot built in) from Debian's archive for
# scripts/test-editors.sh: trixie's 30 by default, with the libraries it
# links and, when this machine's libc is too old, that suite's libc6, whose
# loader then runs it (scripts/debian-apt.sh: a private apt configuration,
# never the system's).
#
#   scripts/fetch-emacs.sh [SUITE...]        (default: trixie)
#
# Result (under .cache/, which git ignores):
#   .cache/emacs/<suite>/root/     the unpacked .debs
#   .cache/emacs/<suite>/emacs     a wrapper that runs that suite's emacs
#
# Safe to re-run: packages already unpacked at the same version are kept.
set -euo pipefail
APT_TOOL=fetch-emacs
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"

SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(trixie)
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache/emacs"
apt_setup "$CACHE/apt" "${SUITES[@]}"

for suite in "${SUITES[@]}"; do
  # Left out: what every Debian system has anyway; the Lisp sources
  # (emacs-el: the compiled files are in emacs-common); what only the
  # package's install scripts use; and the compiler that native compilation
  # of new Lisp runs (binutils, libc6-dev, libgcc-14-dev), which the wrapper
  # turns off.
  program_from_suite emacs-nox "$suite" "$CACHE/$suite" usr/bin/emacs-nox \
    libgcc-s1 gcc-14-base gcc-15-base emacs-el emacsen-common install-info init-system-helpers \
    binutils libc6-dev libgcc-14-dev libgcc-15-dev
  # Emacs looks for its Lisp, data, helpers and dump at the paths it was
  # built for (/usr/...): say where they are. Native compilation of Lisp
  # that has no compiled form would need the compiler left out above.
  version="$(cd "$ROOT/usr/share/emacs" && ls -d [0-9]* | sort -V | tail -n1)"
  share="$ROOT/usr/share/emacs/$version" libexec="$ROOT/usr/libexec/emacs/$version/x86_64-linux-gnu"
  dump="$(ls "$libexec"/*.pdmp 2>/dev/null | head -n1)"
  [ -n "$dump" ] || die "no dump file (.pdmp) in $libexec"
  RUN+=("--dump-file=$dump")
  write_wrapper "$CACHE/$suite/emacs" "Emacs from Debian $suite ($MANIFEST), written by scripts/fetch-emacs.sh" \
    "EMACSLOADPATH=$share/lisp" "EMACSDATA=$share/etc" "EMACSDOC=$share/etc" "EMACSPATH=$libexec" \
    "EMACS_INHIBIT_AUTOMATIC_NATIVE_COMPILATION=1"
  out="$("$CACHE/$suite/emacs" --version 2>&1)" || die "$suite's emacs does not run: $out"
  note "$suite: ${out%%$'\n'*}: $CACHE/$suite/emacs"
done
