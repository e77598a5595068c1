/**
 * Writing and reading the fields of a tmpfiles.d line the way systemd-tmpfiles
 * reads them.
 *
 * A line is `TYPE PATH MODE USER GROUP AGE ARGUMENT`. The first six fields
 * are words: whitespace (space, tab, CR, LF) separates them, single or double
 * quotes group (anywhere in a word), and C escapes (`\n`, `\t`, `\\`, `\"`,
 * `\'`, `\s`, `\xNN`, three-digit octal, `\uXXXX`, `\UXXXXXXXX`) are
 * unescaped, inside quotes too; an unknown escape rejects the line. The
 * argument is the rest of the line, taken as written: quotes stay, but for
 * `L`, `C`, `f`, `F` and `w` it is C-unescaped afterwards. The path and
 * those arguments then go through specifier expansion, so a literal `%` is
 * written `%%`. A field that reads as empty or as a lone `-` means "unset";
 * a line's surrounding whitespace is stripped before it is split.
 */

import { readWord } from "../tmpfiles/parse.js";
import { unescapeText } from "../tmpfiles/unescape.js";

// The patterns below are made once: a regular expression literal inside a
// function is a new object every time the function runs.

/** Characters of which a field or argument may lack a written form (NUL, surrogates). */
const MAYBE_UNWRITABLE = /[\0\ud800-\udfff]/;
/** A field written as it is, `%` and surrogates sent the long way. */
// eslint-disable-next-line no-control-regex -- control characters are what must be quoted
const BARE_FIELD = /^[^ \t\n\r"'\\%\x00-\x1f\x7f\ud800-\udfff]+$/;
/** A field written as it is once `%` is doubled where it must be. */
// eslint-disable-next-line no-control-regex -- control characters are what must be quoted
const PLAIN_FIELD = /^[^ \t\n\r"'\\\x00-\x1f\x7f]+$/;
/** An argument written as it is: no backslash, `%` or control character, no whitespace at either end. */
// eslint-disable-next-line no-control-regex -- control characters are what must be quoted
const PLAIN_ARGUMENT = /^[^ \t\\%\x00-\x1f\x7f](?:[^\\%\x00-\x08\x0a-\x1f\x7f]*[^ \t\\%\x00-\x1f\x7f])?$/;
/** Characters glob(3) treats specially. */
const GLOB_SPECIAL = /[*?[\]{}\\]/;
const GLOB_SPECIALS = /[*?[\]{}\\]/g;

export interface FieldQuoteOptions {
  /** The field is specifier-expanded (the path): write `%` as `%%`. Default false. */
  specifiers?: boolean;
}

/** Characters that cannot be written in a tmpfiles.d file at all. */
export function unwritableCharacter(value: string): string | undefined {
  if (!MAYBE_UNWRITABLE.test(value)) return undefined; // the common case, in one native pass
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return "NUL";
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return "a lone UTF-16 surrogate";
    }
    if (c >= 0xdc00 && c <= 0xdfff) return "a lone UTF-16 surrogate";
  }
  return undefined;
}

function hex2(c: number): string {
  return c.toString(16).padStart(2, "0");
}

/** What a comment cannot hold as it is: the backslash, controls (C0, DEL, C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are what must be quoted
const COMMENT_SPECIAL = /[\\\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

/**
 * `value` as it may stand in a `#` comment of a tmpfiles.d file: systemd
 * ends a line at `\n`, `\r` and NUL, editors at `\r` and `\n` too, so a raw
 * file name could start a live line. Controls are written as C escapes
 * (`\n`, `\r`, `\t`, `\xNN`, `\u2028`), as path fields write them, and a
 * backslash as `\\`, so the comment reads back to the name.
 */
export function commentText(value: string): string {
  COMMENT_SPECIAL.lastIndex = 0;
  if (!COMMENT_SPECIAL.test(value)) return value;
  return value.replace(COMMENT_SPECIAL, (c) => {
    if (c === "\\") return "\\\\";
    const n = c.charCodeAt(0);
    return escapeControl(n) ?? (n < 0x100 ? `\\x${hex2(n)}` : `\\u${n.toString(16).padStart(4, "0")}`);
  });
}

/** A message of one or more lines as `# ` comment lines, each escaped with `commentText`; ends with a line break. */
export function commentLines(message: string): string {
  return message
    .split(/\r\n|\r|\n/)
    .map((l) => `# ${commentText(l)}\n`)
    .join("");
}

function escapeControl(c: number): string | undefined {
  switch (c) {
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
  }
  if (c < 0x20 || c === 0x7f) return `\\x${hex2(c)}`;
  return undefined;
}

function checkWritable(value: string): void {
  const bad = unwritableCharacter(value);
  if (bad) throw new RangeError(`a tmpfiles.d field cannot hold ${bad}`);
}

/**
 * Whether a value is written as it is in any of the first six fields, the
 * path included: nothing in it needs quoting, escaping or doubling. One pass
 * of a regular expression, which is all most fields ever need (surrogates,
 * even paired ones, go the long way).
 */
export function isBare(value: string): boolean {
  return BARE_FIELD.test(value) && value !== "-";
}

