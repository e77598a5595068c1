// generate and plan read plain JSON without positions (visitEntryValues);
// whatever the text, the entries they generate from are readManifest's.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { generateItems } from "../../../../server/src/core/manifest/generate.js";
import { readManifest, visitEntryValues } from "../../../../server/src/core/manifest/read.js";

const value = fc.oneof(
  fc.constantFrom(
    "a/b",
    "c",
    "/nix/store/x-a",
    "/x/*",
    "symlink",
    "direct-symlink",
    "0440",
    "644",
    "+0",
    "+1000",
    "root",
    "a/../..",
    "",
    "./d//e/",
    "\u0000",
  ),
  fc.integer({ min: -2, max: 5 }),
  fc.constantFrom(4294967294, 4294967295, 1.5, -0, true, false, null),
  fc.constant([1]),
  fc.constant({ x: 1 }),
);
const field = fc.constantFrom(
  "target",
  "source",
  "mode",
  "user",
  "group",
  "uid",
  "gid",
  "enable",
  "text",
  "other",
  "__proto__",
);
const entry = fc.array(fc.tuple(field, value), { maxLength: 7 });
const json = (pairs: [string, unknown][]): string =>
  `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")}}`;
const name = fc.constantFrom("a", "b", "a/b", "0", "10", "$schema", "x y", "__proto__");

const manifest = fc.oneof(
  fc
    .array(fc.oneof(entry.map(json), fc.constantFrom("1", "null", "[]", '"s"')), { maxLength: 8 })
    .map((xs) => `[${xs.join(",\n")}]`),
  fc
    .array(fc.tuple(name, fc.oneof(entry.map(json), fc.constantFrom("1", "null"))), { maxLength: 8 })
    .map((xs) => `{${xs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
  fc.constantFrom(
    "",
    "5",
    "[1,]",
    "// c\n[]",
    '{"a": {"target": "x", "source": "/y"},}',
    "[" + "[".repeat(300) + "]".repeat(300) + "]",
  ),
);

test("entries read without positions generate what readManifest's entries generate", () => {
  fc.assert(
    fc.property(manifest, fc.constantFrom(undefined, "/etc/static"), (text, staticDir) => {
      const opts = staticDir ? { staticDir } : {};
      const m = readManifest(text);
      const plain = visitEntryValues(text, () => undefined);
      if (plain)
        assert.equal(
          m.diagnostics.some((d) => d.code === "json-syntax" || d.code === "manifest-shape"),
          false,
        );
      assert.deepEqual(generateItems(text, opts), generateItems(m, opts));
    }),
    { numRuns: 3000 },
  );
});

test("the text's order decides between two entries for one target, whatever their names", () => {
  for (const text of [
    '{"a": {"source": "/x"}, "0": {"target": "a", "source": "/y"}}',
    '{"a": {"source": "/x"}, "a": {"source": "/y"}}',
    '[{"target": "a", "source": "/x"}, {"target": "a", "source": "/y"}]',
  ]) {
    assert.deepEqual(generateItems(text), generateItems(readManifest(text)), text);
    assert.deepEqual(generateItems(text), [{ type: "L+", path: "a", argument: "/x" }], text);
  }
});
