/**
 * The age field: an optional "~" (keep the first level), an optional
 * "age-by" selector before ":" (letters abcm for files, ABCM for
 * directories), then a time span as systemd's time parser reads it
 * ("10d", "1h 30min", "2.5s", "infinity").
 */

const WS = " \t\n\r";
const USEC_PER_SEC = 1_000_000n;
const USEC_INFINITY = 0xffffffffffffffffn;
const LLONG_MAX = 0x7fffffffffffffffn;

/** Unit suffixes in the order systemd tries them (the first prefix match wins). */
export const TIME_UNITS: readonly { suffix: string; usec: bigint; label: string }[] = [
  { suffix: "seconds", usec: USEC_PER_SEC, label: "seconds" },
  { suffix: "second", usec: USEC_PER_SEC, label: "seconds" },
  { suffix: "sec", usec: USEC_PER_SEC, label: "seconds" },
  { suffix: "s", usec: USEC_PER_SEC, label: "seconds" },
  { suffix: "minutes", usec: 60n * USEC_PER_SEC, label: "minutes" },
  { suffix: "minute", usec: 60n * USEC_PER_SEC, label: "minutes" },
  { suffix: "min", usec: 60n * USEC_PER_SEC, label: "minutes" },
  { suffix: "months", usec: 2629800n * USEC_PER_SEC, label: "months" },
  { suffix: "month", usec: 2629800n * USEC_PER_SEC, label: "months" },
  { suffix: "M", usec: 2629800n * USEC_PER_SEC, label: "months" },
  { suffix: "msec", usec: 1000n, label: "milliseconds" },
  { suffix: "ms", usec: 1000n, label: "milliseconds" },
  { suffix: "m", usec: 60n * USEC_PER_SEC, label: "minutes" },
  { suffix: "hours", usec: 3600n * USEC_PER_SEC, label: "hours" },
  { suffix: "hour", usec: 3600n * USEC_PER_SEC, label: "hours" },
  { suffix: "hr", usec: 3600n * USEC_PER_SEC, label: "hours" },
  { suffix: "h", usec: 3600n * USEC_PER_SEC, label: "hours" },
  { suffix: "days", usec: 86400n * USEC_PER_SEC, label: "days" },
  { suffix: "day", usec: 86400n * USEC_PER_SEC, label: "days" },
  { suffix: "d", usec: 86400n * USEC_PER_SEC, label: "days" },
  { suffix: "weeks", usec: 604800n * USEC_PER_SEC, label: "weeks" },
  { suffix: "week", usec: 604800n * USEC_PER_SEC, label: "weeks" },
  { suffix: "w", usec: 604800n * USEC_PER_SEC, label: "weeks" },
  { suffix: "years", usec: 31557600n * USEC_PER_SEC, label: "years" },
  { suffix: "year", usec: 31557600n * USEC_PER_SEC, label: "years" },
  { suffix: "y", usec: 31557600n * USEC_PER_SEC, label: "years" },
  { suffix: "usec", usec: 1n, label: "microseconds" },
  { suffix: "us", usec: 1n, label: "microseconds" },
  { suffix: "\u03bcs", usec: 1n, label: "microseconds" },
  { suffix: "\u00b5s", usec: 1n, label: "microseconds" },
];

const GREEK_MU = "\u03bcs";

function extractMultiplier(s: string, p: number, greekMu: boolean): { usec: bigint; end: number } | undefined {
  for (const u of TIME_UNITS)
    if (s.startsWith(u.suffix, p) && (greekMu || u.suffix !== GREEK_MU))
      return { usec: u.usec, end: p + u.suffix.length };
  return undefined;
}

function skip(s: string, p: number, set: string): number {
  while (p < s.length && set.includes(s[p]!)) p++;
  return p;
}

const DIGITS = "0123456789";

/**
 * The usual time span, decimal digits and at most one unit ("10d",
 * "30min", "500ms"), read as parseTimeSpan reads it; undefined for any
 * other span (parseTimeSpan then reads it, and says whether it is valid).
 * `check` reads ages before V8 has optimized anything, and there the whole
 * parser, with BigInt at every step, cost more than the rest of the field.
 */
function plainTimeSpan(t: string, greekMu: boolean): bigint | undefined {
  let q = 0;
  while (q < t.length && DIGITS.includes(t[q]!)) q++;
  // At most 15 digits: a number below 2^53, and never above LLONG_MAX.
  if (q === 0 || q > 15) return undefined;
  const m = q < t.length ? extractMultiplier(t, q, greekMu) : undefined;
  if (m ? m.end !== t.length : q !== t.length) return undefined;
  const l = BigInt(t.slice(0, q));
  const multiplier = m ? m.usec : USEC_PER_SEC;
  return l < USEC_INFINITY / multiplier ? l * multiplier : undefined;
}

