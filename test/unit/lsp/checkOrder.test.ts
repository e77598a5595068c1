/**
 * The workspace is checked after start-up without keeping the editor
 * waiting: a document opened while thousands of workspace files are still
 * queued is checked next, before them, and requests are answered meanwhile;
 * a large file is indexed in steps, with requests and open documents served
 * between them.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { Hover } from "vscode-languageserver-protocol";
import { startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const FILES = 3000;
let c: TestClient | undefined;
let big: TestClient | undefined;
after(async () => {
  await c?.stop();
  await big?.stop();
});

test(
  "a document opened while the workspace is checked goes first, and a request is answered before the queue is done",
  { skip, timeout: 120_000 },
  async () => {
    const files: Record<string, string> = {};
    // Files outside a tmpfiles.d directory are checked each on its own (the files of a folder's tmpfiles.d tree are one check); the opened one is named to come last.
    for (let i = 0; i < FILES; i++) files[`g${String(i).padStart(5, "0")}.tmpfiles`] = `d /run/x${i} 9999\n`;
    files["zz-last.tmpfiles"] = "d /run/open 9999\n";
    c = await startClient({ files });
    const client = c;
    const workspaceDone = (): number =>
      [...client.diagnostics.keys()].filter((u) => /\/g\d+\.tmpfiles$/.test(u)).length;
    await client.until("the first workspace file's diagnostics", () => workspaceDone() > 0, 60_000);
    const uri = client.uri("zz-last.tmpfiles");
    client.open(uri, "d /run/open 9999\n");
    const hover = client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    await client.diagnosticsOf(uri, (d) => d.some((x) => x.code === "mode-invalid"), 60_000);
    const doneWhenOpenWasChecked = workspaceDone();
    assert.ok(
      doneWhenOpenWasChecked < FILES,
      `the open document was checked before the rest of the queue (${doneWhenOpenWasChecked} of ${FILES} workspace files were done)`,
    );
    assert.ok(await hover, "the hover was answered");
    const doneWhenHoverAnswered = workspaceDone();
    assert.ok(
      doneWhenHoverAnswered < FILES,
      `the hover was answered while the workspace was still being checked (${doneWhenHoverAnswered} of ${FILES})`,
    );
    await client.until("every workspace file's diagnostics", () => workspaceDone() === FILES, 120_000);
  },
);

test(
  "while a large workspace file is indexed, a hover and an edit of an open document are answered before it is done",
  { skip, timeout: 120_000 },
  async () => {
    // Two large files checked each on its own: the second is indexed once the first one's diagnostics are out.
    const lines = (name: string): string =>
      Array.from({ length: 60_000 }, (_, i) => `d /run/${name}${i} 0755 root root -\n`).join("");
    big = await startClient({ files: { "a.tmpfiles": lines("a"), "b.tmpfiles": lines("b") } });
    const client = big;
    const uri = client.uri("open.tmpfiles");
    client.open(uri, "d /run/open 0755\n");
    await client.diagnosticsOf(uri);
    await client.diagnosticsOf(client.uri("a.tmpfiles"), () => true, 60_000);
    const b = client.uri("b.tmpfiles");
    assert.equal(client.diagnostics.has(b), false, "b.tmpfiles is still being indexed");
    const hover = await client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.ok(hover, "the hover was answered");
    assert.equal(client.diagnostics.has(b), false, "the hover was answered before b.tmpfiles was indexed");
    client.change(uri, "d /run/open 9999\n");
    await client.diagnosticsOf(uri, (d) => d.some((x) => x.code === "mode-invalid"), 60_000);
    assert.equal(client.diagnostics.has(b), false, "the edit was checked before b.tmpfiles was indexed");
    assert.deepEqual(await client.diagnosticsOf(b, () => true, 60_000), []);
  },
);
