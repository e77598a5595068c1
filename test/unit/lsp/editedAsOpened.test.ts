// A document typed into publishes what the same text opened afresh
// publishes, to the last field: random incremental edits (several changes
// per notification, line breaks of every kind, characters outside ASCII) go
// to one server, and after each the text they make is opened in a second
// server. The edited one keeps its text in the document store and re-sends
// diagnostics from what it published before (diagnosticJson.ts); the fresh
// one has neither to lean on.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { LineIndex } from "../../../server/src/core/text.js";
import { DidChangeTextDocumentNotification } from "vscode-languageserver-protocol/node";
import { startClient, serverBuilt, type TestClient } from "./harness";
import { mulberry32 as rng } from "../../support/random.js";

const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

const PIECES = [
  "\n",
  "\r\n",
  "\r",
  " ",
  "d",
  "/run/a",
  "/run/b",
  "/run/é",
  "😀",
  "0700",
  "0999",
  "-",
  "#",
  "w+",
  "j",
  "x /tmp/*\n",
  "d /run/a 0700\n",
  "d /run/b 0700 nobody-here\n",
  "d /var/run/c 0755\n",
  "\\",
  '"',
];

const B = "d /run/a 0700\nd /run/b 0755\nx /tmp/*\n";

/** The diagnostics as JSON, with the workspace folder's URI (the one thing the two servers' answers may differ in) left out. */
function published(c: TestClient, uri: string): string {
  const folder = pathToFileURL(c.folder).href;
  return JSON.stringify(c.diagnostics.get(uri)?.diagnostics).split(folder).join("FOLDER");
}

test(
  "after random incremental edits a document publishes what the same text opened afresh does",
  { skip, timeout: 180_000 },
  async () => {
    const start = async (): Promise<TestClient> => {
      const c = await startClient({
        files: { "tmpfiles.d/b.conf": B },
        settings: { systemdVersion: 262, userDatabase: "none" },
      });
      clients.push(c);
      // b.conf is known once the workspace scan has read it.
      await c.diagnosticsOf(c.uri("tmpfiles.d/b.conf"), () => true, 60_000);
      return c;
    };
    const [edited, fresh] = await Promise.all([start(), start()]);
    const uri = edited.uri("tmpfiles.d/a.conf");
    const freshUri = fresh.uri("tmpfiles.d/a.conf");
    let text = "d /run/a 0755\n# comment\nd /run/c 0755 root root -\nd /run/a 0700\n";
    edited.open(uri, text);
    await edited.diagnosticsOf(uri);
    const r = rng(11);
    for (let version = 2; version < 50; version++) {
      const changes: {
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        text: string;
      }[] = [];
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const index = new LineIndex(text);
        const at = Math.floor(r() * (text.length + 1));
        const s = index.position(at);
        const e = index.position(Math.min(text.length, at + Math.floor(r() * 6)));
        // Positions as an editor sends them: inside a line, never inside a surrogate pair or between "\r" and "\n".
        let from = index.offset(s.line, s.character);
        let to = Math.max(from, index.offset(e.line, e.character));
        if (/[\uDC00-\uDFFF]/.test(text[from] ?? "")) from--;
        if (/[\uDC00-\uDFFF]/.test(text[to] ?? "")) to++;
        const insert = r() < 0.3 ? "" : PIECES[Math.floor(r() * PIECES.length)]!;
        changes.push({ range: { start: index.position(from), end: index.position(to) }, text: insert });
        text = text.slice(0, from) + insert + text.slice(to);
      }
      void edited.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: changes,
      });
      await edited.until(`diagnostics of version ${version}`, () => edited.diagnostics.get(uri)?.version === version);
      fresh.open(freshUri, text);
      await fresh.diagnosticsOf(freshUri);
      assert.equal(
        published(edited, uri),
        published(fresh, freshUri),
        `after version ${version}: ${JSON.stringify(text)}`,
      );
      // Closed, it is forgotten (it is not on disk): its empty diagnostics come before the next open's.
      fresh.close(freshUri);
      await fresh.until("the fresh document forgotten", () => fresh.diagnostics.get(freshUri)?.version === undefined);
    }
    // The file on disk says the same in both about its conflicts with the edited one.
    fresh.open(freshUri, text);
    const bEdited = edited.uri("tmpfiles.d/b.conf");
    const bFresh = fresh.uri("tmpfiles.d/b.conf");
    await fresh.diagnosticsOf(freshUri);
    await edited.until("b.conf settled", () => published(edited, bEdited) === published(fresh, bFresh), 20_000);
  },
);
