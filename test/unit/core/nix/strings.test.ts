// Nix strings decoded as Nix reads them, each character placed on the text it
// was written as, and text written back so that Nix reads it unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseNix } from "../../../../server/src/core/nix/parse";
import { decodeString, escapeFor } from "../../../../server/src/core/nix/strings";

function decode(nix: string) {
  const node = parseNix(nix).topNode.firstChild!;
  assert.match(node.name, /String/);
  let n = 0;
  return decodeString(nix, node, () => ++n);
}

test('"…": escapes, interpolations and $${', () => {
  const d = decode('"a\\tb\\"c\\\\d\\$e ${x} $${y}"');
  assert.equal(d.value, 'a\tb"c\\d$e /nix/store/00000000000000000000000000000001-interpolation $${y}');
  assert.deepEqual([d.from[1], d.to[1]], [2, 4], "the tab comes from \\t");
  assert.equal(d.kind[11], "interpolation");
});

test("''…'': the first line break, the common indentation, the last line of spaces", () => {
  assert.equal(decode("''\n    d /a\n      d /b\n\n    d /c\n  ''").value, "d /a\n  d /b\n\nd /c\n");
  assert.equal(decode("''  x\n  y''").value, "x\ny", "a first line with text counts");
  assert.equal(decode("''  x\ny''").value, "  x\ny");
  assert.equal(decode("''\n  a ''${b} ''' ''\\n ''\\x\\y\n''").value, "a ${b} '' \n x\\y\n");
});

test("''…'': escapes and interpolations are not indentation", () => {
  assert.equal(decode("''\n    a\n  ''\\tb\n''").value, "  a\n\tb\n");
  assert.equal(
    decode("''\n    a\n  ${x}\n''").value,
    "  a\n/nix/store/00000000000000000000000000000001-interpolation\n",
  );
});

test("each character is placed on what was written for it", () => {
  const nix = "''\n    d /a ''${x}\n  ''";
  const d = decode(nix);
  const at = d.value.indexOf("$");
  assert.equal(nix.slice(d.from[at], d.to[at]), "''$");
  assert.equal(nix.slice(d.from[0], d.to[0]), "d");
});

test("text written back with escapeFor reads as itself, in both forms", () => {
  const chars = fc.constantFrom(..."ab $'{}\"\\\n\r\t".split(""));
  fc.assert(
    fc.property(
      fc.array(chars, { maxLength: 20 }).map((a) => a.join("")),
      (value) => {
        // A leading line break or spaces of an indented string are dropped by Nix: start with text.
        const v = "x" + value + "x";
        assert.equal(decode(`"${escapeFor('"', v, "")}"`).value, v);
        assert.equal(decode(`''${escapeFor("''", v, "")}''`).value, v);
      },
    ),
    { numRuns: 500 },
  );
});
