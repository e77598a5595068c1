// generate and plan read plain JSON without positions (visitEntryValues);
// whatever the text, the entries they generate from are readManifest's.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { generateItems, plainJsonItems } from "../../../../server/src/core/manifest/generate.js";
import { checkManifest } from "../../../../server/src/core/manifest/checks/index.js";
import { readManifest, visitEntryValues } from "../../../../server/src/core/manifest/read.js";
import { planInputOf, plainPlanInputOf } from "../../../../server/src/core/manifest/index.js";

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
    // Too deep inside an entry's field, and just deep enough: the depth is counted in the values JSON.parse made.
    '[{"target": "x", "source": "/y", "z": ' + "[".repeat(300) + "]".repeat(300) + "}]",
    '[{"target": "x", "source": "/y", "z": ' + "[".repeat(254) + "]".repeat(254) + "}]",
    '[{"target": "x", "source": "/y", "z": ' + "[".repeat(255) + "]".repeat(255) + "}]",
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

// generate and plan read a manifest again with positions only when the plain read says it may have an error:
// it must never call a manifest error-free that checkManifest finds an error in.
const hasError = (text: string): boolean => checkManifest(text).some((d) => d.severity === "error");

/** Entries that are mostly right, a few with one thing wrong, on targets that meet (same target, one inside another). */
const likelyEntry = fc
  .record(
    {
      target: fc.constantFrom("a", "b", "a/b", "c/d", "./c//d", "e", "/etc/e", "x/../f", "..", ""),
      source: fc.constantFrom("/nix/store/x", "/nix/store/y", "/s/*", "rel", "/n\u0000ul"),
      mode: fc.constantFrom("symlink", "direct-symlink", "0440", "0644", "4755", "u+rw", 440),
      user: fc.constantFrom("root", "+0", "+1000", "+65535", "bad name", "+4294967295"),
      group: fc.constantFrom("root", "+0", "wheel"),
      uid: fc.constantFrom(0, 1000, 65535, 4294967294, -1, "0"),
      gid: fc.constantFrom(0, 1, 1.5),
      enable: fc.constantFrom(true, false, "no"),
      text: fc.constantFrom(null, "hello", 3),
      extra: fc.constantFrom(1, "x"),
    },
    { requiredKeys: ["target", "source"] },
  )
  .map((o) => Object.entries(o) as [string, unknown][]);
/** A later repetition of one of the entry's keys (JSON.parse keeps the last value, as readManifest does). */
const withRepeat = fc
  .tuple(likelyEntry, fc.option(fc.tuple(fc.nat(), value)))
  .map(([pairs, again]): [string, unknown][] =>
    again && pairs.length ? [...pairs, [pairs[again[0] % pairs.length]![0], again[1]]] : pairs,
  );
const likelyManifest = fc.oneof(
  fc.array(withRepeat.map(json), { maxLength: 6 }).map((xs) => `[${xs.join(",\n")}]`),
  fc
    .array(fc.tuple(name, withRepeat.map(json)), { maxLength: 6 })
    .map((xs) => `{${xs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
  manifest,
);

test("a manifest read without positions is called error-free only when checkManifest finds no error", () => {
  let free = 0;
  let withErrors = 0;
  fc.assert(
    fc.property(likelyManifest, fc.constantFrom(undefined, "/etc/static"), (text, staticDir) => {
      const plain = plainJsonItems(text, staticDir ? { staticDir } : {});
      if (plain?.errorFree) {
        free++;
        assert.equal(hasError(text), false, text);
      } else if (plain) withErrors++;
    }),
    { numRuns: 5000 },
  );
  // Both answers come up, so the property says something about each.
  assert.ok(free > 100 && withErrors > 100, `${free} error-free, ${withErrors} not`);
});

test("what the plain read calls error-free and what it leaves to the read with positions", () => {
  const cases: [string, boolean | undefined][] = [
    ['[{"target": "a", "source": "/x"}, {"target": "b/c", "source": "/y", "mode": "0440", "user": "+7"}]', true],
    ['{"$schema": 1, "a": {"source": "/x"}, "b": {"target": "c", "source": "/y"}}', true],
    // A repeated key is a warning (JSON keeps the last value), no error; unless the value that counts is wrong.
    ['[{"target": "a", "source": "rel", "source": "/x"}]', true],
    ['[{"target": "a", "source": "/x", "source": 1}]', false],
    ['[{"target": "a", "source": "/x", "extra": 1}]', true],
    ['[{"target": "a", "source": "/x"}, {"target": "a", "source": "/y"}]', false],
    ['[{"target": "a", "source": "/x"}, {"target": "a/b", "source": "/y"}]', false],
    ['[{"target": "a", "source": "rel", "enable": false}]', false],
    ['[{"target": "a", "source": "/x"}, 1]', false],
    ['{"a": {"source": "/x"}, "b": null}', false],
    ['[{"target": "a", "source": "/x", "mode": "0999"}]', false],
    ['[{"target": "a", "source": "/x", "mode": "0440", "user": "+4294967295"}]', false],
    ['[{"target": "a", "source": "/x", "uid": 65535}]', false],
    ['[{"target": "../a", "source": "/x"}]', false],
    ['[{"target": "a", "text": "hi"}]', false],
    ['// a comment\n[{"target": "a", "source": "/x"}]', undefined],
    ['[{"target": "a", "source": "/x"},]', undefined],
  ];
  for (const [text, errorFree] of cases) {
    assert.equal(plainJsonItems(text)?.errorFree, errorFree, text);
    if (errorFree) assert.equal(hasError(text), false, text);
  }
});

test("a manifest read in pieces, as plan reads a file, gives the items of its whole text, or leaves it to that read", () => {
  fc.assert(
    fc.property(likelyManifest, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
      const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const pieces = (piece: (t: string) => void): void => {
        let from = 0;
        for (const c of [...at, text.length]) {
          piece(text.slice(from, c));
          from = c;
        }
      };
      const whole = planInputOf(text, "m.json");
      const streamed = plainPlanInputOf(pieces);
      // Read in pieces only what the whole read takes without a positioned read: a list with no error.
      if (streamed) assert.deepEqual(streamed, whole.input, text);
      else assert.ok(whole.checked !== undefined || !text.trimStart().startsWith("["), text);
    }),
    { numRuns: 2000 },
  );
});
