/**
 * Whether a file's text is text at all. A binary file given as a tmpfiles.d
 * file (an ELF, a gzip, a UTF-16 file) is read by systemd-tmpfiles line by
 * line all the same, NUL bytes ending lines, and nearly every line is a
 * syntax error: thousands of diagnostics that say nothing. One diagnostic
 * says what is wrong instead, the same in `check` and the language server.
 */
import type { CoreDiagnostic } from "./diagnostic.js";
import type { TextLike } from "./text.js";

/** How much of the start of a text is looked at (as git and grep look at the start of a file). */
const NOT_TEXT_SAMPLE = 8192;

/** Characters no text file holds: NUL, U+FFFD (bytes that were not UTF-8), and C0 controls other than tab, line breaks and form feed. */
function isBinaryCharacter(c: number): boolean {
  return (
    c === 0 ||
    c === 0xfffd ||
    (c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) ||
    c === 127
  );
}

/** Any character that isBinaryCharacter counts: a text without one is text, found without a loop over its characters. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const BINARY_CHARACTER = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f\ufffd]/;

/**
 * What makes a text not text, or undefined when it is text: more than one
 * in ten of its first 8192 characters are NUL bytes, bytes that are not
 * UTF-8 or control characters. A stray NUL or a few Latin-1 bytes in a text
 * file do not count; the lines are checked as systemd reads them.
 */
export function notTextReason(
  text: TextLike,
): { nul: number; invalid: number; controls: number; sample: number } | undefined {
  if (typeof text === "string" && !BINARY_CHARACTER.test(text)) return undefined;
  const sample = Math.min(text.length, NOT_TEXT_SAMPLE);
  let nul = 0;
  let invalid = 0;
  let controls = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if (!isBinaryCharacter(c)) continue;
    if (c === 0) nul++;
    else if (c === 0xfffd) invalid++;
    else controls++;
  }
  return (nul + invalid + controls) * 10 > sample ? { nul, invalid, controls, sample } : undefined;
}

/** The one diagnostic of a file that is not text (code `not-text`, at its start), or undefined for a text. */
export function notTextDiagnostic(text: TextLike): CoreDiagnostic | undefined {
  const r = notTextReason(text);
  if (!r) return undefined;
  const parts = [
    r.nul ? `${r.nul} NUL bytes` : "",
    r.invalid ? `${r.invalid} invalid UTF-8 sequences` : "",
    r.controls ? `${r.controls} other control characters` : "",
  ].filter(Boolean);
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0]!;
  const of = r.sample < text.length ? `its first ${r.sample} characters` : `its ${r.sample} characters`;
  return {
    code: "not-text",
    severity: "error",
    message: `This is not a text file: ${of} hold ${what}. systemd-tmpfiles would read it as lines all the same and reject nearly every one; its lines are not checked one by one.`,
    offset: 0,
    length: 0,
  };
}
