/**
 * Results of parsing and checking single lines, kept by the line's text, so
 * that a re-check after an edit only does the work for lines that changed.
 * A line's verdict depends only on its text and the check's settings; only
 * the duplicate rule looks across lines, and it runs over the kept items.
 */
import type { CoreDiagnostic } from "../diagnostic.js";
import type { Item, LineResult } from "./analyzeLine.js";
import type { EntryLine, Field, TmpfilesLine } from "./parse.js";

interface Entry {
  line: TmpfilesLine; // parsed at offset 0, line number 0
  result?: LineResult; // offsets relative to the line
}

const MAX_ENTRIES = 500_000;

export class LineCache {
  private map = new Map<string, Entry>();
  /** The settings the cached results belong to; a change empties the cache. */
  private settingsKey = "";

  forSettings(key: string): this {
    if (key !== this.settingsKey) {
      this.map.clear();
      this.settingsKey = key;
    }
    return this;
  }

  get(text: string): Entry | undefined {
    return this.map.get(text);
  }

  set(text: string, entry: Entry): void {
    if (this.map.size >= MAX_ENTRIES) this.map.clear();
    this.map.set(text, entry);
  }

  get size(): number {
    return this.map.size;
  }
}

function shiftField(f: Field | undefined, by: number): Field | undefined {
  return f && { ...f, offset: f.offset + by };
}

/** A cached line placed at a line number and offset of a document. */
export function placeLine(l: TmpfilesLine, line: number, offset: number): TmpfilesLine {
  if (l.kind !== "entry") return { ...l, line, offset };
  const fields: EntryLine["fields"] = {};
  for (const [k, f] of Object.entries(l.fields) as [keyof EntryLine["fields"], Field][]) fields[k] = shiftField(f, offset)!;
  const placed: EntryLine = { ...l, line, offset, fields, contentOffset: l.contentOffset + offset };
  if (l.wordError) placed.wordError = { ...l.wordError, offset: l.wordError.offset + offset };
  return placed;
}

export function placeDiagnostics(ds: CoreDiagnostic[], offset: number): CoreDiagnostic[] {
  if (offset === 0) return ds;
  return ds.map((d) => ({
    ...d,
    offset: d.offset + offset,
    ...(d.related ? { related: d.related.map((r) => (r.file === undefined ? { ...r, offset: r.offset + offset } : r)) } : {}),
    ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, offset: e.offset + offset })) })) } : {}),
  }));
}

export type { Item };
