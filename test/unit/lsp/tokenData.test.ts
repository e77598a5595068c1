/**
 * Semantic tokens kept as numbers in a Uint32Array (tokenData.ts): the
 * stdio writer writes a whole result's numbers itself, and must give the
 * bytes JSON.stringify gives; a delta applied to the result before gives
 * the result after.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SemanticTokens, SemanticTokensDelta } from "vscode-languageserver/node";
import { reusingJsonEncoder } from "../../../server/src/lsp/diagnosticJson";
import { TokenData } from "../../../server/src/lsp/tokenData";
import { mulberry32 as rng } from "../../support/random.js";

/** Random tokens in document order: [line, character, length, type, modifiers]. */
function tokens(seed: number, count: number): number[][] {
  const r = rng(seed);
  const out: number[][] = [];
  let line = 0;
  let ch = 0;
  for (let i = 0; i < count; i++) {
    if (r() < 0.3) {
      line += 1 + Math.floor(r() * 3);
      ch = 0;
    }
    ch += Math.floor(r() * 40);
    out.push([line, ch, 1 + (Math.floor(r() * 5_000_000_000) % 4_294_967_295), Math.floor(r() * 10), 0]);
  }
  return out;
}

function built(rows: number[][], data = new TokenData()): TokenData {
  for (const [l, c, n, t, m] of rows) data.push(l!, c!, n!, t!, m!);
  return data;
}

test("a whole result is written as the bytes JSON.stringify gives", async () => {
  for (const count of [0, 1, 7, 1000]) {
    const result = built(tokens(count, count)).build();
    for (const id of [3, 'a"b']) {
      const msg = { jsonrpc: "2.0", id, result };
      const bytes = await reusingJsonEncoder.encode(msg, { charset: "utf-8" });
      assert.equal(Buffer.from(bytes).toString("utf-8"), JSON.stringify(msg), `${count} tokens, id ${id}`);
    }
  }
});

test("a delta applied to the result before gives the result after", () => {
  const before = tokens(1, 500);
  for (const [name, after] of [
    ["a token changed", before.map((t, i) => (i === 250 ? [t[0]!, t[1]!, t[2]! + 1, t[3]!, t[4]!] : t))],
    ["tokens taken away", before.filter((_, i) => i < 100 || i > 120)],
    ["tokens added at the end", [...before, [before.at(-1)![0]! + 1, 0, 4, 1, 0]]],
    ["nothing changed", before],
  ] as const) {
    const data = built(before);
    const first = data.build();
    const delta = built(after as number[][], data).buildDelta(first.resultId!) as SemanticTokensDelta;
    assert.ok("edits" in delta, name);
    const applied = JSON.parse(JSON.stringify(first.data)) as number[];
    for (const e of delta.edits) applied.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const whole = built(after as number[][]).build();
    assert.deepEqual(applied, JSON.parse(JSON.stringify(whole.data)), name);
  }
  // Against a result it does not keep, a whole result.
  const data = built(before);
  data.build();
  assert.ok("data" in (built(before, data).buildDelta("unknown") as SemanticTokens));
});
