// The server gives memory back once it is quiet: after a large file is
// opened, a full collection shrinks the heap, and a later one the young
// generation (see server/src/lsp/idleCollection.ts). Watched through the
// lines the server writes to the editor's log.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { SERVER_NODE_FLAGS } from "../../../client/src/serverStart";
import { startClient, serverBuilt, type TestClient, type StartOptions } from "./harness";

const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

async function waitFor(what: string, done: () => boolean, logs: string[]): Promise<void> {
  for (let waited = 0; !done(); waited += 100) {
    if (waited > 30_000) assert.fail(`timed out waiting for ${what}; the server logged: ${logs.join(" | ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a large file and waits for the server's log of both collections. */
async function collections(options: StartOptions): Promise<{ c: TestClient; uri: string; logs: string[] }> {
  const c = await startClient(options);
  clients.push(c);
  const logs: string[] = [];
  c.conn.onNotification("window/logMessage", (p: { message: string }) => void logs.push(p.message));
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) lines.push(`d /run/app${i}/data 0755 root root 10d`);
  const uri = c.uri("big.conf");
  c.open(uri, lines.join("\n") + "\n");
  await c.diagnosticsOf(uri, () => true, 60_000);
  const figures = (what: string): [number, number] | undefined => {
    for (const l of logs) {
      const m = new RegExp(`^Idle: ${what} ([\\d.]+) MB -> ([\\d.]+) MB`).exec(l);
      if (m) return [Number(m[1]), Number(m[2])];
    }
    return undefined;
  };
  await waitFor("the heap collected", () => figures("heap") !== undefined, logs);
  const [heapBefore, heapAfter] = figures("heap")!;
  assert.ok(heapAfter < heapBefore, `heap ${heapBefore} MB -> ${heapAfter} MB`);
  await waitFor("the young generation shrunk", () => figures("young generation") !== undefined, logs);
  const [youngBefore, youngAfter] = figures("young generation")!;
  assert.ok(youngAfter < youngBefore / 2, `young generation ${youngBefore} MB -> ${youngAfter} MB`);
  return { c, uri, logs };
}

test(
  "a quiet server collects the garbage of opening a large file, then shrinks the young generation; without --expose-gc (tmpfiles-lsp lsp --stdio) it makes a gc for that, and says so",
  { skip },
  async () => {
    const { c, uri, logs } = await collections({ viaCli: true });
    const idle = logs.filter((l) => l.startsWith("Idle: "));
    assert.ok(
      idle.every((l) => l.endsWith(", gc made with v8.setFlagsFromString).")),
      idle.join(" | "),
    );
    // The file is still checked and served.
    const hover = await c.request<{ contents: unknown } | null>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 99_999, character: 0 },
    });
    assert.ok(hover);
  },
);

test(
  "started as the VS Code client starts it, the server collects with the gc that --expose-gc gives it",
  { skip },
  async () => {
    const { logs } = await collections({ nodeFlags: SERVER_NODE_FLAGS });
    const idle = logs.filter((l) => l.startsWith("Idle: "));
    assert.ok(
      idle.every((l) => l.endsWith(", gc of --expose-gc).")),
      idle.join(" | "),
    );
  },
);
