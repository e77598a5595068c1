/**
 * Fuzzing the language server over the protocol (dist/server.js --stdio):
 * random incremental edits against a shadow copy of the text; after each
 * batch the server's view must be the shadow's (its semantic tokens and
 * formatting edits are the core's for the shadow text, and the diagnostics
 * it publishes for the batch's version are a fresh core check of the
 * shadow). Malformed and out-of-order requests get errors or empty answers,
 * never a dead server.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fc from "fast-check";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type SemanticTokens,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import { checkTmpfiles, parseForVersion } from "../../server/src/core/tmpfiles/check";
import { formatTmpfiles } from "../../server/src/core/tmpfiles/format";
import { semanticTokens } from "../../server/src/core/tmpfiles/semanticTokens";
import { applyEdits, LineIndex } from "../../server/src/core/text";
import { NEWEST_VERSION } from "../../server/src/core/versions";
import { applyTextEdits, SERVER, serverBuilt, startClient, type TestClient } from "../unit/lsp/harness";
import { anyText, tmpfilesText } from "./arbitraries";
import { count } from "./counts";
import { runs } from "./settings";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
let n = 0;

before(async () => {
  // The shadow is checked without a user database: the server checks none either ("target" would read this machine's).
  if (!skip) c = await startClient({ settings: { userDatabase: "none" } });
});
after(async () => {
  if (c) await c.stop();
});

type Pos = { line: number; character: number };

/** An offset moved off the middle of a "\r\n" pair (no editor places a position there). */
function snap(text: string, o: number): number {
  return o > 0 && text[o - 1] === "\r" && text[o] === "\n" ? o - 1 : o;
}

const insertion = fc.oneof(
  tmpfilesText(2),
  anyText.map((s) => s.slice(0, 12)),
  fc.constantFrom("", "\n", "\r\n", "\r", "\0", " ", "%", "\\", '"', "d /run/a 0755\n", "d /run/a 0700\n", "\ud800"),
);
const edit = fc.tuple(fc.nat(), fc.nat({ max: 30 }), insertion);
const batch = fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 });

function rangeOf(text: string, from: number, to: number): { start: Pos; end: Pos } {
  const idx = new LineIndex(text);
  return { start: idx.position(from), end: idx.position(to) };
}

