/**
 * An independent reading of tmpfiles.d lines for the tests, written from the
 * rules in tmpfiles.d(5) and systemd's extract_first_word / cunescape, not
 * from the core's reader: words split on ASCII whitespace, '…' or "…"
 * anywhere in a word group, C escapes are decoded in and out of quotes; the
 * seventh field is the raw rest of the line, C-unescaped for L and C; `%%`
 * stands for `%` in the path and in those arguments.
 */

const WS = new Set([" ", "\t", "\n", "\r"]);

function decodeEscape(s: string, i: number): [string, number] {
  const c = s.charAt(i);
  const table: Record<string, string> = {
    a: "\x07",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    s: " ",
  };
  if (c in table) return [table[c]!, i + 1];
  const take = (n: number, re: RegExp, base: number): number => {
    const t = s.substring(i + 1, i + 1 + n);
    if (t.length !== n || !re.test(t)) throw new Error(`bad escape at ${i}`);
    return parseInt(t, base);
  };
  if (c === "x") return [String.fromCharCode(take(2, /^[0-9a-f]+$/i, 16)), i + 3];
  if (c === "u") return [String.fromCharCode(take(4, /^[0-9a-f]+$/i, 16)), i + 5];
  if (c === "U") return [String.fromCodePoint(take(8, /^[0-9a-f]+$/i, 16)), i + 9];
  if (/[0-7]/.test(c)) {
    const t = s.substring(i, i + 3);
    if (!/^[0-7]{3}$/.test(t)) throw new Error("bad octal escape");
    return [String.fromCharCode(parseInt(t, 8)), i + 3];
  }
  throw new Error(`unknown escape \\${c}`);
}

/** Split a line into at most six words and the raw rest. */
export function sdSplit(line: string): { words: string[]; rest: string } {
  const s = line.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ""); // ASCII whitespace only, as systemd strips
  const words: string[] = [];
  let i = 0;
  while (words.length < 6) {
    while (i < s.length && WS.has(s[i]!)) i++;
    if (i >= s.length) break;
    let w = "";
    let q: string | null = null;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === "\\") {
        const [t, j] = decodeEscape(s, i + 1);
        w += t;
        i = j;
      } else if (q !== null) {
        if (ch === q) q = null;
        else w += ch;
        i++;
      } else if (ch === '"' || ch === "'") {
        q = ch;
        i++;
      } else if (WS.has(ch)) break;
      else {
        w += ch;
        i++;
      }
    }
    if (q !== null) throw new Error("unbalanced quote");
    words.push(w);
  }
  while (i < s.length && WS.has(s[i]!)) i++;
  return { words, rest: s.slice(i) };
}

export function sdUnescape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length;) {
    if (s[i] === "\\") {
      const [t, j] = decodeEscape(s, i + 1);
      out += t;
      i = j;
    } else out += s[i++];
  }
  return out;
}

export function sdSpecifiers(s: string): string {
  return s.replace(/%(.)/g, (_m, c: string) => {
    if (c === "%") return "%";
    throw new Error(`specifier %${c}`);
  });
}

export interface SdLine {
  type: string;
  path: string;
  mode: string | null;
  user: string | null;
  group: string | null;
  age: string | null;
  argument: string | null;
}

const unset = (v: string | undefined): string | null => (v === undefined || v === "" || v === "-" ? null : v);

/** A full line as systemd-tmpfiles understands it (for the types generate and plan write). */
export function sdLine(line: string): SdLine {
  const { words, rest } = sdSplit(line);
  const type = words[0]!;
  let argument: string | null = rest === "" || rest === "-" ? null : rest;
  if (argument !== null && /^[LC]/.test(type)) argument = sdSpecifiers(sdUnescape(argument));
  let path = sdSpecifiers(words[1] ?? "");
  if (type === "r") path = path.replace(/\\(.)/g, "$1"); // glob(3) escapes
  return {
    type,
    path,
    mode: unset(words[2]),
    user: unset(words[3]),
    group: unset(words[4]),
    age: unset(words[5]),
    argument,
  };
}
