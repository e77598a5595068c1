// The fix-all: the preferred fix of every problem. Where two lines for one
// path can be merged, merging is preferred over deleting the later line, and
// the title counts the lines it takes away.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmpfiles } from "../../../server/src/core/tmpfiles/check.js";
import { applyEdits, linesRemovedBy } from "../../../server/src/core/text.js";
import { fixAllEdits, fixAllTitle } from "../../../server/src/core/fixAll.js";

function fixAll(text: string): { text: string; removed: number } {
  const ds = checkTmpfiles(text).diagnostics;
  const edits = fixAllEdits(
    ds.map((d) => ({
      fixes: (d.fixes ?? []).map((f) => ({
        title: f.title,
        preferred: f.preferred === true,
        edits: [{ uri: "u", edits: f.edits }],
      })),
    })),
    "u",
  );
  return { text: applyEdits(text, edits), removed: linesRemovedBy(text, edits) };
}

test("a duplicate that can be merged has the merge as its one preferred fix", () => {
  const d = checkTmpfiles("d /run/a 0755\nd /run/a - root\n").diagnostics.find((x) => x.code === "duplicate-path")!;
  assert.deepEqual(
    d.fixes!.filter((f) => f.preferred).map((f) => f.title),
    ["Merge this line into the earlier one"],
  );
});

test("a duplicate that disagrees with the earlier line has the removal as its preferred fix", () => {
  const d = checkTmpfiles("d /run/a 0755\nd /run/a 0700\n").diagnostics.find((x) => x.code === "duplicate-path")!;
  assert.deepEqual(
    d.fixes!.filter((f) => f.preferred).map((f) => f.title),
    ["Remove this line (systemd ignores it)"],
  );
});

test("fix-all merges where it can, removes where it cannot, and counts the lines it removes", () => {
  const r = fixAll("d /run/a 0755\nd /run/a - root\nd /run/b 0755\nd /run/b 0700\nF /run/x\n");
  assert.equal(r.text, "d /run/a 0755 root\nd /run/b 0755\nf+ /run/x\n");
  assert.equal(r.removed, 2);
  assert.deepEqual(checkTmpfiles(r.text).diagnostics, []);
});

test("merges into one earlier line overlap: fix-all takes the first, and running it again takes the next", () => {
  const once = fixAll("d /run/a 0755\nd /run/a - root\nd /run/a - - wheel\n");
  assert.deepEqual(once, { text: "d /run/a 0755 root\nd /run/a - - wheel\n", removed: 1 });
  const twice = fixAll(once.text);
  assert.deepEqual(twice, { text: "d /run/a 0755 root wheel\n", removed: 1 });
  assert.deepEqual(checkTmpfiles(twice.text).diagnostics, []);
});

test("lines removed count every kind of line break, less those an edit writes", () => {
  assert.equal(linesRemovedBy("a\r\nb\rc\nd", [{ offset: 0, length: 7, newText: "x\n" }]), 2);
  assert.equal(linesRemovedBy("abc", [{ offset: 0, length: 1, newText: "z" }]), 0);
});

test("the title says how many lines go", () => {
  assert.equal(fixAllTitle(0), "Apply every preferred tmpfiles fix (removes no lines)");
  assert.equal(fixAllTitle(1), "Apply every preferred tmpfiles fix (removes 1 line)");
  assert.equal(fixAllTitle(3), "Apply every preferred tmpfiles fix (removes 3 lines)");
});
