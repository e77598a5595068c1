/**
 * What must hold for any input, however hostile: no exception, a bounded
 * time, every range inside the document, quick fixes whose edits apply
 * cleanly and never make the file worse. Each check throws an assertion
 * error that names the input's problem; fast-check shrinks the input.
 */
import assert from "node:assert/strict";
import type { CoreDiagnostic, Fix, TextEditOffsets } from "../../server/src/core/diagnostic";
import { checkTmpfiles, parseForVersion, type CheckOptions } from "../../server/src/core/tmpfiles/check";
import { splitLines, FIELD_NAMES, type TmpfilesDocument } from "../../server/src/core/tmpfiles/parse";
import { formatTmpfiles } from "../../server/src/core/tmpfiles/format";
import { applyEdits } from "../../server/src/core/text";
import { tmpfilesHover } from "../../server/src/core/tmpfiles/hover";
import { tmpfilesCompletions } from "../../server/src/core/tmpfiles/complete";
import { semanticTokens } from "../../server/src/core/tmpfiles/semanticTokens";
import { tmpfilesSymbols } from "../../server/src/core/tmpfiles/symbols";
import {
  checkManifest,
  generate,
  manifestCompletions,
  manifestHover,
  plan,
  PlanInputError,
  readManifest,
} from "../../server/src/core/manifest/index";
import { fixAllEdits } from "../../server/src/core/fixAll";
import { count } from "./counts";

/** Runs `f`, failing when it takes longer than `boundMs` (a hang detector, not a speed goal). */
export function timed<T>(what: string, boundMs: number, f: () => T): T {
  const start = performance.now();
  const r = f();
  const took = performance.now() - start;
  assert.ok(took <= boundMs, `${what} took ${Math.round(took)} ms (bound ${boundMs} ms)`);
  return r;
}

export function assertSpan(text: string, offset: number, length: number, what: string): void {
  assert.ok(
    Number.isInteger(offset) && Number.isInteger(length),
    `${what}: offset ${offset} and length ${length} are integers`,
  );
  assert.ok(
    offset >= 0 && length >= 0 && offset + length <= text.length,
    `${what}: [${offset}, ${offset + length}) lies outside the document of ${text.length}`,
  );
}

export function assertDiagnosticsInside(text: string, ds: readonly CoreDiagnostic[]): void {
  for (const d of ds) {
    assertSpan(text, d.offset, d.length, `diagnostic ${d.code}`);
    assert.ok(d.message.length > 0, `${d.code} has a message`);
    for (const r of d.related ?? [])
      if (r.file === undefined) assertSpan(text, r.offset, r.length, `related location of ${d.code}`);
  }
}

/** Edits lie inside the text and do not overlap (two insertions at one offset count as overlapping: their order is undefined). */
export function assertCleanEdits(text: string, edits: readonly TextEditOffsets[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  for (const e of sorted) assertSpan(text, e.offset, e.length, what);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    assert.ok(
      a.offset + a.length <= b.offset && !(a.offset === b.offset && a.length === 0 && b.length === 0),
      `${what}: edits [${a.offset},+${a.length}) and [${b.offset},+${b.length}) overlap`,
    );
  }
}

// ---------------------------------------------------------------- tmpfiles.d

