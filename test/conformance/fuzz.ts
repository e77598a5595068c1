/**
 * A seeded differential fuzzer's input: real tmpfiles.d lines mutated field
 * by field. The same seed always gives the same lines, so any disagreement
 * it finds can be replayed.
 */
import { mulberry32 } from "../support/random.js";

export { mulberry32 };

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const TYPES = "fFwdDevqQpLcbCxXrRzZtThHaAmkKyYgGijlnosu".split("");
const MODS = ["", "", "", "+", "!", "-", "=", "~", "^", "$", "?", "!-", "+!", "++", "*", "#", "~+", "^+"];
const MODES = [
  "0755",
  "0644",
  "755",
  "~0755",
  ":0644",
  "~:0700",
  ":~0700",
  "07777",
  "010000",
  "9999",
  "0x1ff",
  "+644",
  "-644",
  "rw-r--r--",
  "",
  "0",
  "00000000644",
  " 644",
  "644 ",
  "1777",
  "0777",
  "~",
  ":",
  "0o644",
  "-",
  "u=rwx",
];
const OWNERS = [
  "root",
  "0",
  "1000",
  "65534",
  "65535",
  "4294967295",
  "4294967294",
  "99999999999",
  "0100",
  "+5",
  "-1",
  ":root",
  ":0",
  ":",
  "-",
  "nobody",
  "some-user",
  "user.name",
  "a:b",
  "@odd",
  "ünï",
  "",
  "root ",
  "00",
];
const AGES = [
  "10d",
  "~10d",
  "1h30min",
  "1h 30min",
  "2.5s",
  "infinity",
  "0",
  "5",
  "1M",
  "100ms",
  "3w",
  "1y",
  "am:1d",
  "AM:1d",
  "~aBcM:1d",
  "10days5",
  "1d2x",
  "10x",
  "-5d",
  "z:1d",
  ":1d",
  "5.s",
  "~",
  "a:",
  "a:-",
  "12.34.56",
  ".5",
  "5.",
  "1μs",
  "1µs",
  "1 2 3",
  "+5",
  "99999999999999999999",
  "1e3",
  "abc:1d",
  "a b:1d",
  "10 min",
  "1y1M1w1d1h1min1s1ms1us",
];
const ARGS = [
  "-",
  "",
  "text",
  "hello world",
  "/target",
  "relative",
  "1:3",
  "8:0",
  "4096:0",
  "4095:1048575",
  "1:1048576",
  "0x1:0x2",
  "010:1",
  "a:b",
  "1",
  "1:",
  ":1",
  "+i",
  "-a",
  "=",
  "=i",
  "+Q",
  "+",
  "i",
  "+iA",
  "u::rwx",
  "u:root:rw",
  "g::r",
  "o::r",
  "m::rwx",
  "d:u::rwx",
  "default:g::rX",
  "u::rwX",
  "x::r",
  "u:root:rwz",
  "user.name=value",
  "name",
  "=value",
  "user.a=1 user.b=2",
  '"user.q=a b"',
  "aGVsbG8=",
  "aGVsbG8",
  "not*base64",
  "aGVsbA==",
  "aGVsbB==",
  "my.credential",
  "bad/name",
  "a:b",
  "%m",
  "%z",
  "%%",
  "line\\nend",
  "line\\qend",
  "trailing\\",
  "\\x41",
  "\\x00",
  "/usr/share/doc",
  "/nonexistent/%H",
  "%q",
];
const PATH_TAILS = [
  "",
  "/sub",
  "/%m",
  "/%z",
  "/%q",
  "/%%",
  "/%",
  "/%-x",
  "/a b",
  "//x",
  "/./x",
  "/x/",
  "/\\x41",
  "/\\q",
  '/"q q"',
  "/'s'",
  "/*",
  "/x*y",
  "/é",
];
const PATH_HEADS = [
  "/tmp/fz",
  "/run/fz",
  "/var/run/fz",
  "%t/fz",
  "%S/fz",
  "%h/fz",
  "%m/fz",
  "relative/fz",
  "fz",
  "/var/run",
  "//tmp//fz",
  "%%/fz",
];

