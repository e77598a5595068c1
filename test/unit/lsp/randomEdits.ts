// Random incremental changes as an editor sends them, for the tests that
// hold a document typed into to a check of the same text from scratch.
import { LineIndex } from "../../../server/src/core/text.js";

export interface RangeChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** What an edit inserts: line breaks of every kind, fields, whole lines, quotes and escapes. */
export const EDIT_PIECES = [
  "\n",
  "\r\n",
  "\r",
  " ",
  "d",
  "/run/a",
  "/run/b",
  "0700",
  "0755",
  "-",
  "#",
  "w+",
  "x /tmp/*\n",
  "d /run/a 0700\n",
  "d /run/b 0700\n",
  "\\",
  '"',
];

/** One to three changes for one notification, each in the text the previous one left; and the text they make. */
export function randomChanges(
  r: () => number,
  text: string,
  pieces: readonly string[],
): { changes: RangeChange[]; text: string } {
  const changes: RangeChange[] = [];
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const index = new LineIndex(text);
    const start = Math.floor(r() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(r() * 6));
    const insert = r() < 0.3 ? "" : pieces[Math.floor(r() * pieces.length)]!;
    // Positions as an editor sends them: inside a line, never inside a surrogate pair or between "\r" and "\n".
    const s = index.position(start);
    const e = index.position(end);
    let from = index.offset(s.line, s.character);
    let to = Math.max(from, index.offset(e.line, e.character));
    if (/[\uDC00-\uDFFF]/.test(text[from] ?? "")) from--;
    if (/[\uDC00-\uDFFF]/.test(text[to] ?? "")) to++;
    changes.push({ range: { start: index.position(from), end: index.position(to) }, text: insert });
    text = text.slice(0, from) + insert + text.slice(to);
  }
  return { changes, text };
}
