/** Property tests: random manifests and random text against the reader, generate and plan. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkManifest,
  generate,
  manifestCompletions,
  manifestHover,
  plan,
  readManifest,
} from "../../../../server/src/core/manifest/index.js";
import { applyLines, dump, layout } from "./tree-sim.js";

const component = fc.constantFrom("a", "b", "c", "d d", "e%f", 'g"h', "ü", "x*", "i'j", "k\\l");
const target = fc.array(component, { minLength: 1, maxLength: 3 }).map((p) => p.join("/"));
const source = fc.constantFrom("/s/1", "/s/2", "/s/dir/*", '/s/q uote"d', "/s/%p", "/s/back\\slash");
const entry = fc.record(
  {
    target,
    source,
    mode: fc.constantFrom("symlink", "direct-symlink", "0644", "0600", "440"),
    user: fc.constantFrom("+0", "root", "+1000", "nobody"),
    group: fc.constantFrom("+0", "wheel"),
    enable: fc.boolean(),
  },
  { requiredKeys: ["target", "source"] },
);
const listManifest = fc.array(entry, { maxLength: 8 }).map((es) => JSON.stringify(es, null, 1));
const objectManifest = fc
  .dictionary(
    target,
    entry.map(({ target: _t, ...rest }) => rest),
    { maxKeys: 6 },
  )
  .map((o) => JSON.stringify(o));
const manifest = fc.oneof(listManifest, objectManifest);
const staticDir = fc.constantFrom(undefined, "/etc/static");

/** Text that is mostly JSON-ish: valid manifests cut and spliced, JSON values, and noise. */
const noisy = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .tuple(manifest, fc.nat(), fc.nat(), fc.string({ maxLength: 4 }))
    .map(([m, a, b, s]) => m.slice(0, a % (m.length + 1)) + s + m.slice(b % (m.length + 1))),
);

test("property: reading and checking never throw, and diagnostics stay inside the text", () => {
  fc.assert(
    fc.property(noisy, fc.nat(), (text, at) => {
      const m = readManifest(text);
      const diags = checkManifest(m);
      for (const d of diags) assert.ok(d.offset >= 0 && d.offset + d.length <= text.length, JSON.stringify(d));
      const offset = at % (text.length + 1);
      manifestHover(text, offset);
      manifestCompletions(text, offset);
      generate(m);
    }),
    { numRuns: 3000 },
  );
});

test("property: every fix leaves valid JSON", () => {
  fc.assert(
    fc.property(manifest, (text) => {
      for (const d of checkManifest(text))
        for (const f of d.fixes ?? []) {
          let out = text;
          for (const e of [...f.edits].sort((a, b) => b.offset - a.offset))
            out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
          assert.doesNotThrow(() => JSON.parse(out), `${d.code}: ${f.title}\n${out}`);
        }
    }),
    { numRuns: 500 },
  );
});

test("property: generate is deterministic and does not depend on formatting", () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 8 }), staticDir, (es, dir) => {
      const a = generate(JSON.stringify(es, null, 2), { staticDir: dir });
      assert.equal(generate(JSON.stringify(es), { staticDir: dir }), a);
      assert.equal(generate(`// comment\n${JSON.stringify(es)}`, { staticDir: dir }), a);
    }),
  );
});

test("property: generate's output lays out without errors in the model of systemd-tmpfiles", () => {
  fc.assert(fc.property(manifest, staticDir, (text, dir) => void layout(generate(text, { staticDir: dir }))));
});

test("property: plan(A, A) changes nothing", () => {
  fc.assert(
    fc.property(manifest, staticDir, (a, dir) => {
      const p = plan(a, a, { staticDir: dir });
      assert.deepEqual(p.replace, []);
      assert.deepEqual(p.remove, []);
      assert.ok(p.changes.every((c) => c.action === "keep"));
      assert.equal(p.create.map((l) => l + "\n").join(""), generate(a, { staticDir: dir }));
    }),
  );
});

test("property: plan(A, B) takes A's tree to B's, and plan(B, A) takes it back", () => {
  fc.assert(
    fc.property(manifest, manifest, staticDir, (a, b, dir) => {
      const o = { staticDir: dir };
      const treeA = dump(layout(generate(a, o)));
      const treeB = dump(layout(generate(b, o)));
      const ab = plan(a, b, o);
      const t = layout(generate(a, o));
      applyLines(t, [...ab.replace, ...ab.create, ...ab.remove]);
      assert.deepEqual(dump(t), treeB);
      const ba = plan(b, a, o);
      applyLines(t, [...ba.replace, ...ba.create, ...ba.remove]);
      assert.deepEqual(dump(t), treeA);
      assert.equal(ba.create.map((l) => l + "\n").join(""), generate(a, o));
      // The same plans from the generated snippets.
      assert.deepEqual(plan(generate(a, o), generate(b, o)), ab);
    }),
    { numRuns: 500 },
  );
});