export interface FuzzLine {
  text: string;
  /** The line it was made from. */
  from: string;
}

function field(v: string): string {
  return v === "" ? '""' : /[\s"']/.test(v) && !v.startsWith('"') ? `"${v.replace(/"/g, '\\"')}"` : v;
}

/** Mutates one parsed line (fields split on white space) in one or two fields. */
function mutate(r: Rand, words: string[], n: number): string {
  const w = [...words];
  while (w.length < 6) w.push("-");
  const mutations = 1 + Math.floor(r() * 2);
  for (let m = 0; m < mutations; m++) {
    switch (Math.floor(r() * 7)) {
      case 0:
        w[0] = pick(r, TYPES) + pick(r, MODS);
        break;
      case 1:
        w[1] = field(pick(r, PATH_HEADS) + n + pick(r, PATH_TAILS));
        break;
      case 2:
        w[2] = field(pick(r, MODES));
        break;
      case 3:
        w[3] = field(pick(r, OWNERS));
        break;
      case 4:
        w[4] = field(pick(r, OWNERS));
        break;
      case 5:
        w[5] = field(pick(r, AGES));
        break;
      default:
        w[6] = pick(r, ARGS);
    }
  }
  // Keep paths mostly unique, so that most lines are judged on their own.
  if (!/fz/.test(w[1]!) && r() < 0.9) w[1] = `/tmp/fz${n}` + (w[1]!.startsWith("/") ? w[1] : "/" + w[1]);
  let line = w.slice(0, 6).join(" ");
  if (w[6] !== undefined && w[6] !== "") line += " " + w[6];
  return line.replace(/\s+$/, "");
}

/** Splits a line into at most six words and the rest, on plain white space (quotes kept as written). */
export function roughWords(line: string): string[] {
  const out: string[] = [];
  let rest = line.trim();
  while (rest && out.length < 6) {
    const m = /^(\S+)\s*/.exec(rest)!;
    out.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  if (rest) out.push(rest);
  return out;
}

const CHARS = [
  " ",
  "\t",
  '"',
  "'",
  "\\",
  "%",
  ":",
  "~",
  "-",
  "+",
  "=",
  ",",
  "/",
  ".",
  "*",
  "#",
  "0",
  "7",
  "9",
  "a",
  "Z",
  "é",
  "\u00a0",
  "$",
  "?",
  "!",
  "^",
  "x",
];

/** Inserts, deletes or replaces a few characters anywhere in the line. */
function mutateChars(r: Rand, line: string): string {
  let s = line;
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = Math.floor(r() * 3);
    if (op === 0) s = s.slice(0, at) + pick(r, CHARS) + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1);
    else s = s.slice(0, at) + pick(r, CHARS) + s.slice(at + 1);
  }
  return s;
}

export function fuzzLines(seed: number, count: number, seeds: string[]): FuzzLine[] {
  const r = mulberry32(seed);
  const usable = seeds.map((s) => s.trim()).filter((s) => s && !s.startsWith("#"));
  const out: FuzzLine[] = [];
  for (let n = 0; n < count; n++) {
    const from = pick(r, usable);
    const roll = r();
    let text: string;
    if (roll < 0.6) text = mutate(r, roughWords(from), n);
    else if (roll < 0.85) text = mutateChars(r, mutate(r, roughWords(from), n));
    else if (roll < 0.95 || out.length === 0) text = mutateChars(r, from);
    else {
      // Another line for a path an earlier line used: systemd's duplicate rule.
      const earlier = roughWords(out[Math.floor(r() * out.length)]!.text);
      const words = roughWords(mutate(r, roughWords(from), n));
      if (earlier[1] !== undefined) words[1] = earlier[1];
      text = words.join(" ");
    }
    out.push({ text: text.replace(/[\n\r\0]/g, " "), from });
  }
  return out;
}
