/**
 * The tmpfiles.d parser: splits a document into lines and each entry line
 * into its seven fields, keeping the exact span of every field.
 *
 * It reads lines as systemd-tmpfiles does: a line ends at "\n" (a "\r"
 * before it belongs to the break), surrounding white space is ignored,
 * empty lines and lines whose first visible character is "#" carry no entry.
 * The first six fields are words split on white space, with single or double
 * quotes grouping and C escapes decoded; the argument is the rest of the line,
 * taken as written.
 */
import type { TextLike } from "../text.js";
import { decodeEscape } from "./unescape.js";

export const FIELD_NAMES = ["type", "path", "mode", "user", "group", "age", "argument"] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export interface Field {
  /** The text as written in the file (quotes and escapes included). */
  raw: string;
  /** The decoded value (quotes removed, escapes decoded); for the argument, the raw text. */
  value: string;
  offset: number;
  length: number;
}

interface WordError {
  offset: number;
  length: number;
  problem: string;
}

interface BaseLine {
  /** Zero-based line number. */
  line: number;
  /** Offset of the line's first character. */
  offset: number;
  /** The line's text without its line break. */
  text: string;
}

export interface EntryLine extends BaseLine {
  kind: "entry";
  fields: Partial<Record<FieldName, Field | undefined>>;
  /** Set when the words of the line cannot be split (bad quoting or escape). */
  wordError?: WordError;
  /** Offset and length of the line's content, white space trimmed. */
  contentOffset: number;
  contentLength: number;
}

interface OtherLine extends BaseLine {
  kind: "blank" | "comment";
}

export type TmpfilesLine = EntryLine | OtherLine;

export interface TmpfilesDocument {
  text: string;
  lines: TmpfilesLine[];
}

const WHITESPACE = " \t\n\r";
const isSpace = (c: string | undefined): boolean => c !== undefined && c !== "" && WHITESPACE.includes(c);
/** systemd's white space (space, tab, LF, CR), by character code. */
const isSpaceCode = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** Bytes in a line beyond which systemd stops reading the file. */
export const LONG_LINE_MAX = 1024 * 1024;

const EOL_LF = 1;
const EOL_CR = 2;
const EOL_NUL = 4;
/** The kind of line break a character is (a bit), or 0. */
function eolKind(code: number): number {
  return code === 10 ? EOL_LF : code === 13 ? EOL_CR : code === 0 ? EOL_NUL : 0;
}

/**
 * Splits text into lines as systemd's line reader does: "\n", "\r" and NUL
 * end a line; a run of different break characters ("\r\n", "\n\r") is one
 * break, and a NUL ends a line at once.
 */
/** Where the line that starts at `i` ends (at its break, or at the end of the text). */
export function lineContentEnd(text: TextLike, i: number): number {
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0) break;
    i++;
  }
  return i;
}

/**
 * lineContentEnd for the lines of one text read front to back: the next
 * "\n", "\r" and NUL are each found by indexOf (a native search), once for
 * every time one is passed, instead of testing every character (with
 * setField, 13% fewer instructions per line at 100,000 lines, callgrind).
 */
export class LineEnds {
  private lf = -1;
  private cr = -1;
  private nul = -1;
  constructor(private readonly text: string) {}

  /** Where the line that starts at `i` ends; `i` is never before the previous call's. */
  at(i: number): number {
    if (this.lf < i) this.lf = this.next("\n", i);
    if (this.cr < i) this.cr = this.next("\r", i);
    if (this.nul < i) this.nul = this.next("\0", i);
    return Math.min(this.lf, this.cr, this.nul);
  }

  private next(ch: string, i: number): number {
    const k = this.text.indexOf(ch, i);
    return k < 0 ? this.text.length : k;
  }
}

/** Where the next line starts after the break at `end`: one run of different break characters, or one NUL. */
export function skipLineBreak(text: TextLike, end: number): number {
  let i = end;
  let mask = 0;
  while (i < text.length) {
    const k = eolKind(text.charCodeAt(i));
    if (k === 0 || mask & EOL_NUL || mask & k) break;
    mask |= k;
    i++;
  }
  return i;
}

export function splitLines(text: string): { offset: number; end: number }[] {
  const out: { offset: number; end: number }[] = [];
  let i = 0;
  const len = text.length;
  while (i < len) {
    const start = i;
    const end = lineContentEnd(text, i);
    i = skipLineBreak(text, end);
    out.push({ offset: start, end });
  }
  if (out.length === 0) out.push({ offset: 0, end: 0 });
  return out;
}

export interface ParseOptions {
  /**
   * Decode C escapes in the first six fields (systemd 254 and later). When
   * false, a backslash only makes the next character literal, as in 252.
   */
  escapes?: boolean;
}

export function parseTmpfiles(text: string, options: ParseOptions = {}): TmpfilesDocument {
  return parseLinesOf(text, 0, text.length, 0, options);
}

/**
 * The lines of `text` that start in [from, to), `from` at the start of a
 * line, parsed with their offsets in the whole text: lines are read on
 * their own, so they are the whole document's lines there. `firstLine` is
 * the number of the first. For work done a slice of a large document at a time.
 */
export function parseLinesOf(
  text: string,
  from: number,
  to: number,
  firstLine: number,
  options: ParseOptions = {},
): TmpfilesDocument {
  return { text, lines: parseLineRange(text, from, to, firstLine, options) };
}

/** The lines of `parseLinesOf`, of any text (the language server's pieces too: no whole string is made). */
export function parseLineRange(
  text: TextLike,
  from: number,
  to: number,
  firstLine: number,
  options: ParseOptions = {},
): TmpfilesLine[] {
  const escapes = options.escapes ?? true;
  const lines: TmpfilesLine[] = [];
  let i = from;
  let n = firstLine;
  do {
    const end = lineContentEnd(text, i);
    lines.push(parseLine(text.slice(i, end), n++, i, escapes));
    i = skipLineBreak(text, end);
  } while (i < to && i < text.length);
  return lines;
}

