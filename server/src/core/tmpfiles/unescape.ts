/**
 * systemd's C-style escapes, as its word splitter reads them in tmpfiles.d
 * lines. A backslash must start a valid escape; anything else makes the whole
 * line unparsable. NUL is refused in every form.
 */

const HEX = /^[0-9a-fA-F]+$/;
const OCTAL3 = /^[0-7]{3}$/;

export interface EscapeResult {
  /** Number of characters consumed after the backslash. */
  consumed: number;
  /** The decoded text, or undefined when the escape is invalid. */
  value?: string;
  /** Why it is invalid. */
  problem?: string;
}

const simple: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
  s: " ",
};

function hexValue(s: string): number | undefined {
  return HEX.test(s) ? parseInt(s, 16) : undefined;
}

function validCodePoint(c: number): boolean {
  return c < 0x110000 && !(c >= 0xd800 && c <= 0xdfff);
}

/** Decodes the escape that starts at text[at] (the character after the backslash). */
export function decodeEscape(text: string, at: number): EscapeResult {
  const c = text[at];
  if (c === undefined) return { consumed: 0, problem: "a backslash ends the line" };
  const s = simple[c];
  if (s !== undefined) return { consumed: 1, value: s };
  if (c === "x") {
    const v = hexValue(text.slice(at + 1, at + 3));
    if (v === undefined || text.length < at + 3) return { consumed: 1, problem: "\\x needs two hex digits" };
    if (v === 0) return { consumed: 3, problem: "\\x00 (NUL) is not allowed" };
    return { consumed: 3, value: byteChar(v) };
  }
  if (c === "u" || c === "U") {
    const n = c === "u" ? 4 : 8;
    const digits = text.slice(at + 1, at + 1 + n);
    const v = digits.length === n ? hexValue(digits) : undefined;
    if (v === undefined) return { consumed: 1, problem: `\\${c} needs ${n} hex digits` };
    if (v === 0) return { consumed: 1 + n, problem: `\\${c}${digits} (NUL) is not allowed` };
    if (!validCodePoint(v)) return { consumed: 1 + n, problem: `\\${c}${digits} is not a valid Unicode character` };
    return { consumed: 1 + n, value: String.fromCodePoint(v) };
  }
  if (c >= "0" && c <= "7") {
    const d = text.slice(at, at + 3);
    if (!OCTAL3.test(d)) return { consumed: 1, problem: "an octal escape needs three digits" };
    const v = parseInt(d, 8);
    if (v === 0) return { consumed: 3, problem: "\\000 (NUL) is not allowed" };
    if (v > 0xff) return { consumed: 3, problem: `\\${d} is more than one byte` };
    return { consumed: 3, value: byteChar(v) };
  }
  return { consumed: 1, problem: `\\${c} is not a known escape` };
}

/**
 * A single byte from \x or octal escapes. Bytes below 0x80 are characters;
 * higher ones stand for raw bytes, kept in the private-use range so that they
 * stay distinguishable from text.
 */
function byteChar(v: number): string {
  return v < 0x80 ? String.fromCharCode(v) : String.fromCharCode(0xf700 + v);
}

/**
 * A whole text with every escape decoded, as systemd's cunescape reads the
 * argument of f, F, w, L and C lines: each backslash must start a valid escape.
 */
export function unescapeText(s: string): { value: string } | { problem: string; at: number; length: number } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    if (i + 1 >= s.length) return { problem: "a backslash ends the text", at: i, length: 1 };
    const r = decodeEscape(s, i + 1);
    if (r.value === undefined)
      return { problem: r.problem ?? "invalid escape", at: i, length: Math.min(1 + r.consumed, s.length - i) };
    out += r.value;
    i += r.consumed;
  }
  return { value: out };
}
