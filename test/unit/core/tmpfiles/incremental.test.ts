// The incremental checker against the full one: after any sequence of
// edits, the lines it kept and re-checked give exactly what a fresh full
// check of the same texts gives (diagnostics, kept items, parsed lines).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check.js";
import { checkTree } from "../../../../server/src/core/tmpfiles/tree.js";
import {
  composeChanges,
  diffRange,
  TmpfilesTree,
  type TextChange,
} from "../../../../server/src/core/tmpfiles/incremental.js";
import { LineIndex } from "../../../../server/src/core/text.js";

const LINES = [
  "d /run/a 0755 root root -",
  "d /run/a 0700 root root -",
  "f /run/a 0644 - - -",
  "w+ /run/log - - - - x",
  "w+ /run/log - - - - y",
  "w /run/log - - - - z",
  "x /tmp/*",
  "x /tmp/*",
  "L /etc/x - - - - /y",
  "L+ /etc/x - - - - /z",
  "d /var/run/b 0755",
  "d /run/b 0755",
  "z /run/a 0640 root root -",
  "j /bad",
  "d relative",
  "d /run/q 999",
  '"d" "/run/a" 0755',
  "d /run/'unclosed",
  "# comment",
  "",
  "   ",
  "a+ /run/a - - - - u:root:rw",
  "C /etc/c - - - - /usr/share/c",
  "t /run/a - - - - user.x=%m",
  "d /run/%z",
];
const PIECES = [
  "\n",
  "\r",
  "\0",
  "\r\n",
  "\n\r",
  " ",
  "\t",
  "d",
  "/",
  "a",
  "0",
  "7",
  "-",
  "#",
  "+",
  "w",
  "%",
  '"',
  "\\",
  "x /tmp/*",
  "d /run/a 0755 root root -",
];

const lineArb = fc.constantFrom(...LINES);
const textArb = fc
  .array(lineArb, { maxLength: 25 })
  .chain((ls) => fc.constantFrom("\n", "\r\n").map((eol) => ls.join(eol) + (ls.length ? eol : "")));
const insertArb = fc.oneof(
  fc.constantFrom(...PIECES),
  lineArb.map((l) => l + "\n"),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((x) => x.join("")),
);
/** An edit as fractions of the text, so it applies to any text. */
const editArb = fc.record({
  file: fc.nat(9),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.nat(12),
  insert: insertArb,
  announce: fc.boolean(),
});

function apply(text: string, e: { at: number; del: number; insert: string }): { text: string; change: TextChange } {
  const start = Math.floor(e.at * text.length);
  const end = Math.min(text.length, start + e.del);
  return {
    text: text.slice(0, start) + e.insert + text.slice(end),
    change: { start, oldEnd: end, newEnd: start + e.insert.length },
  };
}

function fullOf(results: ReturnType<typeof checkTree>, path: string): unknown {
  const r = results.find((x) => x.path === path)!;
  return { diagnostics: r.diagnostics, maskedBy: r.maskedBy, items: r.result?.items, lines: r.result?.document.lines };
}

function incrementalOf(tree: TmpfilesTree, path: string): unknown {
  const f = tree.file(path)!;
  return {
    diagnostics: f.diagnostics,
    maskedBy: f.maskedBy,
    items: f.lines?.items(),
    lines: f.lines?.document().lines,
  };
}

test("a file edited at random checks as a fresh full check does", () => {
  fc.assert(
    fc.property(textArb, fc.array(editArb, { maxLength: 20 }), fc.constantFrom(252, 262), (initial, edits, version) => {
      const tree = new TmpfilesTree({ systemdVersion: version });
      let text = initial;
      tree.update([{ path: "a.conf", text }]);
      for (const e of edits) {
        const next = apply(text, e);
        text = next.text;
        tree.update([{ path: "a.conf", text, ...(e.announce ? { change: next.change } : {}) }]);
        const full = checkTmpfiles(text, { systemdVersion: version, fileName: "a.conf" });
        const f = tree.file("a.conf")!;
        assert.deepEqual(f.diagnostics, full.diagnostics);
        assert.deepEqual(f.lines!.items(), full.items);
        assert.deepEqual(f.lines!.document(), full.document);
      }
    }),
    { numRuns: 300 },
  );
});

