/** Time spans a mistyped age probably meant: its unknown unit replaced by a unit systemd reads. */
import { parseTimeSpan, TIME_UNITS } from "../values/age.js";
import { editDistance } from "./typos.js";

/** Spellings from other tools that systemd does not read, and the unit they mean. */
const ALIASES: Record<string, string> = {
  mo: "month",
  mon: "month",
  mos: "months",
  mth: "month",
  mths: "months",
  yr: "y",
  yrs: "years",
  wk: "w",
  wks: "weeks",
  hrs: "hours",
  secs: "s",
  mins: "min",
  sek: "s",
};

/** The short units first: a one-letter slip most likely meant one of these. */
const COMMON = ["s", "m", "h", "d", "w", "M", "y", "ms", "us"];
const UNITS = [...COMMON, ...TIME_UNITS.map((u) => u.suffix).filter((s) => !COMMON.includes(s))];

const KNOWN = new Set(UNITS);
const MAX_CANDIDATES = 3;

const LABELS = new Map(TIME_UNITS.map((u) => [u.suffix, u.label]));

/** Spans that differ from `span` only in its first unknown unit, best first, with what the unit is; each one parses. */
export function ageCandidates(span: string): { span: string; unit: string }[] {
  for (const m of span.matchAll(/[A-Za-z\u00b5\u03bc]+/g)) {
    const word = m[0];
    if (KNOWN.has(word)) continue;
    const at = m.index;
    const limit = word.length <= 4 ? 1 : 2;
    const units = [
      ...(ALIASES[word] ? [ALIASES[word]] : []),
      ...UNITS.filter((u) => Math.abs(u.length - word.length) <= limit)
        .map((u) => ({ u, d: editDistance(word, u) }))
        .filter((x) => x.d <= limit)
        .sort((a, b) => a.d - b.d)
        .map((x) => x.u),
    ];
    const out: { span: string; unit: string }[] = [];
    for (const u of units) {
      const candidate = span.slice(0, at) + u + span.slice(at + word.length);
      if (!out.some((c) => c.span === candidate) && parseTimeSpan(candidate) !== undefined)
        out.push({ span: candidate, unit: LABELS.get(u)! });
      if (out.length === MAX_CANDIDATES) break;
    }
    return out;
  }
  return [];
}
