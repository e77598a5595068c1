import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ancestors, compareTreeOrder, normaliseTarget } from "../../../../server/src/core/manifest/paths.js";

test("normaliseTarget", () => {
  assert.deepEqual(normaliseTarget("//ssh//./ssh_config/"), { ok: true, path: "ssh/ssh_config" });
  assert.deepEqual(normaliseTarget("a/../b"), { ok: true, path: "b" });
  assert.deepEqual(normaliseTarget("a/../.."), { ok: false, reason: "leaves-etc" });
  assert.deepEqual(normaliseTarget("/./"), { ok: false, reason: "empty" });
  assert.equal(normaliseTarget("a\0").ok, false);
});

test("tree order puts a directory right before what it holds", () => {
  const paths = ["a-b", "a/b", "a", "a/b/c", "a.b", "b", "a/a"];
  assert.deepEqual(paths.sort(compareTreeOrder), ["a", "a/a", "a/b", "a/b/c", "a-b", "a.b", "b"]);
  assert.deepEqual(ancestors("a/b/c"), ["a", "a/b"]);
});

test("property: tree order is the component-wise order", () => {
  const byComponents = (a: string, b: string): number => {
    const pa = a.split("/");
    const pb = b.split("/");
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
    return pa.length - pb.length;
  };
  const s = fc.string({ unit: fc.constantFrom("a", "/", "-", ".", "b", "é", "😀") });
  fc.assert(
    fc.property(s, s, (a, b) => Math.sign(compareTreeOrder(a, b)) === Math.sign(byComponents(a, b))),
    { numRuns: 5000 },
  );
});
