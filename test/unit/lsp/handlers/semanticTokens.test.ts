/**
 * Semantic tokens over the protocol (handlers/semanticTokens.ts): a range
 * gives the whole document's tokens on those lines, a delta applied to the
 * previous result gives the new whole result, and a large document's tokens
 * are made a slice at a time (handlers/slices.ts), so an edit that arrives
 * meanwhile is taken at once and the request ends with ContentModified
 * instead of answering for a text that is gone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SemanticTokens, SemanticTokensDelta } from "vscode-languageserver-protocol";
import { serverForFile } from "../harness";

const { skip, client } = serverForFile();
let n = 0;

/** Tokens as absolute [line, character, length, type, modifiers] rows. */
function absolute(data: readonly number[]): number[][] {
  const out: number[][] = [];
  let line = 0;
  let ch = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    ch = data[i]! === 0 ? ch + data[i + 1]! : data[i + 1]!;
    out.push([line, ch, data[i + 2]!, data[i + 3]!, data[i + 4]!]);
  }
  return out;
}

const TEXT = [
  "# header",
  "d /run/a-%m 0755 root root 10d -",
  "L+ /etc/b - - - - /nix/store/x",
  "f /run/c 0644 - - - hello %H",
  "z /var/x 0700",
  "",
].join("\n");

test("the server offers whole, delta and range tokens", { skip }, () => {
  const c = client();
  const p = c.initializeResult!.capabilities.semanticTokensProvider as { full?: unknown; range?: unknown };
  assert.deepEqual(p.full, { delta: true });
  assert.equal(p.range, true);
});

test("a range's tokens are the whole document's tokens on those lines", { skip }, async () => {
  const c = client();
  const uri = c.uri(`range-${n++}.tmpfiles`);
  c.open(uri, TEXT);
  const full = absolute(
    (await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } })).data,
  );
  for (const [from, to] of [
    [0, 0],
    [1, 2],
    [2, 4],
    [3, 10],
  ] as const) {
    const range = absolute(
      (
        await c.request<SemanticTokens>("textDocument/semanticTokens/range", {
          textDocument: { uri },
          range: { start: { line: from, character: 0 }, end: { line: to, character: 0 } },
        })
      ).data,
    );
    assert.deepEqual(
      range,
      full.filter((t) => t[0]! >= from && t[0]! <= to),
      `lines ${from}–${to}`,
    );
  }
});

test("a delta applied to the previous tokens gives the new document's tokens", { skip }, async () => {
  const c = client();
  const uri = c.uri(`delta-${n++}.tmpfiles`);
  c.open(uri, TEXT);
  const first = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
  assert.ok(first.resultId);
  const changed = TEXT.replace("L+ /etc/b", "d /etc/inserted\nL+ /etc/b");
  c.change(uri, changed);
  const delta = await c.request<SemanticTokensDelta | SemanticTokens>("textDocument/semanticTokens/full/delta", {
    textDocument: { uri },
    previousResultId: first.resultId,
  });
  assert.ok("edits" in delta, "answered as edits against the previous result");
  const data = [...first.data];
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start))
    data.splice(e.start, e.deleteCount, ...(e.data ?? []));
  const fresh = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
  assert.deepEqual(data, fresh.data);
  assert.ok(
    delta.edits.reduce((a, e) => a + (e.data?.length ?? 0), 0) < fresh.data.length,
    "the delta is smaller than the whole",
  );
  // A result id the server does not know gets the whole result.
  const unknown = await c.request<SemanticTokens | SemanticTokensDelta>("textDocument/semanticTokens/full/delta", {
    textDocument: { uri },
    previousResultId: "no-such-result",
  });
  assert.ok("data" in unknown && unknown.data.length === fresh.data.length);
});

test(
  "an edit during a large document's tokens is taken at once: the tokens end with ContentModified",
  { skip, timeout: 120_000 },
  async () => {
    const c = client();
    const uri = c.uri(`large-${n++}.tmpfiles`);
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`d /run/large-%m/${i} 0755 root root 10d -`);
    c.open(uri, lines.join("\n") + "\n");
    await c.diagnosticsOf(uri, () => true, 60_000);
    const tokens = c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "d /run/bad 9999\n");
    await assert.rejects(
      tokens,
      (e: { code?: number }) => e.code === -32801,
      "ContentModified (-32801): the text the tokens were for is gone",
    );
    const d = await c.diagnosticsOf(uri, (ds) => ds.some((x) => x.code === "mode-invalid"), 60_000);
    assert.ok(d.some((x) => x.range.start.line === 0));
    // Asked again, the tokens are those of the new text.
    const again = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    assert.equal(absolute(again.data).at(-1)![0], 100_000, "the last token is on the last line of the new text");
  },
);