type Fields = EntryLine["fields"];

/** The fields of a line before any is read: every name present, so all lines' fields have one shape. */
function noFields(): Fields {
  return {
    type: undefined,
    path: undefined,
    mode: undefined,
    user: undefined,
    group: undefined,
    age: undefined,
    argument: undefined,
  };
}

/**
 * Sets the i-th word's field by its name. A store by a computed name
 * (`fields[FIELD_NAMES[i]]`) into fields that grew a shape per line was 5%
 * of checkTmpfiles' time at 100,000 lines (profiled); a store by a written
 * name into fields of one shape is a plain write.
 */
function setField(fields: Fields, i: number, f: Field): void {
  switch (i) {
    case 0:
      fields.type = f;
      break;
    case 1:
      fields.path = f;
      break;
    case 2:
      fields.mode = f;
      break;
    case 3:
      fields.user = f;
      break;
    case 4:
      fields.group = f;
      break;
    default:
      fields.age = f;
  }
}

/** Parses one line; `offset` is where it starts in the document. */
export function parseLine(lineText: string, line: number, offset: number, escapes = true): TmpfilesLine {
  let s = 0;
  let e = lineText.length;
  while (s < e && isSpaceCode(lineText.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(lineText.charCodeAt(e - 1))) e--;
  if (s === e) return { kind: "blank", line, offset, text: lineText };
  if (lineText.charCodeAt(s) === 35) return { kind: "comment", line, offset, text: lineText };

  const content = e === lineText.length ? lineText : lineText.slice(0, e);
  const entry: EntryLine = {
    kind: "entry",
    line,
    offset,
    text: lineText,
    fields: noFields(),
    contentOffset: offset + s,
    contentLength: e - s,
  };
  let pos = s;
  const len = content.length;
  for (let i = 0; i < 6; i++) {
    // Fast path: a word of plain characters is its own value, read here without a Word object (most words are).
    let q = pos;
    let code = 0;
    for (; q < len; q++) {
      code = content.charCodeAt(q);
      if (code === 32 || code === 9 || code === 10 || code === 13 || code === 34 || code === 39 || code === 92) break;
    }
    if (q > pos && (q === len || !(code === 34 || code === 39 || code === 92))) {
      const value = content.slice(pos, q);
      setField(entry.fields, i, { raw: value, value, offset: offset + pos, length: q - pos });
      pos = q;
      while (pos < len && isSpaceCode(content.charCodeAt(pos))) pos++;
      if (pos >= len) return entry;
      continue;
    }
    const w = readWord(content, pos, escapes);
    if (w === undefined) return entry;
    if ("problem" in w) {
      entry.wordError = { offset: offset + w.offset, length: w.length, problem: w.problem };
      return entry;
    }
    // Quotes and escapes always make the value shorter than the word: the same length means the word is its value.
    const raw = w.value.length === w.end - w.start ? w.value : content.slice(w.start, w.end);
    setField(entry.fields, i, { raw, value: w.value, offset: offset + w.start, length: w.end - w.start });
    pos = w.next;
    if (pos >= content.length) return entry;
  }
  if (pos < content.length) {
    const raw = content.slice(pos);
    entry.fields.argument = { raw, value: raw, offset: offset + pos, length: raw.length };
  }
  return entry;
}

export interface Word {
  start: number;
  end: number;
  value: string;
  /** Where the next word may begin (separators skipped). */
  next: number;
}

export interface WordProblem {
  offset: number;
  length: number;
  problem: string;
}

/** Reads one word from `text` at `pos`, as systemd's unquoting, unescaping word splitter does. */
export function readWord(text: string, pos: number, escapes = true): Word | WordProblem | undefined {
  let p = pos;
  while (p < text.length && isSpaceCode(text.charCodeAt(p))) p++;
  if (p >= text.length) return undefined;
  const start = p;
  // Fast path: a word of plain characters is its own value.
  let q = p;
  for (; q < text.length; q++) {
    const code = text.charCodeAt(q);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 34 || code === 39 || code === 92) break;
  }
  if (q >= text.length || !(text.charCodeAt(q) === 34 || text.charCodeAt(q) === 39 || text.charCodeAt(q) === 92)) {
    let next = q;
    while (next < text.length && isSpaceCode(text.charCodeAt(next))) next++;
    return { start, end: q, value: text.slice(start, q), next };
  }
  let value = "";
  let quote: string | undefined;
  let quoteAt = 0;
  while (p < text.length) {
    const c = text[p]!;
    if (c === "\\" && !escapes) {
      if (p + 1 >= text.length) return { offset: p, length: 1, problem: "a backslash ends the line" };
      value += text[p + 1];
      p += 2;
      continue;
    }
    if (c === "\\") {
      const r = decodeEscape(text, p + 1);
      if (r.value === undefined) {
        return {
          offset: p,
          length: Math.max(1, Math.min(1 + r.consumed, text.length - p)),
          problem: r.problem ?? "invalid escape",
        };
      }
      value += r.value;
      p += 1 + r.consumed;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else value += c;
      p++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      quoteAt = p;
      p++;
      continue;
    }
    if (isSpace(c)) break;
    value += c;
    p++;
  }
  if (quote !== undefined) {
    return { offset: quoteAt, length: text.length - quoteAt, problem: `the quote ${quote} is never closed` };
  }
  const end = p;
  while (p < text.length && isSpaceCode(text.charCodeAt(p))) p++;
  return { start, end, value, next: p };
}
