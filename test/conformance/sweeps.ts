/**
 * Sweeps over whole alphabets and every edge value of a field, as inputs
 * for the conformance suite: each is a set of files of independent lines
 * (every line its own path, so no line is a duplicate of another), judged
 * by each real release and by our checker for that release.
 *
 * - every ASCII character (printable, and the controls that do not end a
 *   line) as a type, as a modifier after each known type, and as a
 *   specifier in the path, in the argument and in a link target;
 * - modes 0 to 07777 and beyond, with and without `~` and `:`;
 * - ages: every unit systemd knows, with signs, fractions, selectors, `~`;
 * - owners: -1, 4294967295, 65535 and their neighbours, names with `$`,
 *   digits, dots and dashes in every place.
 */
import { TIME_UNITS } from "../../server/src/core/tmpfiles/values/age.js";

export interface SweepFile {
  name: string;
  text: string;
}

/** The characters a line can hold: printable ASCII and the controls that do not end a line (no NUL, LF, CR). */
export const ASCII: readonly string[] = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).filter(
  (c) => c !== "\n" && c !== "\r",
);
const PRINTABLE = ASCII.filter((c) => c >= "!" && c <= "~");

/** Every letter systemd-tmpfiles has known as a type in some release, and a few it never has. */
const KNOWN_TYPES = "fFwdDevqQpLcbCxXrRzZtThHaAkK".split("");

/** A path systemd reads as one word: the character written as a C escape where it would split or quote. */
function inPath(c: string): string {
  if (c === " " || c === "\t") return "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0");
  if (c === '"' || c === "'" || c === "\\") return "\\" + c;
  return c;
}

function file(name: string, lines: string[]): SweepFile {
  return { name: `sweep-${name}.conf`, text: lines.join("\n") + "\n" };
}

export function sweepFiles(): SweepFile[] {
  const out: SweepFile[] = [];
  let n = 0;
  const p = (tag: string): string => `/tmp/sw-${tag}-${n++}`;

  // Every character as the type, alone and with an argument.
  out.push(
    file(
      "types",
      ASCII.flatMap((c) => [`${c} ${p("t")}`, `${c} ${p("t")} - - - - arg`]),
    ),
  );
  // Every character as a modifier after each known type.
  out.push(
    file(
      "modifiers",
      KNOWN_TYPES.flatMap((t) =>
        ASCII.filter((c) => c !== " " && c !== "\t").map((c) => `${t}${c} ${p("m")} - - - - x`),
      ),
    ),
  );
  // Every printable character as a specifier: in the path, the argument of f, and a link target.
  out.push(
    file(
      "specifier-path",
      PRINTABLE.map((c) => `d ${p("sp")}-%${inPath(c)}`),
    ),
  );
  out.push(
    file(
      "specifier-argument",
      PRINTABLE.map((c) => `f ${p("sa")} - - - - x%${c}x`),
    ),
  );
  out.push(
    file(
      "specifier-link",
      PRINTABLE.map((c) => `L ${p("sl")} - - - - /x/%${c}`),
    ),
  );
  out.push(
    file(
      "specifier-w",
      PRINTABLE.map((c) => `w ${p("sw")} - - - - %${c}`),
    ),
  );

  // Modes: every value from 0 to 07777 on a directory, and what lies beyond or around.
  out.push(
    file(
      "modes",
      Array.from({ length: 0o10000 }, (_, m) => `d ${p("mo")} ${m.toString(8).padStart(4, "0")}`),
    ),
  );
  const oddModes = [
    "0",
    "7",
    "77",
    "777",
    "7777",
    "07777",
    "007777",
    "10000",
    "010000",
    "17777",
    "77777",
    "777777",
    "8",
    "9",
    "08",
    "0800",
    "0x1ff",
    "-1",
    "+0755",
    "~0755",
    ":0755",
    "~:0755",
    ":~0755",
    "~~0755",
    "::0755",
    "~",
    ":",
    "0755~",
    "0o755",
    "0755 ",
    "u+rwx",
    "4755",
    "6755",
    "1777",
    "2755",
    "07555",
    "0a",
    "00000000000000000644",
    "99999999999999999999",
  ];
  out.push(
    file(
      "modes-edges",
      ["d", "f", "z", "p", "c", "C"].flatMap((t) =>
        oddModes.map((m) => `${t} ${p("me")} ${m.includes(" ") ? `"${m}"` : m}${t === "c" ? " - - - 1:3" : ""}`),
      ),
    ),
  );

  // Ages: every unit, with signs, fractions, spaces, selectors and ~.
  const units = [
    ...new Set(TIME_UNITS.map((u) => u.suffix)),
    "",
    "x",
    "S",
    "D",
    "H",
    "W",
    "Y",
    "sec2",
    "mins",
    "yrs",
    "μ",
    "µ",
    "usecs",
    "nsec",
    "ns",
  ];
  const ages = units.flatMap((u) => [
    `1${u}`,
    `-1${u}`,
    `+1${u}`,
    `1.5${u}`,
    `.5${u}`,
    `5.${u}`,
    `0${u}`,
    `10${u}5`,
    `1${u}1${u}`,
    `18446744073709551615${u}`,
    `~1${u}`,
  ]);
  const selectors = ["a", "b", "c", "m", "A", "B", "C", "M", "abcmABCM", "ab", "x", "", "aa", "mA"].flatMap((s) => [
    `${s}:1d`,
    `~${s}:1d`,
  ]);
  out.push(
    file(
      "ages",
      ["d", "e", "D", "x", "r", "R", "v", "q", "Q", "C", "a", "f", "L"].flatMap((t) =>
        [...ages, ...selectors, "infinity", "~infinity", "-", "~", ":"].map(
          (a) => `${t} ${p("ag")} - - - ${a}${t === "L" || t === "C" ? " /x" : t === "a" ? " u::rwx" : ""}`,
        ),
      ),
    ),
  );

  // Owners: numbers at and around every limit, names with every odd character.
  const owners = [
    "-1",
    "0",
    "+0",
    "00",
    "01",
    "65533",
    "65534",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "4294967294",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999",
    "0x10",
    "1e3",
    " 1",
    "$",
    "a$",
    "$a",
    "a$b",
    "a$$",
    "-",
    "-a",
    "a-",
    "_a",
    "a_",
    ".a",
    "a.",
    "a.b",
    "1a",
    "a1",
    "A",
    "Ab",
    "ab\\x20c",
    "é",
    "a@b",
    "a:b",
    ":a",
    "a".repeat(31),
    "a".repeat(32),
    "a".repeat(33),
    "root",
    "nobody",
  ];
  out.push(
    file(
      "owners",
      owners.flatMap((o) => [`d ${p("ou")} - ${o} -`, `d ${p("og")} - - ${o}`, `z ${p("oz")} - ${o} ${o}`]),
    ),
  );
  return out;
}
