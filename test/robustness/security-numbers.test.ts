/**
 * Finding 17.3: a long run of digits in a numeric field is read in time
 * linear in its length. strtoul's digits are accumulated only until the
 * value overflows; the rest of the run is scanned for its end, not
 * multiplied into an ever larger BigInt (10^6 digits took minutes).
 *
 * What is asserted: the verdict for 10^6 digits in every numeric field is
 * the one for a 30-digit overflow, and the accumulated value stays below
 * 2^64 times the base (so each digit costs the same small amount of work);
 * on short inputs the new scan agrees with the old one (end, overflow, and
 * the value where it did not overflow) and safeAtou with one built on the
 * old scan.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { checkTmpfiles } from "../../server/src/core/tmpfiles/check";
import { safeAtou, strtoulDigits } from "../../server/src/core/tmpfiles/values/numbers";
import { checkManifest } from "../../server/src/core/manifest/index";
import { runs } from "./settings";

const ULONG_MAX = 0xffffffffffffffffn;
const MILLION = 1_000_000;

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** The scan as it was before the fix: every digit multiplied in. */
function oldStrtoulDigits(s: string, i: number, base: number): { value: bigint; end: number; overflow: boolean } {
  let v = 0n;
  let overflow = false;
  let j = i;
  while (j < s.length && digitValue(s[j]!) < base) {
    v = v * BigInt(base) + BigInt(digitValue(s[j]!));
    if (v > ULONG_MAX) overflow = true;
    j++;
  }
  return { value: v, end: j, overflow };
}

const BASES = [2, 8, 10, 16] as const;

test("strtoulDigits agrees with the old scan on short inputs", () => {
  const chars = fc.constantFrom(..."0123456789abcdefABCDEFxXoObB+- \t:g".split(""));
  const input = fc.tuple(
    fc.array(chars, { maxLength: 80 }).map((a) => a.join("")),
    fc.nat(),
    fc.constantFrom(...BASES),
  );
  fc.assert(
    fc.property(input, ([s, at, base]) => {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      const got = strtoulDigits(s, i, base);
      const want = oldStrtoulDigits(s, i, base);
      assert.equal(got.end, want.end);
      assert.equal(got.overflow, want.overflow);
      if (!want.overflow) assert.equal(got.value, want.value);
    }),
    runs(3000),
  );
});

test("strtoulDigits agrees with the old scan right at the 64-bit boundary", () => {
  const edges = [ULONG_MAX - 1n, ULONG_MAX, ULONG_MAX + 1n, ULONG_MAX * 2n, ULONG_MAX * 16n + 15n, 1n << 65n];
  for (const base of BASES) {
    for (const n of edges) {
      for (const tail of ["", "0", "1", "9", "f", "00000000"]) {
        const s = n.toString(base) + tail;
        const got = strtoulDigits(s, 0, base);
        const want = oldStrtoulDigits(s, 0, base);
        assert.deepEqual(
          { end: got.end, overflow: got.overflow },
          { end: want.end, overflow: want.overflow },
          `${s} in base ${base}`,
        );
        if (!want.overflow) assert.equal(got.value, want.value);
      }
    }
  }
});

/** safeAtou as it was before the fix, on the old scan. */
function oldSafeAtou(s: string, base: number, refusePlusMinus: boolean): ReturnType<typeof safeAtou> {
  const WS = " \t\n\r";
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
  const d = oldStrtoulDigits(s, i, b);
  if (d.end === i || d.end !== s.length) return { ok: false, reason: "invalid" };
  if (d.overflow) return { ok: false, reason: "range" };
  if (neg && d.value !== 0n) return { ok: false, reason: "range" };
  if (d.value > 0xffffffffn) return { ok: false, reason: "range" };
  return { ok: true, value: Number(d.value) };
}

test("safeAtou gives the same answer as before on short inputs", () => {
  const chars = fc.constantFrom(..."0123456789afAFxXoObB+- \t".split(""));
  const digits = fc.constantFrom("", "9".repeat(20), "f".repeat(17), "7".repeat(23), "1".repeat(65));
  const input = fc.tuple(
    fc.array(chars, { maxLength: 40 }).map((a) => a.join("")),
    digits,
    fc.constantFrom(0, 2, 8, 10, 16),
    fc.boolean(),
  );
  fc.assert(
    fc.property(input, ([s, tail, base, refuse]) => {
      assert.deepEqual(safeAtou(s + tail, base, refuse), oldSafeAtou(s + tail, base, refuse));
    }),
    runs(3000),
  );
});

