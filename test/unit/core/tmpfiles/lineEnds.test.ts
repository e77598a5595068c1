// LineEnds (the checker's line splitter) against lineContentEnd, the one
// character at a time reading of systemd's line breaks: the same ends for
// every line of texts made of breaks ("\n", "\r", NUL, in runs) and words.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineEnds, lineContentEnd, skipLineBreak } from "../../../../server/src/core/tmpfiles/parse.js";

function endsOf(text: string, next: (i: number) => number): number[] {
  const out: number[] = [];
  let i = 0;
  do {
    const end = next(i);
    out.push(end);
    i = skipLineBreak(text, end);
  } while (i < text.length);
  return out;
}

test("LineEnds finds the ends lineContentEnd finds", () => {
  const piece = fc.constantFrom("\n", "\r", "\0", "\r\n", "\n\r", "\n\n", "d /a", "x", " ", "\t");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join("");
      const ends = new LineEnds(text);
      assert.deepEqual(
        endsOf(text, (i) => ends.at(i)),
        endsOf(text, (i) => lineContentEnd(text, i)),
      );
    }),
    { numRuns: 2000 },
  );
});

test("LineEnds: a NUL or a CR after many lines that have none", () => {
  const text = "d /a\n".repeat(50) + "f /b\0c\rd\n";
  const ends = new LineEnds(text);
  assert.deepEqual(
    endsOf(text, (i) => ends.at(i)),
    endsOf(text, (i) => lineContentEnd(text, i)),
  );
});