/**
 * systemd's parse_time with seconds as the default unit; microseconds, or
 * undefined if invalid. `greekMu` false for a release that knows only the
 * micro sign (versions.ts GREEK_MU_UNIT_UNKNOWN).
 */
export function parseTimeSpan(t: string, greekMu = true): bigint | undefined {
  let p = skip(t, 0, WS);
  if (t.startsWith("infinity", p)) {
    const rest = skip(t, p + 8, WS);
    return rest === t.length ? USEC_INFINITY : undefined;
  }
  let usec = 0n;
  let something = false;
  for (;;) {
    p = skip(t, p, WS);
    if (p >= t.length) return something ? usec : undefined;
    if (t[p] === "-") return undefined;
    // strtoll: white space (none left), optional sign, decimal digits.
    let q = p;
    let neg = false;
    if (t[q] === "+" || t[q] === "-") {
      neg = t[q] === "-";
      q++;
    }
    const dStart = q;
    q = skip(t, q, DIGITS);
    let l = 0n;
    let e: number;
    if (q === dStart) {
      e = p; // no conversion: strtoll leaves the end at the start
    } else {
      // More than 19 significant digits is above LLONG_MAX: ERANGE, without reading them all.
      let z = dStart;
      while (z < q - 1 && t[z] === "0") z++;
      if (q - z > 19) return undefined;
      l = BigInt(t.slice(z, q));
      if (l > LLONG_MAX) return undefined; // ERANGE
      if (neg && l !== 0n) return undefined;
      e = q;
    }
    let afterNumber: number;
    if (t[e] === ".") {
      afterNumber = skip(t, e + 1, DIGITS);
    } else if (e === p) return undefined;
    else afterNumber = e;
    const unitAt = skip(t, afterNumber, WS);
    const m = extractMultiplier(t, unitAt, greekMu);
    const multiplier = m ? m.usec : USEC_PER_SEC;
    const s = m ? m.end : unitAt;
    if (s === afterNumber && s < t.length) return undefined;
    p = s;
    if (l >= USEC_INFINITY / multiplier) return undefined;
    const k = l * multiplier;
    if (k >= USEC_INFINITY - usec) return undefined;
    usec += k;
    something = true;
    if (t[e] === ".") {
      let mm = multiplier / 10n;
      let b = e + 1;
      for (; b < t.length && t[b]! >= "0" && t[b]! <= "9"; b++, mm /= 10n) {
        const kk = BigInt(t.charCodeAt(b) - 48) * mm;
        if (kk >= USEC_INFINITY - usec) return undefined;
        usec += kk;
      }
      if (b === e + 1) return undefined;
    }
  }
}

export interface AgeValue {
  keepFirstLevel: boolean;
  ageBy?: string;
  /** Offset of the selector within the field value (when present). */
  ageByAt?: number;
  spanAt: number;
  span: string;
  usec?: bigint;
  problem?: { what: "age-by" | "age"; message: string };
  byFile?: number;
  byDir?: number;
}

const AGE_BY = "abcm";

export function parseAgeField(value: string, greekMu = true): AgeValue {
  let i = 0;
  let keepFirstLevel = false;
  if (value[0] === "~") {
    keepFirstLevel = true;
    i = 1;
  }
  const rest = value.slice(i);
  const colon = rest.indexOf(":");
  const out: AgeValue = { keepFirstLevel, spanAt: i, span: rest };
  if (colon !== -1) {
    const by = rest.slice(0, colon);
    out.ageBy = by;
    out.ageByAt = i;
    out.spanAt = i + colon + 1;
    out.span = rest.slice(colon + 1);
    let f = 0;
    let d = 0;
    let bad = by.length === 0;
    for (const ch of by) {
      if (WS.includes(ch)) continue;
      const lo = AGE_BY.indexOf(ch);
      const up = AGE_BY.toUpperCase().indexOf(ch);
      if (lo !== -1) f |= 1 << lo;
      else if (up !== -1) d |= 1 << up;
      else bad = true;
    }
    if (!bad && f === 0 && d === 0) bad = true;
    if (bad) {
      out.problem = {
        what: "age-by",
        message: `the age-by selector '${by}' may only hold the letters a, b, c, m (files) and A, B, C, M (directories)`,
      };
      return out;
    }
    out.byFile = f;
    out.byDir = d;
  }
  const usec = plainTimeSpan(out.span, greekMu) ?? parseTimeSpan(out.span, greekMu);
  if (usec === undefined) {
    const mu = !greekMu && out.span.includes("\u03bc") && parseTimeSpan(out.span, true) !== undefined;
    out.problem = {
      what: "age",
      message: mu
        ? `'${out.span}' is not a time span in this release, which knows microseconds as "µs" (the micro sign), not "μs" (the Greek letter mu)`
        : `'${out.span}' is not a time span`,
    };
  } else out.usec = usec;
  return out;
}
