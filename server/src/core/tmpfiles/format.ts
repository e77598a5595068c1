/**
 * Formatting of tmpfiles.d files: the fields of entry lines aligned in
 * columns, everything else kept. Only the white space between fields changes,
 * and every field keeps its text as written, so each line reads back to the
 * same fields; white-space-only lines become empty and trailing white space
 * goes. Formatting a formatted file changes nothing.
 */
import type { TextEditOffsets } from "../diagnostic.js";
import {
  FIELD_NAMES,
  lineContentEnd,
  parseLinesOf,
  skipLineBreak,
  type EntryLine,
  type ParseOptions,
  type TmpfilesDocument,
  type TmpfilesLine,
} from "./parse.js";

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

/** Widens `widths` (the columns that another field follows) to the fields of one line no longer than `max`. */
function widen(widths: number[], l: TmpfilesLine, max: number): void {
  if (l.kind !== "entry" || !formattable(l)) return;
  const raws = rawFields(l);
  for (let i = 0; i < raws.length - 1 && i < 6; i++) {
    const len = raws[i]!.length;
    if (len <= max && len > widths[i]!) widths[i] = len;
  }
}

/** Column widths over the document: the longest field of each column that another field follows. */
function columnWidths(doc: TmpfilesDocument, options: FormatOptions = {}): number[] {
  const max = options.maxColumnWidth ?? DEFAULT_MAX_WIDTH;
  const widths = [0, 0, 0, 0, 0, 0];
  for (const l of doc.lines) widen(widths, l, max);
  return widths;
}

/** The text of one entry line with its fields aligned to `widths`. */
function formatEntry(l: EntryLine, widths: readonly number[]): string {
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

/** The edit of one line (after `prev`, the line before it), or undefined when it stays. */
function lineEdit(
  text: string,
  l: TmpfilesLine,
  prev: TmpfilesLine | undefined,
  widths: readonly number[],
): TextEditOffsets | undefined {
  let next: string;
  if (l.kind === "blank")
    next =
      prev && breaksWouldJoin(text, prev.offset + prev.text.length, l.offset, l.offset + l.text.length) ? l.text : "";
  else if (l.kind === "comment") next = l.text.replace(/[ \t]+$/, "");
  else if (l.kind === "entry" && formattable(l)) next = formatEntry(l, widths);
  else next = l.text;
  return next !== l.text ? { offset: l.offset, length: l.text.length, newText: next } : undefined;
}

/** The edits that format a document, one per changed line (line breaks are never touched). */
export function formatTmpfiles(doc: TmpfilesDocument, options: FormatOptions = {}): TextEditOffsets[] {
  const widths = columnWidths(doc, options);
  const edits: TextEditOffsets[] = [];
  doc.lines.forEach((l, i) => {
    const e = lineEdit(doc.text, l, doc.lines[i - 1], widths);
    if (e) edits.push(e);
  });
  return edits;
}

/**
 * The edits of formatTmpfiles, coalesced (coalesceEdits), made in steps of
 * `step` lines for a caller that answers other requests between them (a
 * generator: each `next()` reads one slice). The lines are read a slice at
 * a time, twice (the column widths, then the edits), so no more than a
 * slice is parsed at once; slices end where systemd's lines end.
 */
export function* formatInSteps(
  text: string,
  parse: ParseOptions = {},
  options: FormatOptions = {},
  step = 2000,
): Generator<void, TextEditOffsets[], void> {
  const max = options.maxColumnWidth ?? DEFAULT_MAX_WIDTH;
  // Where each slice starts: every step-th line start as systemd splits lines.
  const cuts = [0];
  for (let i = 0, n = 0; i < text.length;) {
    i = skipLineBreak(text, lineContentEnd(text, i));
    if (++n % step === 0 && i < text.length) cuts.push(i);
  }
  cuts.push(text.length);
  const slice = (k: number): TmpfilesDocument => parseLinesOf(text, cuts[k]!, cuts[k + 1]!, k * step, parse);
  const widths = [0, 0, 0, 0, 0, 0];
  for (let k = 0; k + 1 < cuts.length; k++) {
    for (const l of slice(k).lines) widen(widths, l, max);
    yield;
  }
  const edits: TextEditOffsets[] = [];
  let prev: TmpfilesLine | undefined;
  for (let k = 0; k + 1 < cuts.length; k++) {
    for (const l of slice(k).lines) {
      const e = lineEdit(text, l, prev, widths);
      if (e) edits.push(e);
      prev = l;
    }
    yield;
  }
  return coalesceEdits(text, edits);
}

/** Past this many edits, one edit over the span they cover is cheaper for an editor than applying each. */
const MANY_EDITS = 1000;

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