/** What the server says of its copy, next to what the core says of the shadow. */
async function assertSameView(uri: string, shadow: string): Promise<void> {
  const idx = new LineIndex(shadow);
  const tokens = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
  const got: string[] = [];
  let line = 0;
  let ch = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    line += tokens.data[i]!;
    ch = tokens.data[i]! === 0 ? ch + tokens.data[i + 1]! : tokens.data[i + 1]!;
    got.push(`${line}:${ch}+${tokens.data[i + 2]}`);
  }
  const doc = parseForVersion(shadow, NEWEST_VERSION);
  const want = semanticTokens(doc).map((t) => {
    const p = idx.position(t.offset);
    return `${p.line}:${p.character}+${t.length}`;
  });
  assert.deepEqual(got, want, `semantic tokens of ${JSON.stringify(shadow)}`);
  const formatting = await c.request<TextEdit[]>("textDocument/formatting", {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.equal(
    applyTextEdits(shadow, formatting),
    applyEdits(shadow, formatTmpfiles(doc)),
    `formatting of ${JSON.stringify(shadow)}`,
  );
  const published = c.diagnostics.get(uri)!.diagnostics;
  const fresh = checkTmpfiles(shadow, { systemdVersion: NEWEST_VERSION, fileName: new URL(uri).pathname }).diagnostics;
  const show = (d: { code?: unknown; range: { start: Pos; end: Pos } }): string =>
    `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
  assert.deepEqual(
    published.map((d: Diagnostic) => show(d)).sort(),
    fresh
      .map((d) =>
        show({ code: d.code, range: { start: idx.position(d.offset), end: idx.position(d.offset + d.length) } }),
      )
      .sort(),
    `diagnostics of ${JSON.stringify(shadow)}`,
  );
}

test(
  "random incremental edits: the server's view is the shadow's after every batch",
  { skip, timeout: 600_000 },
  async () => {
    await fc.assert(
      fc.asyncProperty(tmpfilesText(8), batch, async (initial, batches) => {
        const uri = c.uri(`fuzz-${n++}.tmpfiles`);
        let shadow = initial;
        let version = 1;
        c.open(uri, shadow);
        for (const changes of batches) {
          const contentChanges = [];
          for (const [at, len, text] of changes) {
            const from = snap(shadow, shadow.length ? at % (shadow.length + 1) : 0);
            const to = snap(shadow, Math.min(shadow.length, from + len));
            contentChanges.push({ range: rangeOf(shadow, from, to), text });
            shadow = shadow.slice(0, from) + text + shadow.slice(to);
            count("server edits");
          }
          version++;
          void c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges,
          });
        }
        const v = version;
        await c.until(`diagnostics of version ${v}`, () => c.diagnostics.get(uri)?.version === v);
        await assertSameView(uri, shadow);
        c.close(uri);
      }),
      runs(60),
    );
  },
);

test("malformed and out-of-order requests get errors, never a dead server", { skip, timeout: 120_000 }, async () => {
  const uri = c.uri("alive.tmpfiles");
  c.open(uri, "d /run/a 0755\n");
  await c.diagnosticsOf(uri);
  const unknown = "file:///nowhere/x.tmpfiles";
  const badPositions = [
    { line: -1, character: 0 },
    { line: 1e9, character: 1e9 },
    { line: 0.5, character: 0 },
    { line: "0", character: 0 },
    null,
    {},
  ];
  const garbage: unknown[] = [
    null,
    0,
    "x",
    [],
    [1, 2],
    { textDocument: null },
    { textDocument: { uri: 5 } },
    { textDocument: { uri: "" } },
    { textDocument: { uri: "not a uri" } },
  ];
  const methods = [
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/codeAction",
    "textDocument/documentSymbol",
    "textDocument/formatting",
    "textDocument/semanticTokens/full",
    "tmpfiles/generatePreview",
    "tmpfiles/planPreview",
    "tmpfiles/serverStatus",
    "no/suchMethod",
  ];
  const requests: [string, unknown][] = [];
  for (const m of methods) {
    for (const g of garbage) requests.push([m, g]);
    requests.push([
      m,
      {
        textDocument: { uri: unknown },
        position: { line: 0, character: 0 },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ]);
    for (const p of badPositions)
      requests.push([
        m,
        { textDocument: { uri }, position: p, range: { start: p, end: p }, context: { diagnostics: [] } },
      ]);
  }
  requests.push(
    ["tmpfiles/generatePreview", { uri: unknown }],
    ["tmpfiles/generatePreview", { uri: "file:///etc/shadow" }],
    ["tmpfiles/planPreview", { old: { text: "[".repeat(5000) }, new: { uri } }],
    ["tmpfiles/planPreview", { old: { uri: unknown }, new: { uri: unknown } }],
  );
  for (const [method, params] of requests) {
    count("server malformed requests");
    try {
      await c.request(method, params);
    } catch (e) {
      assert.ok(e instanceof Error, `${method}: an error response`);
    }
    assert.equal(c.exited, undefined, `the server is alive after ${method} ${JSON.stringify(params)}`);
  }
  // Notifications out of order or about nothing.
  const notes: [string, unknown][] = [
    ["textDocument/didChange", { textDocument: { uri: unknown, version: 2 }, contentChanges: [{ text: "x" }] }],
    [
      "textDocument/didChange",
      {
        textDocument: { uri, version: 1 },
        contentChanges: [
          { range: { start: { line: 99, character: 99 }, end: { line: -1, character: -5 } }, text: "x" },
        ],
      },
    ],
    ["textDocument/didChange", { textDocument: { uri }, contentChanges: null }],
    ["textDocument/didChange", null],
    ["textDocument/didClose", { textDocument: { uri: unknown } }],
    ["textDocument/didOpen", { textDocument: { uri, languageId: "tmpfiles", version: 1, text: "again" } }],
    ["textDocument/didOpen", null],
    ["workspace/didChangeConfiguration", { settings: { tmpfiles: { systemdVersion: "nonsense", userDatabase: 5 } } }],
    ["workspace/didChangeWatchedFiles", { changes: [{ uri: "file:///\0", type: 9 }, null] }],
    ["$/cancelRequest", { id: "nope" }],
    ["no/suchNotification", { x: 1 }],
  ];
  for (const [method, params] of notes) {
    count("server malformed requests");
    void c.conn.sendNotification(method, params);
  }
  const alive = await c.request<unknown>("tmpfiles/serverStatus", {});
  assert.ok(alive, "the server still answers");
  assert.equal(c.exited, undefined);
});

test("requests before initialize get an error and the server lives on", { skip, timeout: 60_000 }, async () => {
  count("findings (crash, hang, lost data, wrong answer)"); // tmpfiles/serverStatus was served before initialize
  const child = spawn(process.execPath, [SERVER, "--stdio"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, PATH: "/nonexistent" },
  });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.listen();
  let exited = false;
  child.on("exit", () => (exited = true));
  try {
    for (const m of [
      "textDocument/hover",
      "textDocument/formatting",
      "tmpfiles/serverStatus",
      "tmpfiles/generatePreview",
    ]) {
      count("server malformed requests");
      await assert.rejects(
        conn.sendRequest(m, {
          uri: "file:///x.json",
          textDocument: { uri: "file:///x" },
          position: { line: 0, character: 0 },
        }),
        (e: { code?: number }) => e.code === -32002,
        `${m} before initialize is ServerNotInitialized`,
      );
    }
    void conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri: "file:///x.tmpfiles", languageId: "tmpfiles", version: 1, text: "d /x" },
    });
    const init = await conn.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
    assert.ok(init, "initialize still works");
    assert.equal(exited, false);
    count("findings fixed");
  } finally {
    conn.dispose();
    child.kill();
  }
});
