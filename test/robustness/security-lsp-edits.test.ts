/**
 * Finding 17.9: a didChange whose range ends before it starts is applied as
 * the text document library applies it (start and end swapped), and the
 * lines the server re-checks are those of that same change: the published
 * diagnostics are those of a fresh open of the resulting text (they were
 * stale for the lines the change removed).
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { DidChangeTextDocumentNotification, type Diagnostic } from "vscode-languageserver-protocol/node";
import { LineIndex } from "../../server/src/core/text";
import { messageText, serverBuilt, startClient, type TestClient } from "../unit/lsp/harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});

type Pos = { line: number; character: number };

function shown(ds: Diagnostic[]): string[] {
  return ds
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${String(d.code)} ${messageText(d)}`,
    )
    .sort();
}

/** The diagnostics a fresh server publishes when it opens `text` at `rel`. */
async function freshDiagnostics(rel: string, text: string): Promise<string[]> {
  const c = await startClient({ settings: { systemdVersion: 262 } });
  clients.push(c);
  const uri = c.uri(rel);
  c.open(uri, text);
  return shown(await c.diagnosticsOf(uri));
}

const CASES: { name: string; text: string; start: Pos; end: Pos; insert: string }[] = [
  {
    name: "the finding's change, (3,25) to (1,0), removing two lines with errors",
    text: "d /run/a 0755 root root -\nd /run/b 9999 root root -\nz /run/c 0755 999999999999999999999 root\nd /run/d 0755 root root -\nd /run/e 0755 root root -\n",
    start: { line: 3, character: 25 },
    end: { line: 1, character: 0 },
    insert: "",
  },
  {
    name: "a reversed change that inserts a line with an error",
    text: "d /run/a 0755 root root -\nd /run/b 0755 root root -\nd /run/c 0755 root root -\n",
    start: { line: 2, character: 0 },
    end: { line: 0, character: 3 },
    insert: "/run/x 08 root root -\nq ",
  },
  {
    name: "a reversed change inside one line",
    text: "d /run/a 0755 root root -\nd /run/b 9999 root root -\n",
    start: { line: 1, character: 13 },
    end: { line: 1, character: 9 },
    insert: "0700",
  },
];

for (const k of CASES) {
  test(`reversed didChange range: ${k.name}`, { skip, timeout: 60_000 }, async () => {
    const rel = "tmpfiles.d/a.conf";
    const c = await startClient({ settings: { systemdVersion: 262 } });
    clients.push(c);
    const uri = c.uri(rel);
    c.open(uri, k.text);
    await c.diagnosticsOf(uri);
    // The text document library swaps a reversed range; the final text is that of the ordered range.
    const idx = new LineIndex(k.text);
    const a = idx.offset(k.start.line, k.start.character);
    const b = idx.offset(k.end.line, k.end.character);
    assert.ok(a > b, "the range is reversed");
    const final = k.text.slice(0, b) + k.insert + k.text.slice(a);
    void c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: k.start, end: k.end }, text: k.insert }],
    });
    await c.until("diagnostics of version 2", () => c.diagnostics.get(uri)?.version === 2);
    const got = shown(c.diagnostics.get(uri)!.diagnostics);
    assert.deepEqual(got, await freshDiagnostics(rel, final), `after the change the text is ${JSON.stringify(final)}`);
  });
}
