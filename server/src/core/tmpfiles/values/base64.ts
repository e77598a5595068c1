/**
 * Base64 as systemd decodes the argument of lines with the "~" modifier:
 * white space is skipped anywhere, the text is read in blocks of four,
 * "=" may only pad the last block (and its unused bits must be zero),
 * and nothing may follow the padding.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 64;
const BAD = -1;
const WS = " \t\n\r";

/**
 * The characters' values, white space left out: 0–63, PAD for "=", BAD
 * for any other character. A plain loop: `check` decodes these before V8
 * has optimized anything, where closures and array destructuring cost most.
 */
function sextets(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (WS.includes(c)) continue;
    out.push(c === "=" ? PAD : ALPHABET.indexOf(c));
  }
  return out;
}

export function decodeBase64(text: string): { bytes: Uint8Array } | { problem: string } {
  const v = sextets(text);
  const out: number[] = [];
  for (let k = 0; k < v.length; k += 4) {
    // The first of the block's four that is missing or not base64 says what is wrong.
    for (let j = k; j < k + 4; j++) {
      if (j >= v.length) return { problem: "does not end on a whole block of four characters" };
      if (v[j] === BAD) return { problem: "holds a character that is not base64" };
    }
    const a = v[k]!;
    const b = v[k + 1]!;
    const c = v[k + 2]!;
    const d = v[k + 3]!;
    const last = k + 4 >= v.length;
    if (a === PAD || b === PAD) return { problem: "has '=' padding in the wrong place" };
    if (c === PAD) {
      if (d !== PAD || b & 15) return { problem: "has wrong '=' padding" };
      if (!last) return { problem: "has text after the '=' padding" };
      out.push((a << 2) | (b >> 4));
      break;
    }
    if (d === PAD) {
      if (c & 3) return { problem: "has wrong '=' padding" };
      if (!last) return { problem: "has text after the '=' padding" };
      out.push(((a << 2) | (b >> 4)) & 255, ((b << 4) | (c >> 2)) & 255);
      break;
    }
    out.push(((a << 2) | (b >> 4)) & 255, ((b << 4) | (c >> 2)) & 255, ((c << 6) | d) & 255);
  }
  return { bytes: Uint8Array.from(out) };
}