test("a tree of files edited at random checks as a fresh checkTree does, conflicts across files included", () => {
  const paths = [
    "etc/tmpfiles.d/a.conf",
    "usr/lib/tmpfiles.d/a.conf",
    "usr/lib/tmpfiles.d/b.conf",
    "run/tmpfiles.d/c.conf",
  ];
  fc.assert(
    fc.property(
      fc.array(textArb, { minLength: 4, maxLength: 4 }),
      fc.array(fc.tuple(editArb, fc.nat(7)), { maxLength: 16 }),
      (initial, steps) => {
        const tree = new TmpfilesTree({ systemdVersion: 262 });
        const texts = new Map(paths.map((p, i) => [p, initial[i]!]));
        const present = new Set(paths);
        tree.update(paths.map((path) => ({ path, text: texts.get(path)! })));
        for (const [e, what] of steps) {
          const path = paths[e.file % paths.length]!;
          let change: TextChange | undefined;
          if (what === 0)
            present.delete(path); // a file leaves (or is masked no more)
          else if (what === 1) present.add(path);
          else {
            const next = apply(texts.get(path)!, e);
            texts.set(path, next.text);
            if (e.announce) change = next.change;
          }
          const inputs = [...present].map((p) => ({
            path: p,
            text: texts.get(p)!,
            ...(p === path && change ? { change } : {}),
          }));
          tree.update(inputs);
          const full = checkTree(
            inputs.map(({ path: p, text }) => ({ path: p, text })),
            { systemdVersion: 262 },
          );
          for (const p of present) assert.deepEqual(incrementalOf(tree, p), fullOf(full, p), p);
        }
      },
    ),
    { numRuns: 150 },
  );
});

test("a tree brought up to its files in small steps checks as checkTree does", () => {
  const paths = [
    "etc/tmpfiles.d/a.conf",
    "usr/lib/tmpfiles.d/a.conf",
    "usr/lib/tmpfiles.d/b.conf",
    "run/tmpfiles.d/c.conf",
  ];
  fc.assert(
    fc.property(
      fc.array(textArb, { minLength: 4, maxLength: 4 }),
      fc.nat(3),
      fc.integer({ min: 1, max: 40 }),
      fc.nat(3),
      (texts, known, stepChars, edited) => {
        const tree = new TmpfilesTree({ systemdVersion: 262 });
        // Some files are in the tree already (one of them then edited); the others are new to it.
        const before = paths.slice(0, known).map((path, i) => ({ path, text: texts[(i + 1) % 4]! }));
        if (before.length) tree.update(before);
        const inputs = paths.map((path, i) => {
          const old = before.find((b) => b.path === path);
          if (!old || i !== edited) return { path, text: texts[i]! };
          const next = apply(old.text, { at: 0.5, del: 3, insert: "d /run/a 0755 root root -\n" });
          return { path, text: next.text, change: next.change };
        });
        const steps = tree.updateInSteps(inputs, stepChars);
        let touched: Set<string> | undefined;
        let n = 0;
        for (;;) {
          const r = steps.next();
          if (r.done) {
            touched = r.value;
            break;
          }
          n++;
        }
        const full = checkTree(
          inputs.map(({ path, text }) => ({ path, text })),
          { systemdVersion: 262 },
        );
        for (const p of paths) assert.deepEqual(incrementalOf(tree, p), fullOf(full, p), p);
        for (const p of paths.slice(known)) assert.ok(touched.has(p), `${p} is new to the tree: touched`);
        const breaksLate = (t: string): boolean =>
          t.indexOf("\n", stepChars) >= 0 && t.indexOf("\n", stepChars) < t.length - 1;
        if (texts.slice(known).some(breaksLate))
          assert.ok(n > 0, "a new file with a line break after the first step takes more than one step");
      },
    ),
    { numRuns: 200 },
  );
});

