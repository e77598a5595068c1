/** Type letters a mistyped one probably meant: near it on the keyboard, known to the release. */
import { LINE_TYPES, lineType, type LineType } from "../lineTypes.js";
import { keyDistance } from "./typos.js";

/** Keys further apart than this are not taken for a slip of the finger. */
const MAX_SCORE = 2.6;
/** A letter of the other case counts as half a key further away (Shift held or not). */
const CASE_PENALTY = 0.5;

/** Known line types closest to `letter`, nearest first (deprecated spellings left out). */
export function typeCandidates(letter: string, version: number): LineType[] {
  const scored: { lt: LineType; score: number }[] = [];
  for (const t of LINE_TYPES) {
    if (t.deprecatedFor || t.letter === letter || !lineType(t.letter, version)) continue;
    const keys = keyDistance(letter, t.letter);
    if (keys === undefined) continue;
    const score = keys + (isUpper(letter) === isUpper(t.letter) ? 0 : CASE_PENALTY);
    if (score <= MAX_SCORE) scored.push({ lt: t, score });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.lt);
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase();
}
