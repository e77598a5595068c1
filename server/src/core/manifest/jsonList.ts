/**
 * A strict JSON list read a group of members at a time, from pieces of its
 * text as a file is read (a text held whole is cheaper to read with one
 * JSON.parse: read.ts). JSON.parse of a whole
 * 100,000-entry manifest holds every entry's object at once (tens of
 * megabytes, kept alive through collections until the last one is read);
 * parsed in groups, each group's objects die young and only what the reader
 * keeps of them stays, and read from pieces, not even the text is held. The
 * values seen are the ones JSON.parse of the whole text gives, in order.
 */
import { MAX_JSON_DEPTH } from "./depth.js";

/** Members parsed by one JSON.parse: large enough that the call's cost is shared, small enough to die young. */
const GROUP = 256;

const isJsonSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Whether the text from `from` up to `to` is JSON whitespace only. */
function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isJsonSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The offset of the quote that closes the string opened at `open`, or -1 when the text ends first. */
function stringEnd(text: string, open: number): number {
  for (let i = open; ;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return -1;
    // A quote is closing unless an odd number of backslashes escapes it.
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === 92 /* \ */) slashes++;
    if (slashes % 2 === 0) return i;
  }
}

/**
 * Fed the text of one JSON list in pieces, calls `each` with every member
 * in order. Only the list's own brackets, its commas and the strings are
 * looked at here; that the members are JSON is for JSON.parse to say, a
 * group at a time. `end` says how many members there were, or undefined
 * when JSON.parse would refuse the whole text, when it is not a list, or
 * when it nests deeper than MAX_JSON_DEPTH (the members seen before that was
 * found are then to be dropped).
 */
export class JsonListReader {
  /** The text not yet parsed: from the first member of the current group on. */
  private pending = "";
  /** How far `pending` has been read: never inside a string. */
  private scanned = 0;
  private depth = 0;
  /** Members of the current group whose comma has been read. */
  private inGroup = 0;
  private members = 0;
  private state: "before" | "inside" | "after" | "refused" = "before";

  constructor(private readonly each: (value: unknown) => void) {}

  feed(piece: string): void {
    if (this.state === "refused") return;
    if (this.state === "after") {
      if (!onlySpace(piece, 0, piece.length)) this.state = "refused";
      return;
    }
    let text = this.pending + piece;
    let i = this.scanned;
    if (this.state === "before") {
      while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
      if (i === text.length) {
        this.pending = "";
        this.scanned = 0;
        return;
      }
      if (text.charCodeAt(i) !== 91 /* [ */) {
        this.state = "refused";
        return;
      }
      this.state = "inside";
      this.depth = 1;
      text = text.slice(i + 1);
      i = 0;
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        const end = stringEnd(text, i);
        if (end < 0) break; // read the string again once the rest of it has come
        i = end;
      } else if (c === 44 /* , */) {
        if (this.depth === 1 && ++this.inGroup === GROUP) {
          if (!this.parse(text.slice(0, i), GROUP)) return;
          text = text.slice(i + 1);
          i = -1;
        }
      } else if (c === 91 || c === 123 /* { */) {
        if (++this.depth > MAX_JSON_DEPTH) {
          this.state = "refused";
          return;
        }
      } else if (c === 93 /* ] */ || c === 125 /* } */) {
        if (--this.depth > 0) continue;
        // The brackets inside the members are JSON.parse's to match; the list's own closing one is ours.
        const last = this.inGroup === 0 && this.members === 0 && onlySpace(text, 0, i) ? 0 : this.inGroup + 1; // []
        if (c !== 93 || (last > 0 && !this.parse(text.slice(0, i), last))) {
          this.state = "refused";
          return;
        }
        this.state = onlySpace(text, i + 1, text.length) ? "after" : "refused";
        this.pending = "";
        return;
      }
    }
    this.pending = text;
    this.scanned = Math.min(i, text.length);
  }

  end(): number | undefined {
    return this.state === "after" ? this.members : undefined;
  }

  /** Parses `count` members, and says whether JSON.parse read exactly that many. */
  private parse(members: string, count: number): boolean {
    let values: unknown;
    try {
      values = JSON.parse(`[${members}]`);
    } catch {
      values = undefined;
    }
    if (!Array.isArray(values) || values.length !== count) {
      this.state = "refused";
      return false;
    }
    for (const v of values) this.each(v);
    this.members += count;
    this.inGroup = 0;
    return true;
  }
}
