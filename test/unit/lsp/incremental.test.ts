// The server re-checks only what an edit touched; what it publishes after a
// run of random incremental edits (several changes per notification, line
// breaks of every kind) is what a full check of the same texts finds.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { checkTree, keptSideDiagnostics } from "../../../server/src/core/tmpfiles/tree.js";
import { LineIndex } from "../../../server/src/core/text.js";
import { DidChangeTextDocumentNotification, type Diagnostic } from "vscode-languageserver-protocol/node";
import { messageText, startClient, serverBuilt, type TestClient } from "./harness";
import { EDIT_PIECES, randomChanges } from "./randomEdits";
import { mulberry32 as rng } from "../../support/random.js";

const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

function shown(ds: Diagnostic[]): string[] {
  return ds
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${messageText(d)}`,
    )
    .sort();
}

function expected(a: string, b: string): { a: string[]; b: string[] } {
  const files = [
    { path: "tmpfiles.d/a.conf", text: a },
    { path: "tmpfiles.d/b.conf", text: b },
  ];
  const tree = checkTree(files, { systemdVersion: 262 });
  const index = new Map(files.map((f) => [f.path, new LineIndex(f.text)]));
  const extra = keptSideDiagnostics(tree, (path, offset) => index.get(path)!.position(offset).line + 1);
  const sev = { error: 1, warning: 2, information: 3, hint: 4 };
  const of = (path: string): string[] => {
    const ix = index.get(path)!;
    const all = [...tree.find((r) => r.path === path)!.diagnostics, ...(extra.get(path) ?? [])];
    return all
      .map((d) => {
        const s = ix.position(d.offset);
        const e = ix.position(d.offset + d.length);
        return `${s.line}:${s.character}-${e.line}:${e.character} ${sev[d.severity]} ${d.code} ${d.message}`;
      })
      .sort();
  };
  return { a: of("tmpfiles.d/a.conf"), b: of("tmpfiles.d/b.conf") };
}

test(
  "after random incremental edits the published diagnostics are those of a full check",
  { skip, timeout: 120_000 },
  async () => {
    const b = "d /run/a 0700\nd /run/b 0755\nx /tmp/*\n";
    const c = await startClient({
      files: { "tmpfiles.d/b.conf": b },
      settings: { systemdVersion: 262, userDatabase: "none" },
    });
    clients.push(c);
    const uri = c.uri("tmpfiles.d/a.conf");
    let text = "d /run/a 0755\n# comment\nd /run/c 0755 root root -\n";
    c.open(uri, text);
    await c.diagnosticsOf(uri);
    // b.conf is known once the workspace scan has read it; until then a.conf is checked alone, rightly without b's conflicts.
    await c.diagnosticsOf(c.uri("tmpfiles.d/b.conf"), () => true, 60_000);
    const r = rng(7);
    for (let version = 2; version < 60; version++) {
      // One to three changes in one notification, each in the text the previous one left.
      const edit = randomChanges(r, text, EDIT_PIECES);
      const changes = edit.changes;
      text = edit.text;
      void c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: changes,
      });
      await c.until(`diagnostics of version ${version}`, () => c.diagnostics.get(uri)?.version === version);
      const want = expected(text, b);
      assert.deepEqual(
        shown(c.diagnostics.get(uri)!.diagnostics),
        want.a,
        `a.conf after version ${version}: ${JSON.stringify(text)}`,
      );
    }
    // The file on disk learns of every conflict the open one makes with it.
    const want = expected(text, b).b;
    await c.until("b.conf's diagnostics", () => {
      const p = c.diagnostics.get(c.uri("tmpfiles.d/b.conf"));
      return p !== undefined && JSON.stringify(shown(p.diagnostics)) === JSON.stringify(want);
    });
  },
);
