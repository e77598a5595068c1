#!/usr/bin/env bash
# Real editors against the setup docs/editors.md documents: the npm package
# installed into a throwaway prefix whose bin is on PATH, as the docs say,
# and Neovim started headless with an init.lua made of the exact Lua blocks
# of docs/editors.md (read out of the Markdown, so doc and test cannot
# drift). Neovim opens a tmpfiles.d file with an error; the test waits for
# the server's diagnostics (vim.diagnostic.get) and asserts their code and
# line, then asks for a hover. Run with each Neovim of
# scripts/fetch-neovim.sh: trixie's 0.10 with the "Neovim 0.10" snippet,
# sid's newest with the "Neovim 0.11 and later" one.
#
#   scripts/test-editors.sh              (fetches the Neovims first)
#   NVIM_0_10=/path/nvim NVIM_0_11=/path/nvim scripts/test-editors.sh
#
# Run by .ci/run; `npm run test:editors` by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-editors: $*" >&2; exit 1; }

if [ -z "${NVIM_0_10:-}" ] || [ -z "${NVIM_0_11:-}" ]; then
  bash scripts/fetch-neovim.sh trixie sid
  NVIM_0_10="${NVIM_0_10:-$REPO/.cache/neovim/trixie/nvim}"
  NVIM_0_11="${NVIM_0_11:-$REPO/.cache/neovim/sid/nvim}"
fi

# tmpfiles-lsp on PATH, from the package, as docs/editors.md installs it
npm pack --silent --pack-destination "$tmp" > /dev/null
npm install -g --prefix "$tmp/prefix" --offline --no-audit --no-fund --loglevel=error "$tmp"/tmpfiles-lsp-*.tgz > /dev/null
export PATH="$tmp/prefix/bin:$PATH"
command -v tmpfiles-lsp >/dev/null || fail "no tmpfiles-lsp on PATH after npm install -g"

# The Lua blocks of docs/editors.md, by the heading they follow.
lua_block() { # HEADING: the first ```lua block after "### HEADING"
  awk -v h="### $1" '
    $0 == h { found = 1; next }
    found && /^### / { exit }
    found && /^```lua$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' docs/editors.md
}
new="$(lua_block "Neovim 0.11 and later")"
old="$(lua_block "Neovim 0.10")"
[ -n "$new" ] && [ -n "$old" ] || fail "docs/editors.md has no Lua block under 'Neovim 0.11 and later' or 'Neovim 0.10'"
# "with the same vim.filetype.add as above": the newer block's first statement
filetypes="$(printf '%s\n' "$new" | awk '/^$/ { exit } { print }')"
case "$filetypes" in "vim.filetype.add("*) ;; *) fail "the 'Neovim 0.11 and later' block does not start with vim.filetype.add: $filetypes" ;; esac

# A project as a user has it: a git root, a tmpfiles.d file with an error on
# line 2 (a relative path) and a good line 1 to hover.
proj="$tmp/project"
mkdir -p "$proj/.git" "$proj/tmpfiles.d"
printf 'd /run/ok 0755 root root -\nd run/x 0755 root root -\n' > "$proj/tmpfiles.d/app.conf"

cat > "$tmp/probe.lua" <<'LUA'
-- Runs inside Neovim once the file is loaded: waits for diagnostics, asks
-- for a hover, writes what it saw as JSON to $PROBE_OUT, and quits.
local out = { filetype = vim.bo.filetype }
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
out.clients = {}
for _, c in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = 0 })) do
  table.insert(out.clients, c.name)
end
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, severity = d.severity })
end
if ok then
  -- hover on "d" of line 1
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 0, character = 0 } }
  local res = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 20000) or {}
  for _, r in pairs(res) do
    if r.result and r.result.contents then
      local c = r.result.contents
      out.hover = type(c) == "string" and c or c.value or vim.json.encode(c)
    end
  end
end
local f = assert(io.open(os.getenv("PROBE_OUT"), "w"))
f:write(vim.json.encode(out))
f:close()
vim.cmd("qa!")
LUA

run_nvim() { # LABEL NVIM CONFIG
  local label="$1" nvim="$2" cfg="$3" home="$tmp/home-$1"
  mkdir -p "$home/config/nvim" "$home/data" "$home/state" "$home/cache"
  printf '%s\n' "$cfg" > "$home/config/nvim/init.lua"
  local version
  version="$("$nvim" --version | head -n1)"
  (cd "$proj" && XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" \
    PROBE_OUT="$home/out.json" timeout 90 "$nvim" --headless -i NONE tmpfiles.d/app.conf -c "luafile $tmp/probe.lua" \
    > "$home/nvim.log" 2>&1) || fail "$label ($version) exited $?: $(cat "$home/nvim.log")"
  [ -s "$home/out.json" ] || fail "$label ($version) wrote nothing: $(cat "$home/nvim.log")"
  node - "$label ($version)" "$home/out.json" <<'JS' || fail "$label ($version): see above"
const [label, file] = process.argv.slice(2);
const out = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
const problems = [];
if (out.filetype !== "tmpfiles") problems.push(`filetype is ${JSON.stringify(out.filetype)}, not "tmpfiles"`);
if (!(out.clients ?? []).includes("tmpfiles_lsp")) problems.push(`clients attached: ${JSON.stringify(out.clients)}`);
const ds = out.diagnostics ?? [];
const want = ds.filter((d) => d.code === "path-not-absolute" && d.lnum === 1 && d.col === 2);
if (want.length !== 1) problems.push(`diagnostics: ${JSON.stringify(ds)} (wanted path-not-absolute at line 2, column 3)`);
if (ds.some((d) => d.lnum === 0)) problems.push(`line 1 is good but has ${JSON.stringify(ds.filter((d) => d.lnum === 0))}`);
if (typeof out.hover !== "string" || !/\bd\b/.test(out.hover) || !/director/i.test(out.hover)) problems.push(`hover on "d": ${JSON.stringify(out.hover)}`);
if (problems.length) { console.error(`${label}:\n  ${problems.join("\n  ")}`); process.exit(1); }
console.log(`test-editors: ${label}: ${ds.map((d) => `${d.code} at ${d.lnum + 1}:${d.col + 1}`).join(", ")}; hover on "d": ${JSON.stringify(out.hover.split("\n")[0])}`);
JS
}

run_nvim "nvim-0.10-snippet" "$NVIM_0_10" "$filetypes

$old"
run_nvim "nvim-0.11-and-later" "$NVIM_0_11" "$new"
echo "test-editors: Neovim with each snippet of docs/editors.md shows the server's diagnostics and hover"
