import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { CompletionItem, DocumentSymbol, Hover, SemanticTokens, TextEdit } from "vscode-languageserver-protocol";
import { applyTextEdits, cursor, startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
let n = 0;
before(async () => {
  if (!skip) c = await startClient({ files: { "passwd": "root:x:0:0::/:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n" }, settings: { userDatabase: { passwd: "passwd" } } });
});
after(async () => {
  if (c) await c.stop();
});

async function at<R>(method: string, fixture: string, language = "tmpfiles", name = `f-${n++}.tmpfiles`): Promise<R> {
  const { text, line, character } = cursor(fixture);
  const uri = c.uri(name);
  c.open(uri, text, language);
  return c.request<R>(method, { textDocument: { uri }, position: { line, character } });
}

const hoverText = (h: Hover | null): string => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");

test("hover over the protocol: mode, type, age; a range on the field", { skip }, async () => {
  const h = await at<Hover>("textDocument/hover", "d /run/x 07|55 root root 10d");
  assert.match(hoverText(h), /rwxr-xr-x/);
  assert.deepEqual(h.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
  assert.match(hoverText(await at<Hover>("textDocument/hover", "|L+ /etc/x - - - - /y")), /create symlink/);
  assert.match(hoverText(await at<Hover>("textDocument/hover", "d /run/x 0755 root root 1|0d")), /10 days/);
  assert.equal(await at<Hover | null>("textDocument/hover", "# a |comment"), null);
});

test("hover on manifests", { skip }, async () => {
  const h = await at<Hover>("textDocument/hover", '[{"target": "hosts", "mo|de": "0644", "source": "/nix/store/x"}]', "json", `m-${n++}.etc.json`);
  assert.match(hoverText(h), /mode/);
});

test("completion over the protocol: types, specifiers, users from the database", { skip }, async () => {
  const types = await at<CompletionItem[]>("textDocument/completion", "|");
  assert.ok(types.some((i) => i.label === "L+"));
  const specs = await at<CompletionItem[]>("textDocument/completion", "d /run/%|");
  const m = specs.find((i) => i.label === "%m")!;
  assert.ok(m);
  assert.deepEqual((m.textEdit as TextEdit).range, { start: { line: 0, character: 7 }, end: { line: 0, character: 8 } });
  const users = await at<CompletionItem[]>("textDocument/completion", "d /x 0755 |");
  assert.deepEqual(users.map((i) => i.label), ["-", "root", "alice"]);
});

test("completion on manifests", { skip }, async () => {
  const items = await at<CompletionItem[]>("textDocument/completion", '[{"target": "a", "mode": |}]', "json", `m-${n++}.etc.json`);
  assert.ok(items.some((i) => i.label === "symlink"));
});

test("formatting aligns columns and is idempotent", { skip }, async () => {
  const text = "# keep\nd /run/a 0755 root root -\nL+   /etc/b  -  -  -  -  /x\n";
  const uri = c.uri(`fmt-${n++}.tmpfiles`);
  c.open(uri, text);
  const edits = await c.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  const out = applyTextEdits(text, edits);
  assert.equal(out, "# keep\nd  /run/a 0755 root root -\nL+ /etc/b -    -    -    - /x\n");
  c.change(uri, out);
  assert.deepEqual(await c.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

test("document symbols by path, and semantic tokens", { skip }, async () => {
  const uri = c.uri(`sym-${n++}.tmpfiles`);
  c.open(uri, "d /run/a\n# x\nL+ /etc/b - - - - /y\n");
  const symbols = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
  assert.deepEqual(symbols.map((s) => [s.name, s.range.start.line]), [["/run/a", 0], ["/etc/b", 2]]);
  const tokens = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
  assert.equal(tokens.data.length % 5, 0);
  assert.deepEqual(tokens.data.slice(0, 5), [0, 0, 1, 0, 0], "the type letter first, as keyword");
});

test("bad requests get errors and the server lives on", { skip }, async () => {
  await assert.rejects(c.request("textDocument/hover", { textDocument: { uri: "file:///not/open.conf" }, position: { line: 0, character: 0 } }), /not open/);
  await assert.rejects(c.request("textDocument/hover", { textDocument: {} }), /Invalid parameters/);
  await assert.rejects(c.request("textDocument/codeAction", { textDocument: { uri: "x" } }), /Invalid parameters/);
  await assert.rejects(c.request("textDocument/completion", { textDocument: { uri: 5 }, position: { line: -1, character: 0 } }), /Invalid parameters/);
  await assert.rejects(c.request("tmpfiles/generatePreview", { uri: 42 }), /Invalid parameters/);
  await assert.rejects(c.request("tmpfiles/nonsense", {}), /Unhandled method|not/i);
  // A position far outside the text is clamped, not fatal.
  const uri = c.uri(`far-${n++}.tmpfiles`);
  c.open(uri, "d /x\n");
  assert.equal(await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 99, character: 99 } }), null);
  const status = await c.request<{ serverVersion: string }>("tmpfiles/serverStatus", {});
  assert.equal(status.serverVersion, "0.1.0");
  assert.equal(c.exited, undefined);
});
