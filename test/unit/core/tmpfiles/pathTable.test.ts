// The table of paths keys its lines by a hash of the path: two paths with one
// hash stay two paths. test/cases/tmpfiles/duplicates.conf holds such pairs
// (systemd's verdicts on them are test/conformance's); this test keeps them
// colliding, and checks the table's answers across files too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkTmpfiles, type LineLocation } from "../../../../server/src/core/tmpfiles/check.js";
import { PathTable, pathHash } from "../../../../server/src/core/tmpfiles/duplicates.js";

const PAIRS = [
  ["/tmp/case-dup/hash-96864", "/tmp/case-dup/hash-134981"],
  ["/tmp/case-dup/glob-41268*", "/tmp/case-dup/glob-81252*"],
] as const;

test("the colliding paths of the duplicates case share one hash", () => {
  const text = readFileSync(join(__dirname, "../../../cases/tmpfiles/duplicates.conf"), "utf8");
  for (const [a, b] of PAIRS) {
    assert.notEqual(a, b);
    assert.equal(pathHash(a), pathHash(b), `${a} and ${b}`);
    assert.ok(text.includes(` ${a} `) && text.includes(` ${b} `), `the case file names ${a} and ${b}`);
  }
});

test("a hash is a small non-negative integer", () => {
  for (const p of ["/", "/run/a", "/tmp/" + "x".repeat(4000), "/tmp/\u00e9\u{1f600}"]) {
    const h = pathHash(p);
    assert.ok(Number.isInteger(h) && h >= 0 && h < 2 ** 30, `${p}: ${h}`);
  }
});

test("colliding paths across files: each later line meets the earlier line of its own path", () => {
  const [a, b] = PAIRS[0];
  const table = new PathTable<LineLocation>();
  const first = checkTmpfiles(`d ${a} 0755\n`, { fileName: "/etc/tmpfiles.d/a.conf" }, table);
  assert.deepEqual(first.diagnostics, []);
  const second = checkTmpfiles(
    `d ${b} 0700\nd ${a} 0755\nd ${a} 0700\nd ${b} 0700\n`,
    { fileName: "/etc/tmpfiles.d/b.conf" },
    table,
  );
  const found = second.diagnostics.map((d) => [d.code, d.message]);
  assert.deepEqual(found, [
    [
      "duplicate-path",
      `/etc/tmpfiles.d/a.conf:1 already owns ${a} with other settings; systemd-tmpfiles keeps that line and ignores this one.`,
    ],
  ]);
  assert.equal(second.diagnostics[0]!.offset, second.document.lines[2]!.offset + 2);
});
