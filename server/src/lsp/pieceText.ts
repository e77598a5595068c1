/**
 * An open document's text as pieces of whole lines, so an edit makes a new
 * version without copying the whole text. A JavaScript string cannot be
 * changed in place: splicing an edit into a 3.9 MB text (100,000 lines)
 * made a new 3.9 MB string on the next read, a third of a keystroke's work
 * there (the bench's keystroke section; most of it the fresh memory, which a
 * loaded machine makes dearer). Here an edit re-makes only the piece it falls
 * in and its two neighbours (each about PIECE characters) and shares every
 * other piece with the version before, which stays as it was: the checker
 * reads the text it last checked while the next version is made.
 *
 * It reads as the core reads a text (`TextLike`: length, charCodeAt, slice);
 * the whole string is made only when something asks for it (`toString`),
 * once per version. Lines and positions count as LSP and LineIndex count
 * them: "\r\n", "\r" and "\n" end a line, characters are UTF-16 code units.
 */
import { allLineStarts, type TextLike } from "../core/text.js";

/** About how many characters a piece holds (it ends at the first line break after that many). */
const PIECE = 16_384;

const isBreak = (c: number): boolean => c === 10 || c === 13;

export class PieceText implements TextLike {
  readonly length: number;
  readonly lineCount: number;
  /** The whole text, made when first asked for. */
  private flat: string | undefined;
  /** The piece the last read fell in (reads come in runs). */
  private last = 0;

  private constructor(
    /** Every piece but the last ends with a line break, the last has none (it may be empty); a "\r\n" is never split. */
    private readonly pieces: readonly string[],
    /** Where each piece starts in the text, and the text's length last. */
    private readonly starts: readonly number[],
    /** Where each line of a piece starts, in the piece (0 first). */
    private readonly lines: readonly Uint32Array[],
    /** The number of the first line of each piece, and the line count last. */
    private readonly firstLines: readonly number[],
    /** About how many characters a piece holds. */
    private readonly pieceSize: number,
  ) {
    this.length = starts[starts.length - 1]!;
    this.lineCount = firstLines[firstLines.length - 1]!;
  }

  /** A text given whole (it is kept as its whole string too: the pieces are cut from it). */
  static of(text: string, pieceSize = PIECE): PieceText {
    const pieces = cut(text, true, pieceSize);
    const t = PieceText.joined(pieces, pieces.map(lineStarts), pieceSize);
    t.flat = text;
    return t;
  }

  private static joined(pieces: string[], lines: Uint32Array[], pieceSize: number): PieceText {
    const starts = new Array<number>(pieces.length + 1);
    const firstLines = new Array<number>(pieces.length + 1);
    let at = 0;
    let line = 0;
    for (let k = 0; k < pieces.length; k++) {
      starts[k] = at;
      firstLines[k] = line;
      at += pieces[k]!.length;
      line += lines[k]!.length;
    }
    starts[pieces.length] = at;
    firstLines[pieces.length] = line;
    return new PieceText(pieces, starts, lines, firstLines, pieceSize);
  }

  /** This text with `[start, end)` replaced by `insert`: a new version; this one stays as it is. */
  edited(start: number, end: number, insert: string): PieceText {
    const a = Math.max(0, this.pieceAt(start) - 1);
    const b = Math.min(this.pieces.length - 1, this.pieceAt(end) + 1);
    // The pieces around the edit, with their neighbours (a line break typed at a piece's edge can join its neighbour's).
    const from = this.starts[a]!;
    let region = "";
    for (let k = a; k <= b; k++) region += this.pieces[k]!;
    region = region.slice(0, start - from) + insert + region.slice(end - from);
    const made = cut(region, b === this.pieces.length - 1, this.pieceSize);
    const pieces = [...this.pieces.slice(0, a), ...made, ...this.pieces.slice(b + 1)];
    const lines = [...this.lines.slice(0, a), ...made.map(lineStarts), ...this.lines.slice(b + 1)];
    return PieceText.joined(pieces, lines, this.pieceSize);
  }

