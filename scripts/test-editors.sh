#!/usr/bin/env bash
# Real editors against the setup docs/editors.md documents: the npm package
# installed into a throwaway prefix whose bin is on PATH, as the docs say,
# and Neovim started headless with an init.lua made of the exact Lua blocks
# of docs/editors.md (read out of the Markdown, so doc and test cannot
# drift). Neovim opens a tmpfiles.d file with an error; the test waits for
# the server's diagnostics (vim.diagnostic.get) and asserts their code and
# line, then asks for a hover. Run with each Neovim of
# scripts/fetch-neovim.sh: trixie's 0.10 with the "Neovim 0.10" snippet,
# sid's newest with the "Neovim 0.11 and later" one. Then trixie's Emacs
# (scripts/fetch-emacs.sh) in batch mode with the Emacs Lisp block of the
# "Emacs (eglot)" section: eglot's diagnostics (flymake) for the same
# tmpfiles.d file, and for an etc manifest (*.etc.json, js-json-mode) sent
# as the snippet says (languageId json) and as eglot names the mode without
# it (js-json).
#
#   scripts/test-editors.sh              (fetches the editors first)
#   NVIM_0_10=/path/nvim NVIM_0_11=/path/nvim EMACS=/path/emacs scripts/test-editors.sh
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
if [ -z "${EMACS:-}" ]; then
  bash scripts/fetch-emacs.sh trixie
  EMACS="$REPO/.cache/emacs/trixie/emacs"
fi

# tmpfiles-lsp on PATH, from the package, as docs/editors.md installs it
npm pack --silent --pack-destination "$tmp" > /dev/null
npm install -g --prefix "$tmp/prefix" --offline --no-audit --no-fund --loglevel=error "$tmp"/tmpfiles-lsp-*.tgz > /dev/null
export PATH="$tmp/prefix/bin:$PATH"
command -v tmpfiles-lsp >/dev/null || fail "no tmpfiles-lsp on PATH after npm install -g"

# The code blocks of docs/editors.md, by the heading they follow.
code_block() { # LANGUAGE HEADING: the first ```LANGUAGE block after "### HEADING"
  awk -v h="### $2" -v fence="\`\`\`$1" '
    $0 == h { found = 1; next }
    found && /^### / { exit }
    found && $0 == fence { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' docs/editors.md
}
new="$(code_block lua "Neovim 0.11 and later")"
old="$(code_block lua "Neovim 0.10")"
elisp="$(code_block elisp "Emacs (eglot)")"
[ -n "$elisp" ] || fail "docs/editors.md has no elisp block under 'Emacs (eglot)'"
[ -n "$new" ] && [ -n "$old" ] || fail "docs/editors.md has no Lua block under 'Neovim 0.11 and later' or 'Neovim 0.10'"
# "with the same vim.filetype.add as above": the newer block's first statement
filetypes="$(printf '%s\n' "$new" | awk '/^$/ { exit } { print }')"
case "$filetypes" in "vim.filetype.add("*) ;; *) fail "the 'Neovim 0.11 and later' block does not start with vim.filetype.add: $filetypes" ;; esac

# A project as a user has it: a git root, a tmpfiles.d file with an error on
# line 2 (a relative path) and a good line 1 to hover.
proj="$tmp/project"
mkdir -p "$proj/.git" "$proj/tmpfiles.d"
printf 'd /run/ok 0755 root root -\nd run/x 0755 root root -\n' > "$proj/tmpfiles.d/app.conf"
# and a manifest whose second entry has a relative source (line 3)
printf '[\n  {"target": "hosts", "source": "/nix/store/a-hosts", "mode": "symlink"},\n  {"target": "motd", "source": "rel", "mode": "0644"}\n]\n' > "$proj/host.etc.json"

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

