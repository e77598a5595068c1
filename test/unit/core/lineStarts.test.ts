// The line index of a string (breaks found by indexOf) against the same
// text read a character at a time, as the server's text in pieces is read:
// the same line starts for texts made of "\n", "\r", "\r\n" and words.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { allLineStarts, type TextLike } from "../../../server/src/core/text.js";

/** The text as a TextLike that is not a string. */
function notString(text: string): TextLike {
  return {
    length: text.length,
    charCodeAt: (i) => text.charCodeAt(i),
    slice: (start, end) => text.slice(start, end),
    toString: () => text,
  };
}

test("a string's line starts are those read a character at a time", () => {
  const piece = fc.constantFrom("\n", "\r", "\r\n", "\n\r", "\r\r", "\n\n", "d /a", "x", "");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join("");
      assert.deepEqual(allLineStarts(text), allLineStarts(notString(text)));
    }),
    { numRuns: 2000 },
  );
});