  /** The piece that holds `offset` (the last piece for the text's end). */
  private pieceAt(offset: number): number {
    const s = this.starts;
    const n = this.pieces.length;
    if (offset >= s[this.last]! && offset < s[this.last + 1]!) return this.last;
    if (offset >= this.length) return n - 1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }

  charCodeAt(i: number): number {
    if (i < 0 || i >= this.length) return NaN;
    const k = this.pieceAt(i);
    return this.pieces[k]!.charCodeAt(i - this.starts[k]!);
  }

  slice(start = 0, end = this.length): string {
    const len = this.length;
    const a = Math.max(0, Math.min(len, start < 0 ? len + start : start));
    const b = Math.max(a, Math.min(len, end < 0 ? len + end : end));
    if (this.flat !== undefined) return this.flat.slice(a, b);
    const k = this.pieceAt(a);
    const s = this.starts[k]!;
    // A line lies inside one piece: the slices the checker asks for are cut from it.
    if (b <= this.starts[k + 1]!) return this.pieces[k]!.slice(a - s, b - s);
    let out = this.pieces[k]!.slice(a - s);
    let j = k + 1;
    for (; b > this.starts[j + 1]!; j++) out += this.pieces[j]!;
    return out + this.pieces[j]!.slice(0, b - this.starts[j]!);
  }

  /** The whole text as one string (made once per version). */
  toString(): string {
    this.flat ??= this.pieces.join("");
    return this.flat;
  }

  /** Where a zero-based line starts (the text's end for a line past it). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineCount) return this.length;
    const f = this.firstLines;
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (f[mid]! <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.starts[lo]! + this.lines[lo]![line - f[lo]!]!;
  }

  /** The zero-based line and character of an offset (clamped to the text). */
  positionAt(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.length));
    const k = this.pieceAt(o);
    const rel = o - this.starts[k]!;
    const ls = this.lines[k]!;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= rel) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.firstLines[k]! + lo, character: rel - ls[lo]! };
  }

  /** The offset of a position, as TextDocument.offsetAt gives it: clamped to its line, before the line's break. */
  offsetAt(line: number, character: number): number {
    if (line >= this.lineCount) return this.length;
    if (line < 0) return 0;
    const start = this.lineStart(line);
    if (character <= 0) return start;
    const next = this.lineStart(line + 1);
    let o = Math.min(start + character, next);
    while (o > start && isBreak(this.charCodeAt(o - 1))) o--;
    return o;
  }
}

/**
 * A text cut into pieces: each ends at the first line break after `size`
 * characters (a "\r\n" kept whole). With `last`, the text after its last
 * line break is a piece of its own (the last piece, without a break, maybe
 * empty); without, the text ends with a line break and so does its last piece.
 */
function cut(text: string, last: boolean, size: number): string[] {
  const out: string[] = [];
  const len = text.length;
  let from = 0;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i++);
    if (c === 13 && text.charCodeAt(i) === 10) i++;
    else if (c !== 10 && c !== 13) continue;
    if (i - from >= size) {
      out.push(text.slice(from, i));
      from = i;
    }
  }
  if (from < len) {
    // The rest: the last piece, or (when the text ends with a break) a piece that ends with one.
    if (last) {
      let e = len;
      while (e > from && !isBreak(text.charCodeAt(e - 1))) e--;
      if (e > from) out.push(text.slice(from, e));
      out.push(text.slice(e));
    } else out.push(text.slice(from));
  } else if (last || out.length === 0) out.push("");
  return out;
}

/** Where each line of a piece starts, in the piece; a break at its very end starts no line in it. */
function lineStarts(piece: string): Uint32Array {
  const starts = allLineStarts(piece);
  return starts.length > 1 && starts[starts.length - 1] === piece.length ? starts.subarray(0, -1) : starts;
}
