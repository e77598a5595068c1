/**
 * Finding 17.6: the stdio reader accepted any Content-Length and could go
 * deaf (a 600 MB body made the join of its pieces throw, and every later
 * message was lost while the pieces stayed held); a rejected charset did not
 * skip its body; "+2", negative lengths and LF-only headers put it out of
 * step. Now a body is at most 64 MiB, and a frame the reader cannot get back
 * in step from ends the server: one line on stderr says what was wrong and
 * the exit status is nonzero, so the client starts it again. A rejected
 * charset skips exactly its body and the next message is answered.
 * Each run is a real server (dist/server.js --stdio) fed raw bytes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { SERVER, serverBuilt } from "../unit/lsp/harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

function frame(message: unknown, header = ""): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${header}\r\n`, "ascii"), body]);
}

const initialize = frame({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { processId: null, rootUri: null, capabilities: {} },
});
const status = (id: number): Buffer => frame({ jsonrpc: "2.0", id, method: "tmpfiles/serverStatus", params: {} });

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the server, writes `bytes`, and waits until it exits or `until`
 * holds for its output (then shuts it down: shutdown, then exit). A server that neither
 * exits nor answers is killed after 20 s; its exit is then by a signal,
 * which the assertions reject.
 */
function run(bytes: Buffer, until?: (stdout: string) => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, PATH: "/nonexistent" },
    });
    let stdout = "";
    let stderr = "";
    let asked = false;
    let exiting = false;
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      if (until && !asked && until(stdout)) {
        asked = true;
        child.stdin.write(frame({ jsonrpc: "2.0", id: 999, method: "shutdown" }));
      }
      if (asked && !exiting && stdout.includes('"id":999')) {
        exiting = true;
        child.stdin.end(frame({ jsonrpc: "2.0", method: "exit" }));
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.stdin.on("error", () => undefined);
    child.on("exit", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.write(bytes);
  });
}

/** The server ended by itself with a nonzero status, and its one line on stderr says `why`. */
async function assertEnds(bytes: Buffer, why: RegExp): Promise<void> {
  const r = await run(Buffer.concat([initialize, bytes, status(2)]));
  assert.equal(
    r.signal,
    null,
    `the server exits by itself (it was killed: it stayed up, deaf); stderr: ${r.stderr.slice(0, 300)}`,
  );
  assert.notEqual(r.code, 0, "a nonzero exit status");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(r.stderr.slice(0, 500))}`);
  assert.match(lines[0]!, why);
  assert.ok(!r.stdout.includes('"id":2'), "nothing after the bad frame is answered");
}

test(
  "Content-Length 9999999999 (and 600 MB) ends the server, saying the body is too large",
  { skip, timeout: 60_000 },
  async () => {
    await assertEnds(Buffer.from("Content-Length: 9999999999\r\n\r\n"), /Content-Length.*9999999999.*64 MiB/);
    await assertEnds(Buffer.from(`Content-Length: ${600 * 1024 * 1024}\r\n\r\n`), /Content-Length.*64 MiB/);
    await assertEnds(Buffer.from(`Content-Length: ${64 * 1024 * 1024 + 1}\r\n\r\n`), /Content-Length.*64 MiB/);
  },
);

test("a Content-Length that is not a decimal number of bytes ends the server", { skip, timeout: 60_000 }, async () => {
  for (const value of ["+2", "-1", "-0", "0x10", "1e3", "2 3", "many", ""]) {
    await assertEnds(
      Buffer.from(`Content-Length: ${value}\r\n\r\n{}`),
      /Content-Length .*not a (decimal )?number of bytes/,
    );
  }
});

test(
  "a header without Content-Length, a field without a colon, or lines ended by LF alone end the server",
  { skip, timeout: 60_000 },
  async () => {
    await assertEnds(
      Buffer.from("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"),
      /no Content-Length/,
    );
    await assertEnds(Buffer.from("nonsense\r\n\r\n"), /no ":"/);
    await assertEnds(Buffer.from("Content-Length: 2\n\n{}"), /line feed without a carriage return|LF/);
    await assertEnds(
      Buffer.from("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
      /Content-Length.*twice|two Content-Length/,
    );
    await assertEnds(Buffer.alloc(10_000, 65), /longer than 8 KiB/);
  },
);

test(
  "a message in another charset is skipped, exactly its body, and the next message is answered",
  { skip, timeout: 60_000 },
  async () => {
    // Its body is a request that must not be answered; the request after it must be.
    const latin1 = frame(
      { jsonrpc: "2.0", id: 7, method: "tmpfiles/serverStatus", params: {} },
      "Content-Type: application/vscode-jsonrpc; charset=latin1\r\n",
    );
    const r = await run(Buffer.concat([initialize, latin1, status(8)]), (out) => out.includes('"id":8'));
    assert.equal(
      r.signal,
      null,
      `the server answered and shut down (it was killed); stderr: ${r.stderr.slice(0, 300)}`,
    );
    assert.equal(r.code, 0, `stderr: ${r.stderr.slice(0, 300)}`);
    assert.ok(!r.stdout.includes('"id":7'), "the message in latin1 is not read");
    assert.match(r.stdout, /"id":8,"result":\{"serverVersion"/);
  },
);

test(
  "a body that is not JSON loses that message only: the frame was whole, the next message is answered",
  { skip, timeout: 60_000 },
  async () => {
    const bad = Buffer.concat([Buffer.from("Content-Length: 9\r\n\r\n"), Buffer.from("{not json")]);
    const r = await run(Buffer.concat([initialize, bad, status(3)]), (out) => out.includes('"id":3'));
    assert.equal(r.signal, null, `stderr: ${r.stderr.slice(0, 300)}`);
    assert.match(r.stdout, /"id":3,"result":/);
  },
);
