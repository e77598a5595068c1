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
  return out.sort(compareDiagnostics);
}
