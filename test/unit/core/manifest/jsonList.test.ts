// A JSON list read a group of members at a time gives what JSON.parse of the
// whole text gives, and refuses every text that JSON.parse refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { JsonListReader } from "../../../../server/src/core/manifest/jsonList.js";
import { MAX_JSON_DEPTH } from "../../../../server/src/core/manifest/depth.js";

/** JSON.parse's list, or undefined when it refuses the text or it is not a list. */
function parsedList(text: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function members(text: string): unknown[] | undefined {
  const seen: unknown[] = [];
  const reader = new JsonListReader((v) => seen.push(v));
  reader.feed(text);
  const n = reader.end();
  if (n === undefined) return undefined;
  assert.equal(n, seen.length, text);
  return seen;
}

// Pieces that break the split if strings or brackets are misread: quotes, backslashes, commas and brackets in strings.
const piece = fc.constantFrom(
  '"',
  "\\",
  ",",
  "[",
  "]",
  "{",
  "}",
  "\\\\",
  '\\"',
  " ",
  "\n",
  "\u00a0",
  "\ufeff",
  "/",
  "*",
  "a",
  "1",
  ":",
);
const jsonish = fc.array(piece, { maxLength: 14 }).map((xs) => xs.join(""));
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string().map((s) => ({ target: s, source: `/${s}` })),
);

test("a list of any JSON values: the members JSON.parse gives, in order", () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 600 }), fc.constantFrom(0, 1, 2), (xs, indent) => {
      const text = JSON.stringify(xs, null, indent);
      assert.deepEqual(members(text), JSON.parse(text));
    }),
    { numRuns: 300 },
  );
});

test("a text JSON.parse refuses, or that is no list, is refused; one it reads as a list is read the same", () => {
  fc.assert(
    fc.property(jsonish, jsonish, fc.array(value, { maxLength: 3 }), (a, b, xs) => {
      for (const text of [`[${a}]`, `[${a},${b}]`, `${a}[${b}]`, `[${JSON.stringify(xs).slice(1, -1)}${a}]${b}`, a]) {
        const want = parsedList(text);
        assert.deepEqual(members(text), want, JSON.stringify(text));
      }
    }),
    { numRuns: 3000 },
  );
});

test("edge cases of the frame and of nesting", () => {
  for (const text of [
    "[]",
    " [ \n\t] \r\n",
    "[ , ]",
    "[,]",
    "[1,]",
    "[,1]",
    "\ufeff[]",
    "[\u00a0]",
    "[1] x",
    "[1]]",
    "[[1]",
    '["]"]',
    '["\\\\", "\\""]',
    '[{"a": [1, {"b": ","}]}, 2]',
    "[1 2]",
    "{}",
    '"["',
    "",
    "[" + "[".repeat(MAX_JSON_DEPTH - 1) + "]".repeat(MAX_JSON_DEPTH),
  ])
    assert.deepEqual(members(text), parsedList(text), JSON.stringify(text));
  // One level more than the bound is refused, though JSON.parse reads it.
  assert.equal(members("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1)), undefined);
});

test("fed in pieces cut anywhere (inside strings and escapes too), the same as fed whole", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.array(value, { maxLength: 700 }).map((xs) => JSON.stringify(xs, null, 1)),
        fc.tuple(jsonish, jsonish).map(([a, b]) => `[${a},${b}]`),
      ),
      fc.array(fc.nat(), { maxLength: 12 }),
      (text, cuts) => {
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const seen: unknown[] = [];
        const reader = new JsonListReader((v) => seen.push(v));
        let from = 0;
        for (const c of [...at, text.length]) {
          reader.feed(text.slice(from, c));
          from = c;
        }
        const n = reader.end();
        assert.deepEqual(n === undefined ? undefined : seen, parsedList(text), JSON.stringify(text));
      },
    ),
    { numRuns: 1000 },
  );
});
