/**
 * Base64 as systemd decodes the argument of lines with the "~" modifier:
 * white space is skipped anywhere, the text is read in blocks of four,
 * "=" may only pad the last block (and its unused bits must be zero),
 * and nothing may follow the padding.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 64;
const WS = " \t\n\r";

export function decodeBase64(text: string): { bytes: Uint8Array } | { problem: string } {
  let i = 0;
  const next = (): number | "end" | "bad" => {
    while (i < text.length && WS.includes(text[i]!)) i++;
    if (i >= text.length) return "end";
    const c = text[i++]!;
    while (i < text.length && WS.includes(text[i]!)) i++;
    if (c === "=") return PAD;
    const v = ALPHABET.indexOf(c);
    return v === -1 ? "bad" : v;
  };
  const out: number[] = [];
  for (;;) {
    const a = next();
    if (a === "end") break;
    const b = next();
    const c = next();
    const d = next();
    for (const x of [a, b, c, d]) {
      if (x === "bad") return { problem: "holds a character that is not base64" };
      if (x === "end") return { problem: "does not end on a whole block of four characters" };
    }
    const [A, B, C, D] = [a, b, c, d] as number[];
    if (A === PAD || B === PAD) return { problem: "has '=' padding in the wrong place" };
    if (C === PAD) {
      if (D !== PAD || B! & 15) return { problem: "has wrong '=' padding" };
      if (i < text.length) return { problem: "has text after the '=' padding" };
      out.push((A! << 2) | (B! >> 4));
      break;
    }
    if (D === PAD) {
      if (C! & 3) return { problem: "has wrong '=' padding" };
      if (i < text.length) return { problem: "has text after the '=' padding" };
      out.push(((A! << 2) | (B! >> 4)) & 255, ((B! << 4) | (C! >> 2)) & 255);
      break;
    }
    out.push(((A! << 2) | (B! >> 4)) & 255, ((B! << 4) | (C! >> 2)) & 255, ((C! << 6) | D!) & 255);
  }
  return { bytes: Uint8Array.from(out) };
}
