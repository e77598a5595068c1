#!/usr/bin/env bash
# The npm package as a user gets it: `npm pack` (which makes the production
# build first) holds only the CLI bundles (its manifest and Nix parts are
# one of them) and the server bundle, README, LICENSE and
# package.json; installed with `npm install -g` into a throwaway prefix,
# `tmpfiles-lsp` checks a file and serves LSP over stdio, and `npx --package`
# runs it without installing. Nothing is fetched: the bundles need no
# dependencies. Run by .ci/run; `npm run test:install` by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-npm-install: $*" >&2; exit 1; }

npm pack --silent --pack-destination "$tmp" > /dev/null
tgz="$(ls "$tmp"/tmpfiles-lsp-*.tgz)"
contents="$(tar tzf "$tgz" | sed 's|^package/||' | sort | tr '\n' ' ')"
[ "$contents" = "LICENSE README.md dist/cli-parts.js dist/cli.js dist/server.js package.json " ] || fail "the tarball holds: $contents"
tar xzf "$tgz" -O package/package.json | grep -q '"dependencies"' && fail "the package declares dependencies (the bundles need none)"

npm install -g --prefix "$tmp/prefix" --offline --no-audit --no-fund --loglevel=error "$tgz" > /dev/null
bin="$tmp/prefix/bin/tmpfiles-lsp"
[ -x "$bin" ] || fail "npm install -g made no $bin"
"$bin" --version | grep -q '^tmpfiles-lsp ' || fail "--version"

printf 'd run/x 0755\n' > "$tmp/a.conf"
set +e
"$bin" check --format json "$tmp/a.conf" > "$tmp/out.json"
status=$?
set -e
[ "$status" = 1 ] || fail "check exited $status, not 1"
grep -q '"code":"path-not-absolute"' "$tmp/out.json" || fail "check said: $(cat "$tmp/out.json")"

# The language server answers initialize and shuts down cleanly.
node - "$bin" <<'JS' || fail "lsp --stdio"
const { spawn } = require("node:child_process");
const child = spawn(process.argv[2], ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const send = (m) => { const b = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...m })); child.stdin.write(`Content-Length: ${b.length}\r\n\r\n`); child.stdin.write(b); };
let buf = Buffer.alloc(0);
const timer = setTimeout(() => { console.error("no answer to initialize"); child.kill(); process.exit(1); }, 20000);
child.stdout.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf("\r\n\r\n");
    if (h < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
    buf = buf.subarray(h + 4 + len);
    if (msg.id === 1) {
      if (msg.result?.serverInfo?.name !== "tmpfiles-lsp") { console.error(JSON.stringify(msg)); process.exit(1); }
      send({ id: 2, method: "shutdown" });
    } else if (msg.id === 2) send({ method: "exit" });
  }
});
child.on("exit", (code) => { clearTimeout(timer); process.exit(code === 0 ? 0 : 1); });
send({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
JS

# Without installing: npx with the tarball.
npm_config_cache="$tmp/npm-cache" npx --yes --offline --package "$tgz" tmpfiles-lsp --version | grep -q '^tmpfiles-lsp ' || fail "npx --package"
echo "test-npm-install: the package holds $contents; installed, check and lsp --stdio work; npx runs it"