cat > "$tmp/probe.el" <<'ELISP'
;; Loaded by emacs --batch after the snippet: visits each file of
;; PROBE_FILES, lets eglot connect as after the command that visited it
;; (eglot-ensure waits for post-command-hook; the manifest, which the
;; snippet does not hook, as M-x eglot would), starts flymake as showing the
;; buffer in a window would (batch mode shows none), waits for flymake's
;; diagnostics and writes what it saw as JSON to PROBE_OUT.
(require 'eglot)
(require 'json)
(defun probe--wait (pred seconds)
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall pred)))
(let (results)
  (dolist (file (split-string (getenv "PROBE_FILES") ":"))
    (with-current-buffer (find-file-noselect file)
      (unless (memq #'eglot-ensure (symbol-value (intern (format "%s-hook" major-mode))))
        (eglot-ensure))
      (run-hooks 'post-command-hook)
      (when (probe--wait #'eglot-managed-p 30)
        (flymake-start)
        (probe--wait #'flymake-diagnostics 30))
      (push `((file . ,(file-name-nondirectory file))
              (mode . ,(symbol-name major-mode))
              (managed . ,(if (eglot-managed-p) t :json-false))
              (languageId . ,(and (eglot-managed-p) (eglot--languageId)))
              (diagnostics
               . ,(vconcat
                   (mapcar (lambda (d)
                             (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
                               `((code . ,(plist-get lsp :code))
                                 (line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                 (type . ,(symbol-name (flymake-diagnostic-type d))))))
                           (flymake-diagnostics)))))
            results)))
  (with-temp-file (getenv "PROBE_OUT") (insert (json-encode (nreverse results))))
  (kill-emacs 0))
ELISP

run_emacs() { # LABEL CONFIG FILE=LANGUAGE-ID=CODE@LINE...
  local label="$1" cfg="$2" home="$tmp/home-$1" files="" f version
  shift 2
  for f in "$@"; do files+="${files:+:}$proj/${f%%=*}"; done
  mkdir -p "$home"
  printf '%s\n' "$cfg" > "$home/snippet.el"
  version="$("$EMACS" --version | head -n1)"
  (cd "$proj" && HOME="$home" PROBE_OUT="$home/out.json" PROBE_FILES="$files" \
    timeout 90 "$EMACS" --batch -l "$home/snippet.el" -l "$tmp/probe.el" > "$home/emacs.log" 2>&1) \
    || fail "$label ($version) exited $?: $(cat "$home/emacs.log")"
  [ -s "$home/out.json" ] || fail "$label ($version) wrote nothing: $(cat "$home/emacs.log")"
  node - "$label ($version)" "$home/out.json" "$@" <<'JS' || fail "$label ($version): see above; emacs said: $(cat "$home/emacs.log")"
const [label, file, ...wants] = process.argv.slice(2);
const out = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
const problems = [], seen = [];
wants.forEach((want, i) => {
  const [name, languageId, code, line] = want.split(/[=@]/);
  const got = out[i] ?? {};
  const ds = got.diagnostics ?? [];
  if (got.managed !== true) problems.push(`${name}: not managed by eglot (mode ${got.mode})`);
  if (got.languageId !== languageId) problems.push(`${name}: languageId ${JSON.stringify(got.languageId)}, not ${JSON.stringify(languageId)}`);
  if (!ds.some((d) => d.code === code && d.line === Number(line))) problems.push(`${name}: diagnostics ${JSON.stringify(ds)} (wanted ${code} at line ${line})`);
  seen.push(`${name} (${got.mode}, languageId ${got.languageId}): ${ds.map((d) => `${d.code} at line ${d.line}`).join(", ")}`);
});
if (problems.length) { console.error(`${label}:\n  ${problems.join("\n  ")}`); process.exit(1); }
console.log(`test-editors: ${label}: ${seen.join("; ")}`);
JS
}

run_nvim "nvim-0.10-snippet" "$NVIM_0_10" "$filetypes

$old"
run_nvim "nvim-0.11-and-later" "$NVIM_0_11" "$new"
run_emacs "emacs-snippet" "$elisp" "tmpfiles.d/app.conf=tmpfiles=path-not-absolute@2" "host.etc.json=json=source-not-absolute@3"
# Without :language-id, eglot names the language after the mode: js-json.
run_emacs "emacs-js-json" "$elisp
(with-eval-after-load 'eglot
  (push '(js-json-mode . (\"tmpfiles-lsp\" \"lsp\" \"--stdio\")) eglot-server-programs))" "host.etc.json=js-json=source-not-absolute@3"
echo "test-editors: Neovim and Emacs with each snippet of docs/editors.md show the server's diagnostics"
