#!/usr/bin/env bash
# Fetch Neovim from Debian's archive, newer than the 0.7 that Debian 12 ships,
# for scripts/test-editors.sh: trixie's 0.10 and sid's newest (0.11 or later),
# each with the libraries it links and, when this machine's libc is too old,
# that suite's libc6, whose loader then runs it (scripts/debian-apt.sh: a
# private apt configuration, never the system's).
#
#   scripts/fetch-neovim.sh [SUITE...]        (default: trixie sid)
#
# Result (under .cache/, which git ignores):
#   .cache/neovim/<suite>/root/     the unpacked .debs (neovim, neovim-runtime
#                                   and what they depend on, libc6 aside)
#   .cache/neovim/<suite>/nvim      a wrapper that runs that suite's nvim
#
# Safe to re-run: packages already unpacked at the same version are kept.
set -euo pipefail
APT_TOOL=fetch-neovim
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"

SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(trixie sid)
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache/neovim"
apt_setup "$CACHE/apt" "${SUITES[@]}"

for suite in "${SUITES[@]}"; do
  # what every Debian system has anyway is left out
  program_from_suite neovim "$suite" "$CACHE/$suite" usr/bin/nvim libgcc-s1 gcc-14-base gcc-15-base
  # Neovim finds its runtime next to the binary's prefix only when installed
  # as /usr; say where it is.
  write_wrapper "$CACHE/$suite/nvim" "Neovim from Debian $suite ($MANIFEST), written by scripts/fetch-neovim.sh" \
    "VIMRUNTIME=$ROOT/usr/share/nvim/runtime"
  out="$("$CACHE/$suite/nvim" --version 2>&1)" || die "$suite's nvim does not run: $out"
  note "$suite: ${out%%$'\n'*}: $CACHE/$suite/nvim"
done
