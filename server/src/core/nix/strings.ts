// Nix strings read into their value, character by character, each with the
// span of the .nix text it comes from, and text written back into a string
// of either form.
//
// "…": `\n`, `\r`, `\t` are a line feed, carriage return and tab, `\` with
// any other character is that character, `${…}` interpolates, `$${` is text.
// ''…'': `''$` is `$`, `'''` is `''`, `''\` with a character is that
// character unescaped as in "…"; spaces and a line break right after the
// opening `''` are dropped; then the smallest indentation (in spaces) of the
// lines that hold more than spaces is taken from every line, and a last line
// of only spaces is dropped. Escapes and interpolations are never
// indentation. This is what Nix's lexer and stripIndentation do.
import type { SyntaxNode } from "./parse.js";

export type StringForm = '"' | "''";

/** What a character of a value is: text written in the string, an escape, or part of an interpolation. */
type CharKind = "text" | "escape" | "interpolation";

export interface DecodedString {
  form: StringForm;
  value: string;
  /** For each character of `value`: where its source starts and ends in the .nix text. */
  from: number[];
  to: number[];
  kind: CharKind[];
  /** The interpolations, in .nix offsets (`${` to `}` included). */
  interpolations: { from: number; to: number }[];
  /** The string's content in the .nix text, quotes excluded. */
  contentFrom: number;
  contentTo: number;
}

/** A placeholder that stands for an interpolation's value: an absolute store path, one of its own per interpolation. */
export function placeholder(n: number): string {
  return `/nix/store/${String(n).padStart(32, "0")}-interpolation`;
}

function unescape(c: string): string {
  return c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c;
}

interface Piece {
  ch: string;
  from: number;
  to: number;
  kind: CharKind;
}

/** Reads a String or IndentedString node. `nextPlaceholder` numbers interpolations across a file. */
export function decodeString(text: string, node: SyntaxNode, nextPlaceholder: () => number): DecodedString {
  const form: StringForm = node.name === "IndentedString" ? "''" : '"';
  const open = form.length;
  const closed = text.startsWith(form, node.to - open) && node.to - open >= node.from + open;
  const contentFrom = node.from + open;
  const contentTo = closed ? node.to - open : node.to;
  const interps: { from: number; to: number }[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (c.name === "Interpolation") interps.push({ from: c.from, to: c.to });
  const pieces: Piece[] = [];
  let i = contentFrom;
  if (form === "''") {
    const m = /^ *\n/.exec(text.slice(i, Math.min(contentTo, i + 4096)));
    if (m) i += m[0].length;
  }
  let k = 0;
  while (i < contentTo) {
    const interp = interps[k];
    if (interp && i >= interp.from) {
      const value = placeholder(nextPlaceholder());
      for (const ch of value) pieces.push({ ch, from: interp.from, to: interp.to, kind: "interpolation" });
      i = interp.to;
      k++;
      continue;
    }
    const c = text[i]!;
    if (form === '"' && c === "\\" && i + 1 < contentTo) {
      pieces.push({ ch: unescape(text[i + 1]!), from: i, to: i + 2, kind: "escape" });
      i += 2;
    } else if (form === "''" && text.startsWith("''", i) && i + 2 < contentTo && "$'\\".includes(text[i + 2]!)) {
      const e = text[i + 2]!;
      if (e === "$") {
        pieces.push({ ch: "$", from: i, to: i + 3, kind: "escape" });
        i += 3;
      } else if (e === "'") {
        pieces.push({ ch: "'", from: i, to: i + 3, kind: "escape" }, { ch: "'", from: i, to: i + 3, kind: "escape" });
        i += 3;
      } else {
        const to = Math.min(i + 4, contentTo);
        pieces.push({ ch: unescape(text[i + 3] ?? ""), from: i, to, kind: "escape" });
        i = to;
      }
    } else {
      pieces.push({ ch: c, from: i, to: i + 1, kind: "text" });
      i++;
    }
  }
  const kept = form === "''" ? stripIndentation(pieces) : pieces;
  const decoded: DecodedString = {
    form,
    value: "",
    from: [],
    to: [],
    kind: [],
    interpolations: interps,
    contentFrom,
    contentTo,
  };
  let value = "";
  for (const p of kept) {
    value += p.ch;
    decoded.from.push(p.from);
    decoded.to.push(p.to);
    decoded.kind.push(p.kind);
  }
  decoded.value = value;
  return decoded;
}

function stripIndentation(pieces: Piece[]): Piece[] {
  let minIndent = Infinity;
  let atStart = true;
  let indent = 0;
  for (const p of pieces) {
    if (p.kind !== "text") {
      if (atStart) {
        atStart = false;
        minIndent = Math.min(minIndent, indent);
      }
      continue;
    }
    if (atStart) {
      if (p.ch === " ") indent++;
      else if (p.ch === "\n") indent = 0;
      else {
        atStart = false;
        minIndent = Math.min(minIndent, indent);
      }
    } else if (p.ch === "\n") {
      atStart = true;
      indent = 0;
    }
  }
  if (minIndent === Infinity) minIndent = 0;
  const out: Piece[] = [];
  atStart = true;
  let dropped = 0;
  for (const p of pieces) {
    if (p.kind !== "text") {
      atStart = false;
      dropped = 0;
      out.push(p);
      continue;
    }
    if (atStart) {
      if (p.ch === " ") {
        if (dropped++ >= minIndent) out.push(p);
      } else if (p.ch === "\n") {
        dropped = 0;
        out.push(p);
      } else {
        atStart = false;
        dropped = 0;
        out.push(p);
      }
    } else {
      out.push(p);
      if (p.ch === "\n") atStart = true;
    }
  }
  // A last line of only spaces (written ones, after the last escape or interpolation) is dropped.
  let j = out.length;
  while (j > 0 && out[j - 1]!.kind === "text" && out[j - 1]!.ch === " ") j--;
  if (j > 0 && out[j - 1]!.kind === "text" && out[j - 1]!.ch === "\n") out.length = j;
  return out;
}

/**
 * `value` written as text of a string of `form`, to stand before the .nix
 * characters `after` of that string: every character that the form would
 * read otherwise is escaped.
 */
export function escapeFor(form: StringForm, value: string, after: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const next = i + 1 < value.length ? value[i + 1]! : (after[0] ?? "");
    if (form === '"') {
      if (c === "\\" || c === '"') out += "\\" + c;
      else if (c === "\n") out += "\\n";
      else if (c === "\r") out += "\\r";
      else if (c === "$" && next === "{") out += "\\$";
      else out += c;
    } else {
      // A quote is written ''\' (an escaped quote): a plain one would join the next `''`.
      if (c === "'") out += "''\\'";
      else if (c === "$" && next === "{") out += "''$";
      else if (c === "\n") out += "''\\n";
      else if (c === "\r") out += "''\\r";
      else out += c;
    }
  }
  return out;
}
