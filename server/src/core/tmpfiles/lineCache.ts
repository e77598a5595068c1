/**
 * Results of parsing and checking single lines, kept by the line's text, so
 * that a re-check after an edit only does the work for lines that changed.
 * A line's verdict depends only on its text and the check's settings; only
 * the duplicate rule looks across lines, and it runs over the kept items.
 *
 * A cached line is parsed and checked at offset 0 (line number 0); it is
 * placed at its offset in a document only when someone asks for that line.
 */
import type { CoreDiagnostic } from "../diagnostic.js";
import { ownCopy } from "../text.js";
import { analyzeLine, type Item, type LineContext, type LineResult } from "./analyzeLine.js";
import { parseLine, type EntryLine, type Field, type TmpfilesLine } from "./parse.js";

export interface LineEntry {
  line: TmpfilesLine; // parsed at offset 0, line number 0
  result?: LineResult; // offsets relative to the line
}

const MAX_ENTRIES = 500_000;

export class LineCache {
  private map = new Map<string, LineEntry>();
  /** The settings the cached results belong to; a change empties the cache. */
  private settingsKey = "";

  forSettings(key: string): this {
    if (key !== this.settingsKey) {
      this.map.clear();
      this.settingsKey = key;
    }
    return this;
  }

  get(text: string): LineEntry | undefined {
    return this.map.get(text);
  }

  set(text: string, entry: LineEntry): void {
    if (this.map.size >= MAX_ENTRIES) this.map.clear();
    this.map.set(text, entry);
  }

  /** The entry for a line's text: from the cache, or parsed and checked now (and kept). */
  entry(text: string, escapes: boolean, ctx: LineContext): LineEntry {
    let e = this.map.get(text);
    if (!e) {
      e = analyzeLineText(text, escapes, ctx);
      this.set(text, e);
    }
    return e;
  }

  get size(): number {
    return this.map.size;
  }
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

function shiftField(f: Field, by: number): Field {
  return { raw: f.raw, value: f.value, offset: f.offset + by, length: f.length };
}

/** A cached line placed at a line number and offset of a document. */
export function placeLine(l: TmpfilesLine, line: number, offset: number): TmpfilesLine {
  if (l.kind !== "entry") return { kind: l.kind, line, offset, text: l.text };
  const fields: EntryLine["fields"] = {};
  const from = l.fields;
  if (from.type) fields.type = shiftField(from.type, offset);
  if (from.path) fields.path = shiftField(from.path, offset);
  if (from.mode) fields.mode = shiftField(from.mode, offset);
  if (from.user) fields.user = shiftField(from.user, offset);
  if (from.group) fields.group = shiftField(from.group, offset);
  if (from.age) fields.age = shiftField(from.age, offset);
  if (from.argument) fields.argument = shiftField(from.argument, offset);
  const placed: EntryLine = { kind: "entry", line, offset, text: l.text, fields, contentOffset: l.contentOffset + offset, contentLength: l.contentLength };
  if (l.wordError) placed.wordError = { ...l.wordError, offset: l.wordError.offset + offset };
  return placed;
}

export function placeDiagnostics(ds: CoreDiagnostic[], offset: number): CoreDiagnostic[] {
  if (offset === 0 || ds.length === 0) return ds;
  return ds.map((d) => placeDiagnostic(d, offset));
}

export function placeDiagnostic(d: CoreDiagnostic, offset: number): CoreDiagnostic {
  return {
    ...d,
    offset: d.offset + offset,
    ...(d.related ? { related: d.related.map((r) => (r.file === undefined ? { ...r, offset: r.offset + offset } : r)) } : {}),
    ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, offset: e.offset + offset })) })) } : {}),
  };
}

export type { Item };