test("a million digits: the accumulated value stays below 2^64 times the base", () => {
  for (const [base, digit] of [
    [2, "1"],
    [8, "7"],
    [10, "9"],
    [16, "f"],
  ] as const) {
    const s = digit.repeat(MILLION);
    const r = strtoulDigits(s, 0, base);
    assert.equal(r.end, MILLION);
    assert.equal(r.overflow, true);
    assert.ok(
      r.value < (ULONG_MAX + 1n) * BigInt(base),
      `base ${base}: the value kept is bounded (bit length ${r.value.toString(2).length})`,
    );
  }
  assert.deepEqual(safeAtou("9".repeat(MILLION), 10, true), { ok: false, reason: "range" });
  assert.deepEqual(safeAtou("0x" + "f".repeat(MILLION), 0, false), { ok: false, reason: "range" });
  assert.deepEqual(safeAtou("7".repeat(MILLION) + "8", 8, true), { ok: false, reason: "invalid" });
});

/** The codes and spans of a line's diagnostics, with the digits' run replaced by its length. */
function verdict(line: (digits: string) => string, digits: string, version?: number): string[] {
  const text = line(digits) + "\n";
  const ds = checkTmpfiles(text, version ? { systemdVersion: version } : {}).diagnostics;
  const at = text.indexOf(digits);
  return ds.map((d) => {
    // Spans past the digits move with their length; compare them relative to the run.
    const rel = (o: number): string =>
      o >= at + digits.length ? `end+${o - at - digits.length}` : o > at ? `in+${o - at}` : String(o);
    return `${d.code} ${d.severity} ${rel(d.offset)} ${rel(d.offset + d.length)}`;
  });
}

/** `reads`: a long run is no overflow there (a fraction's digits only add ever smaller parts). */
const FIELDS: { name: string; digit: string; line: (d: string) => string; version?: number; reads?: true }[] = [
  { name: "mode", digit: "7", line: (d) => `z /run/x ${d} root root` },
  { name: "mode with ~ and :", digit: "7", line: (d) => `z /run/x ~:${d} root root` },
  { name: "user", digit: "9", line: (d) => `z /run/x 0755 ${d} root` },
  { name: "user with :", digit: "9", line: (d) => `z /run/x 0755 :${d} root` },
  { name: "group", digit: "9", line: (d) => `z /run/x 0755 root ${d}` },
  { name: "age", digit: "9", line: (d) => `d /run/x 0755 root root ${d}` },
  { name: "age with a unit", digit: "9", line: (d) => `d /run/x 0755 root root ${d}min` },
  { name: "age's fraction", digit: "9", line: (d) => `d /run/x 0755 root root 1.${d}s`, reads: true },
  { name: "age with a selector", digit: "9", line: (d) => `d /run/x 0755 root root ~bA:${d}` },
  { name: "device major", digit: "9", line: (d) => `c /dev/x 0644 root root - ${d}:1` },
  { name: "device minor", digit: "9", line: (d) => `c /dev/x 0644 root root - 1:${d}` },
  { name: "device minor in hex", digit: "f", line: (d) => `b /dev/x 0644 root root - 1:0x${d}` },
  { name: "capability number", digit: "9", line: (d) => `k /run/x - - - - ${d}=ep`, version: 262 },
  { name: "capability rootuid", digit: "9", line: (d) => `k /run/x - - - - cap_chown=ep rootuid=${d}`, version: 262 },
];

for (const f of FIELDS) {
  test(`a million digits in the ${f.name} field: the verdict of a 30-digit overflow`, () => {
    const short = verdict(f.line, f.digit.repeat(30), f.version);
    assert.equal(
      short.length === 0,
      f.reads === true,
      `30 digits in the ${f.name} field: ${short.join("; ") || "no diagnostic"}`,
    );
    assert.deepEqual(verdict(f.line, f.digit.repeat(MILLION), f.version), short);
  });
}

test("a million digits in a manifest's mode, user and group: the verdict of 30 digits", () => {
  const manifest = (d: string): string =>
    JSON.stringify([
      { target: "x", source: "/nix/store/x", mode: `0${"7".repeat(d.length)}`, user: `+${d}`, group: `+${d}` },
    ]);
  const codes = (d: string): string[] => checkManifest(manifest(d)).map((x) => `${x.code} ${x.severity}`);
  assert.deepEqual(codes("9".repeat(MILLION)), codes("9".repeat(30)));
});
