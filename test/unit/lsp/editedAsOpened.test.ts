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
import { DidChangeTextDocumentNotification } from "vscode-languageserver-protocol/node";
import { startClient, serverBuilt, type TestClient } from "./harness";
import { EDIT_PIECES, randomChanges } from "./randomEdits";
import { mulberry32 as rng } from "../../support/random.js";

const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

/** Besides the usual pieces: characters outside ASCII and lines with findings. */
const PIECES = [...EDIT_PIECES, "/run/é", "😀", "0999", "j", "d /run/b 0700 nobody-here\n", "d /var/run/c 0755\n"];

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
      const edit = randomChanges(r, text, PIECES);
      const changes = edit.changes;
      text = edit.text;
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
