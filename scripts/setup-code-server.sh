#!/usr/bin/env bash
# Installs what the browser suite (test/browser) needs on a Debian 12 machine,
# as root: the Debian packages of shared TESTING.md §3 and §4, and
# code-server@4.100.3 (VS Code 1.100.3 on Node 20) into .cache/code-server.
# Idempotent: a second run only checks that code-server starts.
# Usage: bash scripts/setup-code-server.sh   (from anywhere; CI runs it)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CODE_SERVER_CACHE:-$ROOT/.cache/code-server}"
CS="$CACHE/node_modules/code-server"
VSC="$CS/lib/vscode"
STAMP="$CACHE/.installed-$CODE_SERVER_VERSION"

log() { printf '[setup-code-server] %s\n' "$*"; }

# --- 1. Debian packages -------------------------------------------------------
DEBS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep
      chromium openssh-server openssh-client g++ make python3)
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || { echo "setup-code-server: run as root to install: ${missing[*]}" >&2; exit 1; }
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi
# The Debian openssh-server package may start a system sshd; the tests start
# their own on a free port and never need that one.

# --- 2. code-server -----------------------------------------------------------
if [[ -f "$STAMP" && -f "$CS/out/node/entry.js" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $CACHE"
else
  log "installing code-server@$CODE_SERVER_VERSION into $CACHE"
  mkdir -p "$CACHE"
  cd "$CACHE"
  [[ -f package.json ]] || echo '{"name":"code-server-cache","private":true}' > package.json
  # npm 11 holds back install scripts until approved; --ignore-scripts makes
  # that explicit, and the native modules are rebuilt one by one below.
  npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"

  cd "$VSC"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog
  # ripgrep's postinstall downloads from a host that is not reachable: use Debian's.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar

  cd "$VSC/extensions"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts

  cd "$CACHE"
  npm_config_yes=true npm rebuild argon2
  touch "$STAMP"
fi

# --- 3. Check that it starts --------------------------------------------------
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
TMP="$(mktemp -d)"
node "$CS/out/node/entry.js" --auth none --bind-addr "127.0.0.1:$PORT" \
  --extensions-dir "$TMP/ext" --user-data-dir "$TMP/data" \
  --disable-telemetry --disable-update-check --disable-workspace-trust >"$TMP/log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
ok=""
for _ in $(seq 1 60); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
       "http://127.0.0.1:$PORT/healthz"; then ok=1; break; fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.5   # polling a health endpoint: there is nothing to wait on instead
done
if [[ -z "$ok" ]]; then
  echo "setup-code-server: code-server did not answer on 127.0.0.1:$PORT; its log:" >&2
  cat "$TMP/log" >&2
  exit 1
fi
log "code-server $CODE_SERVER_VERSION answers on 127.0.0.1:$PORT; chromium: $(command -v chromium)"
