/**
 * The workspace is checked after start-up without keeping the editor
 * waiting: a document opened while thousands of workspace files are still
 * queued is checked next, before them, and requests are answered meanwhile.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { Hover } from "vscode-languageserver-protocol";
import { startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const FILES = 3000;
let c: TestClient | undefined;
after(async () => {
  await c?.stop();
});

test("a document opened while the workspace is checked goes first, and a request is answered before the queue is done", { skip, timeout: 120_000 }, async () => {
  const files: Record<string, string> = {};
  // Files outside a tmpfiles.d directory are checked each on its own (the files of a folder's tmpfiles.d tree are one check); the opened one is named to come last.
  for (let i = 0; i < FILES; i++) files[`g${String(i).padStart(5, "0")}.tmpfiles`] = `d /run/x${i} 9999\n`;
  files["zz-last.tmpfiles"] = "d /run/open 9999\n";
  c = await startClient({ files });
  const client = c;
  const workspaceDone = (): number => [...client.diagnostics.keys()].filter((u) => /\/g\d+\.tmpfiles$/.test(u)).length;
  await client.until("the first workspace file's diagnostics", () => workspaceDone() > 0, 60_000);
  const uri = client.uri("zz-last.tmpfiles");
  client.open(uri, "d /run/open 9999\n");
  const hover = client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 0 } });
  await client.diagnosticsOf(uri, (d) => d.some((x) => x.code === "mode-invalid"), 60_000);
  const doneWhenOpenWasChecked = workspaceDone();
  assert.ok(doneWhenOpenWasChecked < FILES, `the open document was checked before the rest of the queue (${doneWhenOpenWasChecked} of ${FILES} workspace files were done)`);
  assert.ok(await hover, "the hover was answered");
  const doneWhenHoverAnswered = workspaceDone();
  assert.ok(doneWhenHoverAnswered < FILES, `the hover was answered while the workspace was still being checked (${doneWhenHoverAnswered} of ${FILES})`);
  await client.until("every workspace file's diagnostics", () => workspaceDone() === FILES, 120_000);
});
