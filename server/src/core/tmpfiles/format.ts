/**
 * Formatting of tmpfiles.d files: the fields of entry lines aligned in
 * columns, everything else kept. Only the white space between fields changes,
 * and every field keeps its text as written, so each line reads back to the
 * same fields; white-space-only lines become empty and trailing white space
 * goes. Formatting a formatted file changes nothing.
 */
import type { TextEditOffsets } from "../diagnostic.js";
import { FIELD_NAMES, type EntryLine, type TmpfilesDocument } from "./parse.js";

export interface FormatOptions {
  /** Fields longer than this do not widen their column; they push the rest of their own line over. */
  maxColumnWidth?: number;
}

const DEFAULT_MAX_WIDTH = 40;

function formattable(l: EntryLine): boolean {
  return !l.wordError && l.fields.type !== undefined;
}

/** The field texts of an entry line, in order, as written. */
function rawFields(l: EntryLine): string[] {
  const out: string[] = [];
  for (const n of FIELD_NAMES) {
    const f = l.fields[n];
    if (!f) break;
    out.push(f.raw);
  }
  return out;
}

/** Column widths over the document: the longest field of each column that another field follows. */
export function columnWidths(doc: TmpfilesDocument, options: FormatOptions = {}): number[] {
  const max = options.maxColumnWidth ?? DEFAULT_MAX_WIDTH;
  const widths = [0, 0, 0, 0, 0, 0];
  for (const l of doc.lines) {
    if (l.kind !== "entry" || !formattable(l)) continue;
    const raws = rawFields(l);
    for (let i = 0; i < raws.length - 1 && i < 6; i++) {
      const len = raws[i]!.length;
      if (len <= max && len > widths[i]!) widths[i] = len;
    }
  }
  return widths;
}

/** The text of one entry line with its fields aligned to `widths`. */
export function formatEntry(l: EntryLine, widths: readonly number[]): string {
  const raws = rawFields(l);
  let out = "";
  for (let i = 0; i < raws.length; i++) {
    const r = raws[i]!;
    out += r;
    if (i < raws.length - 1) out += " ".repeat(Math.max(1, widths[i]! - r.length + 1));
  }
  return out;
}

const breakKind = (c: string | undefined): number => (c === "\n" ? 1 : c === "\r" ? 2 : c === "\0" ? 4 : 0);

/**
 * True when emptying the line at [start, end) would join the line breaks
 * around it into one (as "\r" and "\n" are one break when they meet), so
 * that the lines after it would move up. `breakBefore` is where the break
 * that ends the previous line begins (the splitter's run, at most three characters).
 */
function breaksWouldJoin(text: string, breakBefore: number, start: number, end: number): boolean {
  const next = breakKind(text[end]);
  if (start === 0 || next === 0) return false;
  let mask = 0;
  for (let i = breakBefore; i < start; i++) mask |= breakKind(text[i]);
  return (mask & 4) === 0 && (mask & next) === 0;
}

/** The edits that format a document, one per changed line (line breaks are never touched). */
export function formatTmpfiles(doc: TmpfilesDocument, options: FormatOptions = {}): TextEditOffsets[] {
  const widths = columnWidths(doc, options);
  const edits: TextEditOffsets[] = [];
  doc.lines.forEach((l, i) => {
    let next: string;
    const prev = doc.lines[i - 1];
    if (l.kind === "blank") next = prev && breaksWouldJoin(doc.text, prev.offset + prev.text.length, l.offset, l.offset + l.text.length) ? l.text : "";
    else if (l.kind === "comment") next = l.text.replace(/[ \t]+$/, "");
    else if (l.kind === "entry" && formattable(l)) next = formatEntry(l, widths);
    else next = l.text;
    if (next !== l.text) edits.push({ offset: l.offset, length: l.text.length, newText: next });
  });
  return edits;
}

/** Past this many edits, one edit over the span they cover is cheaper for an editor than applying each. */
export const MANY_EDITS = 1000;

/**
 * The edits as they are, or, when there are more than `max`, one edit that
 * replaces the span from the first to the end of the last with what they
 * make of it. `edits` are in document order and do not overlap.
 */
export function coalesceEdits(text: string, edits: readonly TextEditOffsets[], max = MANY_EDITS): TextEditOffsets[] {
  if (edits.length <= max) return [...edits];
  const start = edits[0]!.offset;
  const last = edits[edits.length - 1]!;
  const end = last.offset + last.length;
  const parts: string[] = [];
  let at = start;
  for (const e of edits) {
    parts.push(text.slice(at, e.offset), e.newText);
    at = e.offset + e.length;
  }
  return [{ offset: start, length: end - start, newText: parts.join("") }];
}

/** Applies offset edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly TextEditOffsets[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}