/** The line (as systemd splits lines) that holds an offset. */
function lineOf(spans: { offset: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function byLine(
  text: string,
  ds: readonly CoreDiagnostic[],
  severity?: CoreDiagnostic["severity"],
): Map<number, string[]> {
  const spans = splitLines(text);
  const out = new Map<number, string[]>();
  for (const d of ds) {
    if (severity && d.severity !== severity) continue;
    const n = lineOf(spans, d.offset);
    out.set(n, [...(out.get(n) ?? []), d.code]);
  }
  return out;
}

/**
 * Applies one fix and checks that it makes nothing worse: every line the
 * edits do not touch keeps its errors or loses some, the lines the edits
 * write have no error that the touched lines did not have, and the fixed
 * diagnostic's code is found fewer times where it was.
 */
export function assertFixImproves(
  text: string,
  d: CoreDiagnostic,
  fix: Fix,
  options: CheckOptions,
  recheck = (t: string) => checkTmpfiles(t, options).diagnostics,
): string {
  const what = `fix "${fix.title}" of ${d.code}`;
  assertCleanEdits(text, fix.edits, what);
  const after = applyEdits(text, fix.edits);
  const before = checkTmpfiles(text, options).diagnostics;
  const now = recheck(after);
  const oldSpans = splitLines(text);
  const newSpans = splitLines(after);
  const sorted = [...fix.edits].sort((a, b) => a.offset - b.offset);
  // Map each old line to its new line when no edit touches it (its text is kept).
  const touchedOld = new Set<number>();
  for (const e of sorted) {
    const first = lineOf(oldSpans, e.offset);
    const last = lineOf(oldSpans, e.offset + e.length);
    for (let n = first; n <= last; n++) touchedOld.add(n);
  }
  const shiftAt = (offset: number): number => {
    let s = 0;
    for (const e of sorted) if (e.offset + e.length <= offset) s += e.newText.length - e.length;
    return s;
  };
  const writtenNew = new Set<number>();
  for (const e of sorted) {
    const start = e.offset + shiftAt(e.offset);
    if (e.newText.length === 0) continue;
    const first = lineOf(newSpans, start);
    const last = lineOf(newSpans, start + e.newText.length - 1);
    for (let n = first; n <= last; n++) writtenNew.add(n);
  }
  const oldErrors = byLine(text, before, "error");
  const newErrors = byLine(after, now, "error");
  const mapped = new Map<number, number>();
  for (let n = 0; n < oldSpans.length; n++) {
    if (touchedOld.has(n)) continue;
    const m = lineOf(newSpans, oldSpans[n]!.offset + shiftAt(oldSpans[n]!.offset));
    mapped.set(n, m);
    if (writtenNew.has(m)) continue;
    const was = new Set(oldErrors.get(n) ?? []);
    for (const c of newErrors.get(m) ?? [])
      assert.ok(
        was.has(c),
        `${what}: the untouched line ${n + 1} now has the error ${c}\nbefore: ${JSON.stringify(text)}\nafter:  ${JSON.stringify(after)}`,
      );
  }
  // systemd stops at a line's first error, so fixing it may show the next one; a line without errors must stay so.
  const touchedHadErrors = [...touchedOld].some((n) => oldErrors.has(n));
  if (!touchedHadErrors) {
    for (const m of writtenNew) {
      for (const c of newErrors.get(m) ?? [])
        assert.fail(
          `${what}: the line it wrote (${m + 1}) had no error and now has ${c}\nbefore: ${JSON.stringify(text)}\nafter:  ${JSON.stringify(after)}`,
        );
    }
  }
  // The fixed diagnostic: fewer of its code on its line (or on what the edit wrote there).
  const dLine = lineOf(oldSpans, d.offset);
  const countOn = (ds: readonly CoreDiagnostic[], t: string, lines: Set<number>): number => {
    const spans = splitLines(t);
    return ds.filter((x) => x.code === d.code && lines.has(lineOf(spans, x.offset))).length;
  };
  const was = countOn(before, text, new Set([dLine]));
  let is: number;
  if (touchedOld.has(dLine)) {
    // systemd reports the first problem of a kind on a line: the same code found again past the edit is the next one.
    const near = sorted.filter((e) => e.offset <= d.offset + d.length && d.offset <= e.offset + e.length);
    const limit = Math.max(0, ...near.map((e) => e.offset + shiftAt(e.offset) + e.newText.length));
    is = now.filter((x) => x.code === d.code && writtenNew.has(lineOf(newSpans, x.offset)) && x.offset < limit).length;
  } else is = countOn(now, after, new Set([mapped.get(dLine)!]));
  assert.ok(
    is < was,
    `${what}: ${d.code} is still there (${was} before, ${is} after)\nbefore: ${JSON.stringify(text)}\nafter:  ${JSON.stringify(after)}`,
  );
  count("quick fixes applied");
  return after;
}

/** The fields of every line, as a re-parse reads them (for "formatting loses nothing"). */
export function meaning(doc: TmpfilesDocument): string[] {
  const out = doc.lines.map((l) => {
    if (l.kind !== "entry") return l.kind === "comment" ? "#" + l.text.trim() : "";
    if (l.wordError) return "!" + l.text.trim();
    return JSON.stringify(FIELD_NAMES.map((n) => (l.fields[n] ? [l.fields[n].raw, l.fields[n].value] : null)));
  });
  // A white-space-only last line that formatting empties is no line at all.
  while (out.length > 1 && out[out.length - 1] === "") out.pop();
  return out;
}

const BOUND_MS = 2000;

/** Every core feature over one tmpfiles.d text, with every invariant. */
export function assertTmpfilesRobust(text: string, options: CheckOptions, probes: readonly number[] = []): void {
  const version = options.systemdVersion ?? 262;
  const r = timed("check", BOUND_MS, () => checkTmpfiles(text, options));
  assertDiagnosticsInside(text, r.diagnostics);
  for (const d of r.diagnostics) for (const fix of d.fixes ?? []) assertFixImproves(text, d, fix, options);

  const fixAll = fixAllEdits(
    r.diagnostics.map((d) => ({
      fixes: (d.fixes ?? []).map((f) => ({
        title: f.title,
        preferred: f.preferred === true,
        edits: [{ uri: "u", edits: f.edits }],
      })),
    })),
    "u",
  );
  assertCleanEdits(text, fixAll, "fix-all");
  const fixed = applyEdits(text, fixAll);
  const errorsAfter = checkTmpfiles(fixed, options).diagnostics.filter((d) => d.severity === "error").length;
  assert.ok(
    errorsAfter <= r.diagnostics.filter((d) => d.severity === "error").length,
    `fix-all adds errors: ${JSON.stringify(text)} → ${JSON.stringify(fixed)}`,
  );

  const doc = parseForVersion(text, version);
  const edits = timed("format", BOUND_MS, () => formatTmpfiles(doc));
  assertCleanEdits(text, edits, "formatting");
  const formatted = applyEdits(text, edits);
  assert.deepEqual(
    meaning(parseForVersion(formatted, version)),
    meaning(doc),
    `formatting changes a line's fields: ${JSON.stringify(text)} → ${JSON.stringify(formatted)}`,
  );
  assert.equal(
    applyEdits(formatted, formatTmpfiles(parseForVersion(formatted, version))),
    formatted,
    `formatting is not idempotent on ${JSON.stringify(text)}`,
  );

  for (const t of semanticTokens(doc)) assertSpan(text, t.offset, t.length, `semantic token ${t.role}`);
  for (const s of tmpfilesSymbols(doc)) {
    assertSpan(text, s.offset, s.length, "symbol");
    assertSpan(text, s.selectionOffset, s.selectionLength, "symbol selection");
  }
  for (const p of probes) {
    const at = text.length ? p % (text.length + 1) : 0;
    const h = tmpfilesHover(doc, at, { systemdVersion: version });
    if (h) assertSpan(text, h.offset, h.length, `hover at ${at}`);
    for (const c of tmpfilesCompletions(text, at, { systemdVersion: version, users: ["root"], groups: ["wheel"] }))
      assertSpan(text, c.offset, c.length, `completion ${c.label} at ${at}`);
  }
  count("tmpfiles inputs");
}

// ---------------------------------------------------------------- manifests

/** Every core feature over one manifest text, with every invariant. */
export function assertManifestRobust(text: string, probes: readonly number[] = []): void {
  const ds = timed("manifest check", BOUND_MS, () => checkManifest(text, { fileName: "/w/etc-manifest.json" }));
  assertDiagnosticsInside(text, ds);
  const syntaxBefore = ds.some((d) => d.code === "json-syntax");
  const errorsBefore = ds.filter((d) => d.severity === "error" && d.code !== "json-syntax").length;
  for (const d of ds) {
    for (const fix of d.fixes ?? []) {
      const what = `manifest fix "${fix.title}" of ${d.code}`;
      assertCleanEdits(text, fix.edits, what);
      const after = applyEdits(text, fix.edits);
      const now = checkManifest(after, { fileName: "/w/etc-manifest.json" });
      if (!syntaxBefore)
        assert.ok(
          !now.some((x) => x.code === "json-syntax"),
          `${what} breaks the JSON: ${JSON.stringify(text)} → ${JSON.stringify(after)}`,
        );
      // In broken JSON the syntax errors after an edit are counted anew, so only the others are compared.
      assert.ok(
        now.filter((x) => x.severity === "error" && x.code !== "json-syntax").length <= errorsBefore,
        `${what} adds errors: ${JSON.stringify(text)} → ${JSON.stringify(after)}`,
      );
      // A field given twice is reported once; removing one copy may leave the other.
      const fewer = now.filter((x) => x.code === d.code).length < ds.filter((x) => x.code === d.code).length;
      assert.ok(
        fewer || ds.some((x) => x.code === "duplicate-field"),
        `${what} leaves ${d.code}: ${JSON.stringify(text)} → ${JSON.stringify(after)}`,
      );
      count("quick fixes applied");
    }
  }
  const m = readManifest(text);
  const snippet = timed("generate", BOUND_MS, () => generate(m));
  assert.equal(typeof snippet, "string");
  timed("plan", BOUND_MS, () => {
    try {
      plan(text, text);
      plan(text, snippet);
    } catch (e) {
      if (!(e instanceof PlanInputError)) throw e;
    }
  });
  for (const p of probes) {
    const at = text.length ? p % (text.length + 1) : 0;
    const h = manifestHover(m, at);
    if (h) assertSpan(text, h.offset, h.length, `manifest hover at ${at}`);
    for (const c of manifestCompletions(text, at))
      assertSpan(text, c.offset, c.length, `manifest completion ${c.label} at ${at}`);
  }
  count("manifest inputs");
}
