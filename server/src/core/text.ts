/**
 * Offsets <-> (line, character) for one text, counted as LSP counts them:
 * "\r\n", "\r" and "\n" end a line, characters are UTF-16 code units.
 */
/**
 * What the checker reads of a text: its length, a character at a time, and
 * slices. A string is one; so is the language server's text kept in pieces
 * (lsp/pieceText.ts), which is never made into one string on the path of a
 * keystroke. `String(text)` gives the whole string.
 */
export interface TextLike {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start?: number, end?: number): string;
  /** The whole text as one string. */
  toString(): string;
}

export class LineIndex {
  /** The offset where each line starts; 4 bytes a line (a text is shorter than 2^32 code units). */
  private readonly starts: Uint32Array;

  constructor(
    readonly text: TextLike,
    starts?: Uint32Array,
  ) {
    this.starts = starts ?? allLineStarts(text);
  }

  /**
   * The index of `text`, which differs from this index's text only in
   * `[start, oldEnd)` (now `[start, newEnd)`): the lines before the change are
   * kept, the lines after it move, and only the changed lines are scanned.
   */
  changed(text: TextLike, change: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    const old = this.starts;
    const delta = change.newEnd - change.oldEnd;
    // Lines that start at or before the change (a "\r" just before it may now be followed by "\n").
    let keep = 0;
    let hi = old.length;
    while (keep < hi) {
      const mid = (keep + hi) >> 1;
      if (old[mid]! < change.start) keep = mid + 1;
      else hi = mid;
    }
    keep = Math.max(1, keep - 1);
    const from = old[keep - 1]!;
    // Scan from the start of the last kept line to where an old line start, moved, is met again after the change.
    const fresh: number[] = [];
    let j = keep;
    const met = forEachLineStart(text, from, (next) => {
      fresh.push(next);
      if (next <= change.newEnd) return false;
      while (j < old.length && old[j]! + delta < next) j++;
      if (j < old.length && old[j]! + delta === next) {
        j++;
        return true;
      }
      return false;
    });
    if (!met) j = old.length;
    // One array of the exact size: the kept starts, the scanned ones, the moved ones.
    const starts = new Uint32Array(keep + fresh.length + old.length - j);
    starts.set(old.subarray(0, keep));
    starts.set(fresh, keep);
    for (let k = keep + fresh.length; j < old.length; j++, k++) starts[k] = old[j]! + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Zero-based line and character of an offset (clamped to the text). */
  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    const line = lastAtOrBefore(starts.length, (k) => starts[k]!, o);
    return { line, character: o - starts[line]! };
  }

  /** Offset of a zero-based position (clamped to its line, without the line break). */
  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line]!;
    return Math.min(start + Math.max(0, character), this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** Offset of the end of a line's content (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1]! - 1;
    if (this.text.charCodeAt(end) === 10 && end > this.starts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/**
 * Where every line of a text starts. In a string the breaks are found by
 * indexOf, a line at a time rather than a character at a time: `check`
 * makes the index of a file with diagnostics before V8 has optimized any
 * loop, and there a character at a time cost some 10% of a 10,000-line
 * check. Another TextLike (the server's text in pieces) is read a character
 * at a time, counted first, then written into an array of that size.
 */
export function allLineStarts(text: TextLike): Uint32Array {
  if (typeof text === "string") return stringLineStarts(text);
  let n = 1;
  forEachLineStart(text, 0, () => void n++);
  const starts = new Uint32Array(n);
  let k = 1;
  forEachLineStart(text, 0, (at) => void (starts[k++] = at));
  return starts;
}

function stringLineStarts(text: string): Uint32Array {
  const starts = [0];
  let lf = text.indexOf("\n");
  let cr = text.indexOf("\r");
  while (lf >= 0 || cr >= 0) {
    // The first break ends the line; "\r\n" is one break.
    let next: number;
    if (cr < 0 || (lf >= 0 && lf < cr)) next = lf + 1;
    else next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    starts.push(next);
    if (lf >= 0 && lf < next) lf = text.indexOf("\n", next);
    if (cr >= 0 && cr < next) cr = text.indexOf("\r", next);
  }
  return Uint32Array.from(starts);
}

/**
 * Calls `found` with the start of every line after the one holding `from`
 * ("\r\n", "\r" and "\n" end a line), until it returns true. Whether it did.
 */
function forEachLineStart(text: TextLike, from: number, found: (at: number) => boolean | void): boolean {
  const len = text.length;
  for (let i = from; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      if (found(i + 1)) return true;
    } else if (c === 10 && found(i + 1)) return true;
  }
  return false;
}

/**
 * Of `count` keys that never decrease (`keyAt(0)`, `keyAt(1)`, …), the
 * position of the last one at or before `value`; 0 when none is.
 */
export function lastAtOrBefore(count: number, keyAt: (i: number) => number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keyAt(mid) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A copy of a string that holds nothing of the string it was cut from. V8
 * keeps a slice of 13 or more characters as a view on the whole text, so a
 * short key cut from a large text and kept would keep that text alive; a
 * JSON round trip is the cheapest way to a string of its own.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Line breaks ("\r\n", "\r" or "\n") in a string. */
function lineBreaks(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}

/** How many lines of `text` the edits (which do not overlap) take away: line breaks deleted less those written. */
export function linesRemovedBy(
  text: string,
  edits: readonly { offset: number; length: number; newText: string }[],
): number {
  let n = 0;
  for (const e of edits) n += lineBreaks(text.slice(e.offset, e.offset + e.length)) - lineBreaks(e.newText);
  return Math.max(0, n);
}

/** Applies offset edits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: readonly { offset: number; length: number; newText: string }[],
): string {
  // Built front to back in pieces: splicing each edit into the whole text
  // copied it once per edit, minutes for the 100,000 edits of a large file.
  // Edits at the same offset keep the order the splicing gave them (the
  // later one first).
  const ordered = [...edits].sort((a, b) => b.offset - a.offset).reverse();
  const pieces: string[] = [];
  let at = 0;
  for (const e of ordered) {
    pieces.push(text.slice(at, e.offset), e.newText);
    at = e.offset + e.length;
  }
  pieces.push(text.slice(at));
  return pieces.join("");
}
