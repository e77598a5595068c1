/**
 * One line parsed and checked on its own, at offset 0 (line number 0), for
 * keeping between edits (TmpfilesTree keeps one per line record): a line's
 * verdict depends only on its text and the check's settings, and only the
 * duplicate rule looks across lines, over the kept items. A kept
 * diagnostic is placed at its line's offset when it is published.
 */
import type { CoreDiagnostic } from "../diagnostic.js";
import { ownCopy } from "../text.js";
import { analyzeLine, type LineContext, type LineResult } from "./analyzeLine.js";
import { parseLine, type TmpfilesLine } from "./parse.js";

export interface LineEntry {
  line: TmpfilesLine; // parsed at offset 0, line number 0
  result?: LineResult; // offsets relative to the line
}

/** One empty list for every line without findings (kept results are never changed). */
const NO_DIAGNOSTICS = Object.freeze([]) as unknown as CoreDiagnostic[];
/** Signatures repeat from line to line: kept results share one string per signature. */
const signatures = new Map<string, string>();

/** Parses and checks one line's text at offset 0, for keeping. */
export function analyzeLineText(text: string, escapes: boolean, ctx: LineContext): LineEntry {
  const line = parseLine(text, 0, 0, escapes);
  if (line.kind !== "entry") return { line };
  const result = analyzeLine(line, ctx);
  if (result.diagnostics.length === 0) result.diagnostics = NO_DIAGNOSTICS;
  const item = result.item;
  if (item) {
    // Kept items outlive the text they were read from: they hold copies, not pieces of it.
    item.key = ownCopy(item.key);
    const sig = signatures.get(item.signature);
    if (sig !== undefined) item.signature = sig;
    else {
      if (signatures.size >= 100_000) signatures.clear();
      item.signature = ownCopy(item.signature);
      signatures.set(item.signature, item.signature);
    }
  }
  return { line, result };
}

export function placeDiagnostic(d: CoreDiagnostic, offset: number): CoreDiagnostic {
  return {
    ...d,
    offset: d.offset + offset,
    ...(d.related
      ? { related: d.related.map((r) => (r.file === undefined ? { ...r, offset: r.offset + offset } : r)) }
      : {}),
    ...(d.fixes
      ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, offset: e.offset + offset })) })) }
      : {}),
  };
}