/**
 * The shortest readable spelling of one of the first six fields that
 * systemd reads back as `value`: bare when nothing needs care, bare with
 * escapes when only quotes, backslashes or control characters do, and in
 * quotes (whichever kind needs fewer escapes) when it holds a space or a tab.
 * `undefined`, `""` and `"-"` all give `-`, which systemd reads as unset:
 * an empty or dash-only field cannot be spelled otherwise.
 * Throws RangeError for NUL or a lone surrogate, which no spelling can hold.
 */
export function quoteField(value: string | undefined | null, opts?: FieldQuoteOptions): string {
  if (value == null || value === "" || value === "-") return "-";
  if (isBare(value)) return value;
  checkWritable(value);
  const v = opts?.specifiers ? value.replace(/%/g, "%%") : value;
  if (PLAIN_FIELD.test(v)) return v;

  const needsQuotes = /[ \t]/.test(v);
  if (!needsQuotes) {
    let out = "";
    for (const ch of v) {
      const c = ch.charCodeAt(0);
      if (ch === "\\" || ch === '"' || ch === "'") out += "\\" + ch;
      else out += escapeControl(c) ?? ch;
    }
    return out;
  }
  const inQuotes = (q: string): string => {
    let out = q;
    for (const ch of v) {
      const c = ch.charCodeAt(0);
      if (ch === "\\" || ch === q) out += "\\" + ch;
      else if (ch === " " || ch === "\t") out += ch;
      else out += escapeControl(c) ?? ch;
    }
    return out + q;
  };
  const dq = inQuotes('"');
  const sq = inQuotes("'");
  return sq.length < dq.length ? sq : dq;
}

/** The path field: `quoteField` with `%` doubled. */
export function quotePath(path: string): string {
  return quoteField(path, { specifiers: true });
}

/**
 * The argument (seventh field) of an `L`, `C`, `f`, `F` or `w` line: the
 * rest of the line, C-unescaped and specifier-expanded by systemd. Quotes
 * are literal there; backslashes, `%`, line breaks and whitespace at either
 * end are escaped. `undefined` or `""` give `-` (unset); a value of exactly
 * `-` is written `\x2d`.
 */
export function quoteArgument(value: string | undefined | null): string {
  if (value == null || value === "") return "-";
  checkWritable(value);
  if (value === "-") return "\\x2d";
  if (PLAIN_ARGUMENT.test(value)) return value;
  let out = "";
  const chars = Array.from(value);
  chars.forEach((ch, i) => {
    const c = ch.charCodeAt(0);
    const atEdge = i === 0 || i === chars.length - 1;
    if (ch === "\\") out += "\\\\";
    else if (ch === "%") out += "%%";
    else if (ch === " " && atEdge) out += "\\x20";
    else if (ch === "\t" && atEdge) out += "\\t";
    else if (ch === "\t") out += "\t";
    else out += escapeControl(c) ?? ch;
  });
  return out;
}

// ---------------------------------------------------------------------------
// Reading

export class TmpfilesSyntaxError extends Error {}

/**
 * The first word of `s` from `pos`, as systemd splits the fields of a line
 * (the tmpfiles.d parser's own word reader): the word (undefined when only
 * white space is left) and where the next word may start. Throws
 * TmpfilesSyntaxError where systemd fails the line.
 */
function extractWord(s: string, pos: number): { word: string | undefined; next: number } {
  const w = readWord(s, pos, true);
  if (w === undefined) return { word: undefined, next: s.length };
  if ("problem" in w) throw new TmpfilesSyntaxError(w.problem);
  return { word: w.value, next: w.next };
}

/** systemd's cunescape of a whole string (no quotes); throws on a bad escape. */
export function cunescape(s: string): string {
  const r = unescapeText(s);
  if ("problem" in r) throw new TmpfilesSyntaxError(r.problem);
  return r.value;
}

export function unescapeSpecifiers(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "%") {
      out += s[i];
      continue;
    }
    if (s[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    throw new TmpfilesSyntaxError(`specifier %${s[i + 1] ?? ""} depends on the machine`);
  }
  return out;
}

export interface SplitLine {
  /** TYPE, PATH, MODE, USER, GROUP, AGE as words (fewer when the line is short). */
  fields: string[];
  /** The argument as written (before unescaping), undefined when unset. */
  argument: string | undefined;
}

/** Split one non-comment line into its six words and the raw argument. */
export function splitLine(line: string): SplitLine {
  const s = line.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 6) {
    const { word, next } = extractWord(s, pos);
    pos = next;
    if (word === undefined) break;
    fields.push(word);
  }
  const rest = s.slice(pos);
  const argument = rest === "" || rest === "-" ? undefined : rest;
  return { fields, argument };
}

/**
 * A path for a line type that expands globs (`r`, `R`, `x`, `z`, …, with
 * brace expansion): `*`, `?`, `[`, `]`, `{`, `}` and `\` are escaped with a
 * backslash for glob(3). Quote the result with `quotePath` afterwards.
 */
export function globEscape(path: string): string {
  return GLOB_SPECIAL.test(path) ? path.replace(GLOB_SPECIALS, "\\$&") : path;
}
