/**
 * Output that is itself a tmpfiles.d file cannot grow lines of its own:
 * `plan`'s text and the activation preview carry manifest targets, file
 * names, host paths and messages in `#` comments, and a target such as
 * "x\nR /etc" once ended a comment and started a live `R /etc` line
 * (applied with --remove it emptied the root). For any manifests, names
 * and warnings, every line that is not a comment or empty is exactly one of
 * the lines the plan means, and nothing else parses as an item.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatPlanText, planOf, planWalk, type PlanWalk } from "../../server/src/core/manifest/index.js";
import { parseTmpfiles } from "../../server/src/core/tmpfiles/parse.js";
import { renderPlan } from "../../client/src/activation/render";
import type { EntryRef, PlanPreviewResult } from "../../server/src/protocol";
import { count } from "./counts";
import { runs } from "./settings";

/** Every place a line can end: systemd's read_line ends it at \n, \r\n, \r and NUL; LSP and editors at \n, \r\n and \r. */
const LINE_BREAK = /\r\n|[\r\n\0]/;

const hostileUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "/", ".", " ", "R", "r", "-", "e", "%", "\\", "'", '"', "#") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "\n",
      "\r",
      "\r\n",
      "\0",
      "\u2028",
      "\u2029",
      "\u0085",
      "\x1b",
      "\t",
      "\x7f",
      "\x9b",
      "\v",
      "\f",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("\nR /etc", "\rr /\n", "\n/etc ", "\ud83d\ude00") },
);
const hostileString = fc.array(hostileUnit, { maxLength: 12 }).map((u) => u.join(""));

const entry = fc.record({
  target: hostileString,
  source: fc.oneof(
    fc.constant("/nix/store/x"),
    hostileString.map((s) => `/nix/store/${s}`),
  ),
});
const manifest = fc.array(entry, { maxLength: 5 }).map((es) => JSON.stringify(es));

/** The live lines of a text: neither comments nor empty, split wherever any reader would split. */
function liveLines(text: string): string[] {
  return text.split(LINE_BREAK).filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
}

function itemsOf(text: string): number {
  return parseTmpfiles(text).lines.filter((l) => l.kind !== "comment" && l.kind !== "blank").length;
}

function walkOf(oldText: string, newText: string): PlanWalk | undefined {
  try {
    return planWalk(oldText, newText);
  } catch {
    return undefined; // a manifest the plan refuses as a whole: nothing to print
  }
}

test("the finding's target: the old entry 'x\\nR /etc' stays inside its comment", () => {
  const w = walkOf(JSON.stringify([{ target: "x\nR /etc", source: "/nix/store/x" }]), "[]")!;
  const p = planOf(w);
  const text = formatPlanText(w);
  assert.deepEqual(liveLines(text), p.remove, text);
  assert.ok(!liveLines(text).some((l) => /^R\s/.test(l)), text);
  assert.match(text, /^# - \/etc\/x\\nR \/etc$/m, "the target shown escaped");
});

test("plan --format text: every live line is one the plan means, in order, for any targets", () => {
  fc.assert(
    fc.property(manifest, manifest, (o, n) => {
      count("manifest inputs");
      const w = walkOf(o, n);
      if (!w) return;
      const p = planOf(w);
      const text = formatPlanText(w);
      const meant = [...p.replace, ...p.create, ...p.remove];
      for (const l of meant) assert.ok(!LINE_BREAK.test(l), `a plan line holds no line break: ${JSON.stringify(l)}`);
      assert.deepEqual(liveLines(text), meant, text);
      assert.equal(itemsOf(text), meant.length, text);
    }),
    runs(400),
  );
});

const ref = (index: number): EntryRef => ({
  index,
  offset: 0,
  length: 1,
  range: { start: { line: index, character: 0 }, end: { line: index, character: 1 } },
});

test("the activation preview: names, host paths and warnings stay in their comments, for any of them", () => {
  fc.assert(
    fc.property(
      manifest,
      manifest,
      hostileString,
      hostileString,
      fc.array(fc.tuple(fc.nat(), hostileString), { maxLength: 4 }),
      (o, n, newName, oldName, ws) => {
        count("manifest inputs");
        const w = walkOf(o, n);
        if (!w) return;
        const p = planOf(w);
        const changes = p.changes.map((c, i) => ({
          ...c,
          newEntries: c.new ? [ref(i)] : [],
          oldEntries: c.old ? [ref(i)] : [],
        }));
        const counts = { add: 0, replace: 0, remove: 0, keep: 0 };
        for (const c of p.changes) counts[c.action]++;
        const result: PlanPreviewResult = {
          plan: { version: 1, replace: p.replace, create: p.create, remove: p.remove, changes },
          text: "",
          counts,
          verdicts: [],
        };
        const warnings = ws.map(([i, message]) => ({
          path: changes.length ? changes[i % changes.length]!.path : `/etc/${message}`,
          message,
        }));
        const r = renderPlan(result, { newName, oldName }, warnings);
        const meant = new Set(changes.flatMap((c) => (c.action === "remove" ? [] : [c.new ?? ""])));
        for (const l of liveLines(r.text))
          assert.ok(meant.has(l) || /^r /.test(l), `a live line the plan means: ${JSON.stringify(l)}\n${r.text}`);
        const removes = liveLines(r.text).filter((l) => !meant.has(l));
        assert.equal(removes.length, changes.filter((c) => c.action === "remove").length, r.text);
        assert.equal(itemsOf(r.text), liveLines(r.text).length, r.text);
        // Links still point at the path they name.
        const lines = r.text.split("\n");
        for (const l of r.links)
          assert.ok(lines[l.line]!.length >= l.start + l.length, `link inside its line ${l.line}`);
      },
    ),
    runs(300),
  );
});
