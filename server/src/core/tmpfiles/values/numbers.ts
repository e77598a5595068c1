/**
 * Number parsing as systemd's safe_ato* helpers do it on top of strtoul:
 * leading white space is skipped, a sign may be refused, and the whole rest
 * must be digits of the base. safeAtou's 32-bit results are Numbers (exact);
 * strtoulDigits accumulates in BigInt, for callers that need 64 bits.
 */

const WS = " \t\n\r";

export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: "invalid" | "range" };

const UINT32_MAX = 0xffffffff;
const ULONG_MAX = 0xffffffffffffffffn;

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/**
 * strtoul's digits from s at i in base; returns the value and where it stopped.
 * Digits are accumulated only until the value overflows: past that the run
 * is scanned for its end, so a long run costs linear time. `value` is exact
 * when `overflow` is false and meaningless when it is true.
 */
export function strtoulDigits(s: string, i: number, base: number): { value: bigint; end: number; overflow: boolean } {
  let v = 0n;
  const b = BigInt(base);
  let j = i;
  for (; j < s.length; j++) {
    const d = digitValue(s[j]!);
    if (d >= base) break;
    v = v * b + BigInt(d);
    if (v > ULONG_MAX) {
      j++;
      while (j < s.length && digitValue(s[j]!) < base) j++;
      return { value: v, end: j, overflow: true };
    }
  }
  return { value: v, end: j, overflow: false };
}

/**
 * safe_atou_full: unsigned 32-bit. `base` 0 detects 0x (hex), 0 (octal),
 * and systemd's own 0o/0b prefixes. `refusePlusMinus` refuses a sign.
 */
export function safeAtou(s: string, base: number, refusePlusMinus: boolean): ParsedNumber {
  let i = 0;
  while (i < s.length && WS.includes(s[i]!)) i++;
  if (refusePlusMinus && (s[i] === "+" || s[i] === "-")) return { ok: false, reason: "invalid" };
  let b = base;
  if (b === 0) {
    const two = s.slice(i, i + 2);
    if (two === "0b" || two === "0B") {
      b = 2;
      i += 2;
    } else if (two === "0o" || two === "0O") {
      b = 8;
      i += 2;
    }
  }
  // strtoul itself: optional white space (already skipped), sign, base prefix.
  let neg = false;
  if (s[i] === "+" || s[i] === "-") {
    neg = s[i] === "-";
    i++;
  }
  if (b === 0) {
    if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && digitValue(s[i + 2] ?? "") < 16) {
      b = 16;
      i += 2;
    } else if (s[i] === "0") b = 8;
    else b = 10;
  } else if (b === 16 && s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && digitValue(s[i + 2] ?? "") < 16) {
    i += 2;
  }
  // The digits add up in a Number: once above UINT32_MAX the value is out of range whatever follows, so it
  // stays below 2^32 times the base, and the rest of the run is only scanned for its end (linear, exact).
  let v = 0;
  let over = false;
  let j = i;
  for (; j < s.length; j++) {
    const digit = digitValue(s[j]!);
    if (digit >= b) break;
    if (!over) {
      v = v * b + digit;
      over = v > UINT32_MAX;
    }
  }
  if (j === i || j !== s.length) return { ok: false, reason: "invalid" };
  if (over || (neg && v !== 0)) return { ok: false, reason: "range" };
  return { ok: true, value: v };
}
