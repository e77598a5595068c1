// The base protocol over stdio, read in pieces: checked against
// vscode-jsonrpc's own stream reader, with messages split at every byte, and
// reading what vscode-languageserver's writer (the one the server uses) writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import {
  StreamMessageReader as LibraryReader,
  StreamMessageWriter as LibraryWriter,
  type Message,
} from "vscode-languageserver/node";
import { MAX_BODY, readHeader, StreamMessageReader } from "../../../server/src/lsp/stdio";

function framed(body: string, extraHeader = ""): Buffer {
  const bytes = Buffer.from(body, "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n${extraHeader}\r\n`, "ascii"), bytes]);
}

/** Feeds chunks to our reader; returns the messages and errors it gave. */
function readAll(chunks: Buffer[]): { messages: unknown[]; errors: string[] } {
  const input = new PassThrough();
  const reader = new StreamMessageReader(input);
  const messages: unknown[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  reader.listen((m) => messages.push(m));
  for (const c of chunks) input.emit("data", c);
  return { messages, errors };
}

const SAMPLES: Message[] = [
  { jsonrpc: "2.0", id: 1, method: "initialize", params: {} } as Message,
  { jsonrpc: "2.0", method: "textDocument/didOpen", params: { text: 'd /run/é 0755 – 😀 \u0000 \\ "' } } as Message,
  { jsonrpc: "2.0", id: 2, result: null } as Message,
];

test("reader: messages split at every byte, several to a chunk, multi-byte characters cut in half", () => {
  const all = Buffer.concat(SAMPLES.map((m) => framed(JSON.stringify(m))));
  for (let cut = 0; cut <= all.length; cut++) {
    const r = readAll([all.subarray(0, cut), all.subarray(cut)]);
    assert.deepEqual(r.errors, [], `cut at ${cut}`);
    assert.deepEqual(r.messages, SAMPLES, `cut at ${cut}`);
  }
  // One byte at a time.
  const r = readAll([...all].map((b) => Buffer.from([b])));
  assert.deepEqual(r.messages, SAMPLES);
});

test("reader: header fields in any case and order, with a UTF-8 content type", () => {
  const body = JSON.stringify(SAMPLES[0]);
  const bytes = Buffer.from(body);
  const raw = Buffer.concat([
    Buffer.from(`content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:${bytes.length}\r\n\r\n`),
    bytes,
  ]);
  assert.deepEqual(readAll([raw]).messages, [SAMPLES[0]]);
  // A stray CR right before the blank line still ends the header there.
  const stray = Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\nX-Note: a\r\r\n\r\n`), bytes]);
  assert.deepEqual(readAll([stray]).messages, [SAMPLES[0]]);
});

/** Feeds chunks to a reader with an onFatal handler; returns what it gave. */
function readWithFatal(chunks: Buffer[]): { messages: unknown[]; errors: string[]; fatal: string[] } {
  const input = new PassThrough();
  const fatal: string[] = [];
  const reader = new StreamMessageReader(input, { onFatal: (why) => fatal.push(why) });
  const messages: unknown[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  reader.listen((m) => messages.push(m));
  for (const c of chunks) input.emit("data", c);
  return { messages, errors, fatal };
}

test("reader: a body that is not JSON, or in another charset, is reported and skipped; the next message is read", () => {
  const good = framed(JSON.stringify(SAMPLES[2]));
  const latin1 = framed(JSON.stringify(SAMPLES[0]), "Content-Type: text/x; charset=latin1\r\n");
  const cases: [Buffer, RegExp][] = [
    [latin1, /charset "latin1"/],
    [framed("{not json"), /not JSON/],
  ];
  for (const [bad, why] of cases) {
    const all = Buffer.concat([bad, good]);
    for (const chunks of [[all], [...all].map((b) => Buffer.from([b]))]) {
      const r = readWithFatal(chunks);
      assert.deepEqual(r.fatal, []);
      assert.equal(r.errors.length, 1, bad.toString());
      assert.match(r.errors[0]!, why);
      assert.deepEqual(r.messages, [SAMPLES[2]], "exactly the bad message's body is skipped");
    }
  }
});

test("reader: a header it cannot get back in step from is fatal once, and nothing after it is read", () => {
  const good = framed(JSON.stringify(SAMPLES[2]));
  const cases: [Buffer, RegExp][] = [
    [Buffer.from("Content-Type: x\r\n\r\n"), /no Content-Length/],
    [Buffer.from("Content-Length: many\r\n\r\n"), /not a decimal number/],
    [Buffer.from("Content-Length: +2\r\n\r\n{}"), /not a decimal number/],
    [Buffer.from("Content-Length: -1\r\n\r\n"), /not a decimal number/],
    [Buffer.from(`Content-Length: ${MAX_BODY + 1}\r\n\r\n`), /larger than/],
    [Buffer.from("Content-Length: 99999999999999999999\r\n\r\n"), /larger than/],
    [Buffer.from("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), /two Content-Length/],
    [Buffer.from("Content-Length: 2\n\n{}"), /line feed without a carriage return/],
    [Buffer.from("nonsense\r\n\r\n"), /no ":"/],
    [Buffer.alloc(10_000, 65), /longer than 8 KiB/],
  ];
  for (const [bad, why] of cases) {
    const r = readWithFatal([Buffer.concat([good, bad, good]), good]);
    assert.equal(r.fatal.length, 1, bad.toString().slice(0, 60));
    assert.match(r.fatal[0]!, why);
    assert.deepEqual(r.messages, [SAMPLES[2]], "only the message before the bad header");
    assert.deepEqual(r.errors, []);
  }
  // Without onFatal, the error goes to onError, once.
  const r = readAll([Buffer.from("Content-Length: x\r\n\r\n"), good]);
  assert.equal(r.errors.length, 1);
  assert.deepEqual(r.messages, []);
});

test("reader: a body up to 64 MiB is read", () => {
  const body = JSON.stringify({ jsonrpc: "2.0", method: "x", params: { text: "a".repeat(MAX_BODY - 60) } });
  const bytes = Buffer.from(body);
  assert.ok(bytes.length <= MAX_BODY);
  const r = readWithFatal([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
  assert.deepEqual(r.fatal, []);
  assert.equal(r.messages.length, 1);
});

test("reader: a handler that throws loses its own message only", () => {
  const input = new PassThrough();
  const reader = new StreamMessageReader(input);
  const got: unknown[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  reader.listen((m) => {
    got.push(m);
    if (got.length === 1) throw new Error("handler failed");
  });
  input.emit("data", Buffer.concat(SAMPLES.map((m) => framed(JSON.stringify(m)))));
  assert.deepEqual(got, SAMPLES);
  assert.deepEqual(errors, ["handler failed"]);
});

test("reader: the end of the stream closes the reader once", async () => {
  const input = new PassThrough();
  const reader = new StreamMessageReader(input);
  let closed = 0;
  reader.onClose(() => closed++);
  reader.listen(() => undefined);
  input.end(framed(JSON.stringify(SAMPLES[0])));
  await new Promise((r) => input.once("close", r));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, 1);
});

test("readHeader reads the field and refuses what is not a length", () => {
  assert.deepEqual(readHeader("Content-Length: 12"), { length: 12 });
  assert.deepEqual(readHeader("Content-Length: 0012\r\nX-Other: y"), { length: 12 });
  assert.deepEqual(readHeader(`Content-Length: ${MAX_BODY}`), { length: MAX_BODY });
  assert.match(String((readHeader("Content-Length: -1") as { fatal: string }).fatal), /not a decimal number/);
  assert.match(String((readHeader("nonsense") as { fatal: string }).fatal), /no ":"/);
  assert.match(
    String((readHeader("Content-Length: 2\r\nContent-Type: a; charset=utf-16") as { skip: string }).skip),
    /charset "utf-16"/,
  );
});

/** Writes messages with vscode-languageserver's writer into a stream and reads them back with a reader. */
async function roundTrip(messages: Message[], reader: "ours" | "library"): Promise<unknown[]> {
  const pipe = new PassThrough();
  const w = new LibraryWriter(pipe);
  const r = reader === "ours" ? new StreamMessageReader(pipe) : new LibraryReader(pipe);
  const got: unknown[] = [];
  const all = new Promise<void>((resolve) =>
    r.listen((m) => {
      got.push(m);
      if (got.length === messages.length) resolve();
    }),
  );
  for (const m of messages) await w.write(m);
  await all;
  r.dispose();
  return got;
}

test("reader: large messages with surrogate pairs and multi-byte characters at every position around the stream's chunk boundaries, as vscode-languageserver's writer writes them", async () => {
  const big: Message[] = [];
  // Pairs and multi-byte characters land on every position around the stream's 16 KiB chunk boundary.
  for (let shift = 0; shift < 6; shift++) {
    big.push({
      jsonrpc: "2.0",
      method: "x",
      params: { text: "a".repeat(16_384 - 30 + shift) + "😀é😀".repeat(20_000) },
    } as Message);
  }
  big.push(...SAMPLES);
  assert.deepEqual(await roundTrip(big, "library"), big);
  assert.deepEqual(await roundTrip(big, "ours"), big);
});
