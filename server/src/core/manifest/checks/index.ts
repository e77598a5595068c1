/** All checks of a manifest, in one call. */
import { compareDiagnostics, type CoreDiagnostic } from "../../diagnostic.js";
import type { Manifest } from "../model.js";
import { readManifest } from "../read.js";
import { checkConflicts } from "./conflicts.js";
import { checkEntryFields, type FieldCheckOptions } from "./fields.js";

export interface CheckOptions extends FieldCheckOptions {
  fileName?: string;
}

/** Diagnostics for a manifest's text (or an already read manifest), sorted by position. */
export function checkManifest(input: string | Manifest, opts: CheckOptions = {}): CoreDiagnostic[] {
  const m = typeof input === "string" ? readManifest(input, opts.fileName) : input;
  const out = [...m.diagnostics];
  for (const e of m.entries) out.push(...checkEntryFields(m, e, opts));
  out.push(...checkConflicts(m));
  return withoutFixesOverBrokenJson(out, m.diagnostics).sort(compareDiagnostics);
}

/**
 * Where the JSON is broken, the parser's recovery may have read a key, a
 * value or a closing brace as part of the wrong node: a fix whose edits reach
 * a syntax error could delete text it does not name, so it is not offered.
 */
function withoutFixesOverBrokenJson(ds: CoreDiagnostic[], read: readonly CoreDiagnostic[]): CoreDiagnostic[] {
  const broken = read.filter((d) => d.code === "json-syntax");
  if (broken.length === 0) return ds;
  const reaches = (e: { offset: number; length: number }): boolean =>
    broken.some((b) => e.offset <= b.offset + b.length && b.offset <= e.offset + e.length);
  return ds.map((d) => {
    if (!d.fixes?.length) return d;
    const fixes = d.fixes.filter((f) => !f.edits.some(reaches));
    if (fixes.length === d.fixes.length) return d;
    const { fixes: _dropped, ...rest } = d;
    return fixes.length ? { ...rest, fixes } : rest;
  });
}
