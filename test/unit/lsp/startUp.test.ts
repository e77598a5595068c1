import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startClient, serverBuilt, type TestClient } from "./harness";

const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

const START_UP =
  /^Start-up: the server's code had loaded (\d+) ms after its process started, initialize came at (\d+) ms, the settings and release were known at (\d+) ms, and its first diagnostics went out at (\d+) ms\.$/;

test("the server logs its start-up once, with its marks in the order they happened", { skip }, async () => {
  const c = await startClient({ settings: { systemdVersion: 257 } });
  clients.push(c);
  const uri = c.uri("tmpfiles.d/a.conf");
  c.open(uri, "d run/relative 0755 root root -\n");
  await c.diagnosticsOf(uri, (d) => d.length > 0);
  await c.until("the start-up line", () => c.logs.some((l) => l.startsWith("Start-up:")));
  // Later diagnostics do not say it again.
  c.change(uri, "d /run/absolute 0755 root root -\nd run/other 0755 root root -\n");
  await c.diagnosticsOf(uri, (d) => d.some((x) => x.range.start.line === 1));
  const lines = c.logs.filter((l) => l.startsWith("Start-up:"));
  assert.equal(lines.length, 1, lines.join("\n"));
  const m = START_UP.exec(lines[0]!);
  assert.ok(m, lines[0]);
  const [loaded, initialize, settled, published] = m.slice(1).map(Number) as [number, number, number, number];
  assert.ok(loaded > 0 && loaded <= initialize && initialize <= settled && settled <= published, lines[0]);
});