test("a large new file comes in pieces of about the step's size, each ending at a line break", () => {
  const text = Array.from({ length: 1000 }, (_, i) => `d /run/a${i} 0755 root root -\n`).join("");
  const tree = new TmpfilesTree({});
  const steps = tree.updateInSteps([{ path: "a.conf", text }], 3000);
  const sizes: number[] = [];
  while (steps.next().done !== true) sizes.push(tree.file("a.conf")!.lines!.text.length);
  assert.ok(sizes.length >= text.length / 3000 - 1 && sizes.length <= text.length / 3000 + 1, `${sizes.length} steps`);
  for (const n of sizes) assert.equal(text[n - 1], "\n");
  assert.equal(tree.file("a.conf")!.lines!.text, text);
  assert.deepEqual(tree.file("a.conf")!.diagnostics, checkTmpfiles(text, { fileName: "a.conf" }).diagnostics);
});

test("changes composed one after another describe the difference from the first text", () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 40 }),
      fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          del: fc.nat(8),
          insert: fc.string({ maxLength: 5 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      (base, edits) => {
        let text = base;
        let c: TextChange | undefined;
        for (const e of edits) {
          const next = apply(text, e);
          c = composeChanges(c, next.change.start, next.change.oldEnd, e.insert.length);
          text = next.text;
        }
        assert.equal(base.slice(0, c!.start) + text.slice(c!.start, c!.newEnd) + base.slice(c!.oldEnd), text);
        assert.equal(text.length - c!.newEnd, base.length - c!.oldEnd);
        const d = diffRange(base, text);
        assert.equal(base.slice(0, d.start) + text.slice(d.start, d.newEnd) + base.slice(d.oldEnd), text);
      },
    ),
    { numRuns: 500 },
  );
});

test("a line longer than systemd reads stops the file, and edits around it keep agreeing", () => {
  const long = "f /run/long - - - - " + "x".repeat(1024 * 1024);
  let text = `d /run/a 0755\n${long}\nd /run/a 0700\n`;
  const tree = new TmpfilesTree();
  tree.update([{ path: "a.conf", text }]);
  const same = (): void => {
    const full = checkTmpfiles(text, { fileName: "a.conf" });
    const f = tree.file("a.conf")!;
    assert.deepEqual(f.diagnostics, full.diagnostics);
    assert.deepEqual(f.lines!.items(), full.items);
  };
  same();
  const edit = (start: number, end: number, insert: string): void => {
    text = text.slice(0, start) + insert + text.slice(end);
    tree.update([{ path: "a.conf", text, change: { start, oldEnd: end, newEnd: start + insert.length } }]);
    same();
  };
  edit(0, 0, "d /run/a 0700\n"); // a duplicate before the long line
  const at = text.indexOf("xxxx");
  edit(at, at + 600 * 1024, ""); // the line is short now: the rest of the file is read
  edit(text.length, text.length, long + "\n"); // and long again at the end
});

test("a line index moved along with an edit is the index of the new text", () => {
  const starts = (ix: LineIndex): number[] => (ix as unknown as { starts: number[] }).starts;
  const textOf = fc
    .array(fc.constantFrom("a", "bc", "\n", "\r", "\r\n", "\n\r"), { maxLength: 30 })
    .map((x) => x.join(""));
  fc.assert(
    fc.property(
      textOf,
      fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(6), insert: textOf }), {
        minLength: 1,
        maxLength: 6,
      }),
      (base, edits) => {
        let text = base;
        let index = new LineIndex(text);
        for (const e of edits) {
          const next = apply(text, e);
          index = index.changed(next.text, next.change);
          text = next.text;
          assert.deepEqual(starts(index), starts(new LineIndex(text)));
        }
      },
    ),
    { numRuns: 1000 },
  );
});
