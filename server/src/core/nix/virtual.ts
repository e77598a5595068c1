// The tmpfiles.d text NixOS makes from a .nix file's rules, kept with a map
// from each of its characters back to the .nix text: where it was written,
// whether it can be edited there (text of a string literal), and whether it
// stands for a value not known before evaluation (an interpolation or an
// expression).
import type { TextEditOffsets } from "../diagnostic.js";
import { escapeFor, type DecodedString } from "./strings.js";

export interface Span {
  from: number;
  to: number;
}

export class VirtualText {
  text = "";
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  /** The string a character can be edited in (index into `strings`), or -1. */
  private readonly owner: number[] = [];
  private readonly unknown: boolean[] = [];
  private readonly strings: DecodedString[] = [];

  /** Appends a decoded string's value; its written characters can be edited there. */
  addString(d: DecodedString): void {
    const id = this.strings.push(d) - 1;
    for (let i = 0; i < d.value.length; i++) {
      const unknown = d.kind[i] === "interpolation";
      this.push(d.value[i]!, d.from[i]!, d.to[i]!, unknown ? -1 : id, unknown);
    }
  }

  /** Appends text that NixOS writes itself (or a stand-in for an unknown value), placed at `at`. */
  addMade(text: string, at: Span, unknown = false): void {
    for (const ch of text) for (let k = 0; k < ch.length; k++) this.push(ch[k]!, at.from, at.to, -1, unknown);
  }

  private push(ch: string, from: number, to: number, owner: number, unknown: boolean): void {
    this.text += ch;
    this.from.push(from);
    this.to.push(to);
    this.owner.push(owner);
    this.unknown.push(unknown);
  }

  /** Whether a range of the text holds a character that stands for an unknown value. */
  touchesUnknown(offset: number, length: number): boolean {
    for (let i = offset; i < offset + length && i < this.unknown.length; i++) if (this.unknown[i]) return true;
    return false;
  }

  /** The .nix span of a range of the text. */
  span(offset: number, length: number): Span {
    const n = this.from.length;
    if (n === 0) return { from: 0, to: 0 };
    if (length <= 0) {
      if (offset > 0 && offset <= n) return { from: this.to[offset - 1]!, to: this.to[offset - 1]! };
      const at = this.from[Math.min(offset, n - 1)]!;
      return { from: at, to: at };
    }
    let from = Infinity;
    let to = -Infinity;
    for (let i = Math.max(0, offset); i < offset + length && i < n; i++) {
      from = Math.min(from, this.from[i]!);
      to = Math.max(to, this.to[i]!);
    }
    return from === Infinity ? this.span(Math.min(offset, n), 0) : { from, to };
  }

  /** The character whose source holds a .nix offset, and whether it stands for an unknown value. */
  at(nixOffset: number): { offset: number; unknown: boolean } | undefined {
    for (let i = 0; i < this.from.length; i++) {
      if (this.from[i]! <= nixOffset && nixOffset < this.to[i]! && (this.owner[i]! >= 0 || this.unknown[i]))
        return { offset: i, unknown: this.unknown[i]! };
    }
    return undefined;
  }

  /** The offset of the text where a cursor at a .nix offset stands, inside a string's written text. */
  cursor(nixOffset: number): number | undefined {
    for (let i = 0; i <= this.from.length; i++) {
      if (i < this.from.length && this.owner[i]! >= 0 && this.from[i] === nixOffset) return i;
      if (i > 0 && this.owner[i - 1]! >= 0 && this.to[i - 1] === nixOffset) return i;
    }
    return undefined;
  }

  /**
   * An edit of the text as an edit of the .nix text, escaped for the string it
   * falls in; undefined when it does not fall inside one string's written text.
   */
  edit(e: TextEditOffsets, nixText: string): TextEditOffsets | undefined {
    const n = this.owner.length;
    let owner: number;
    let from: number;
    let to: number;
    if (e.length === 0) {
      const before = e.offset > 0 ? this.owner[e.offset - 1]! : -1;
      const after = e.offset < n ? this.owner[e.offset]! : -1;
      owner = before >= 0 ? before : after;
      if (owner < 0) return undefined;
      from = to = before >= 0 ? this.to[e.offset - 1]! : this.from[e.offset]!;
    } else {
      owner = this.owner[e.offset] ?? -1;
      if (owner < 0 || e.offset + e.length > n) return undefined;
      for (let i = e.offset; i < e.offset + e.length; i++) if (this.owner[i] !== owner) return undefined;
      from = this.from[e.offset]!;
      to = this.to[e.offset + e.length - 1]!;
    }
    const s = this.strings[owner]!;
    // A `$` left just before a `{` would start an interpolation: it is written again with the new text, escaped.
    const end = e.offset + e.length;
    const next = e.newText[0] ?? (end < n && this.owner[end] === owner ? this.text[end] : "");
    const dollar =
      e.offset > 0 && this.owner[e.offset - 1] === owner && this.text[e.offset - 1] === "$" && next === "{";
    if (dollar) from = this.from[e.offset - 1]!;
    const newText = escapeFor(s.form, (dollar ? "$" : "") + e.newText, nixText.slice(to, s.contentTo));
    return { offset: from, length: to - from, newText };
  }
}
