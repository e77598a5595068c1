/**
 * The extreme inputs of extremes.ts, each in a child process with a time
 * limit of ten times what it is expected to take (a hang detector, not a
 * speed goal) and a 6 GB heap: a hang, a stack overflow or an exhausted
 * heap fails the test with what the child printed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { count } from "./counts";
import { EXTREMES } from "./extremes";

const SCRIPT = join(__dirname, "extremes.ts");

function runChild(
  name: string,
  limitMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--max-old-space-size=6144", "--import", "tsx", SCRIPT, name], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

for (const [name, [, expectedMs]] of Object.entries(EXTREMES)) {
  const limit = 10 * expectedMs + 10_000; // + the start of node and tsx
  test(name, { timeout: limit + 5000 }, async () => {
    const r = await runChild(name, limit);
    count("extreme inputs");
    assert.equal(r.signal, null, `${name}: stopped after ${limit} ms (a hang?)\n${r.out.slice(-3000)}`);
    assert.equal(r.code, 0, `${name}: exit ${r.code}\n${r.out.slice(-3000)}`);
  });
}
