/**
 * "%" specifiers in tmpfiles.d paths and arguments: which letters each
 * release knows, what they stand for, and a representative expansion used to
 * judge the expanded path (absolute or not, length, duplicates).
 */
import { SINCE } from "../versions.js";

export interface Specifier {
  char: string;
  meaning: string;
  /** A typical expansion on a system scope run. */
  example: string;
  since: number;
}

const ALL: readonly Specifier[] = [
  { char: "a", meaning: "the architecture", example: "x86-64", since: 252 },
  {
    char: "A",
    meaning: "the OS image version (IMAGE_VERSION= in os-release)",
    example: "",
    since: SINCE.imageSpecifiers,
  },
  { char: "b", meaning: "the boot ID", example: "0123456789abcdef0123456789abcdef", since: 252 },
  { char: "B", meaning: "the OS build ID (BUILD_ID= in os-release)", example: "", since: 252 },
  { char: "H", meaning: "the host name", example: "localhost", since: 252 },
  { char: "l", meaning: "the short host name (up to the first dot)", example: "localhost", since: 252 },
  { char: "q", meaning: "the pretty host name", example: "localhost", since: SINCE.imageSpecifiers },
  { char: "m", meaning: "the machine ID", example: "0123456789abcdef0123456789abcdef", since: 252 },
  { char: "M", meaning: "the OS image ID (IMAGE_ID= in os-release)", example: "", since: SINCE.imageSpecifiers },
  { char: "o", meaning: "the OS ID (ID= in os-release)", example: "debian", since: 252 },
  { char: "v", meaning: "the kernel release (uname -r)", example: "6.1.0-0-amd64", since: 252 },
  { char: "w", meaning: "the OS version ID (VERSION_ID= in os-release)", example: "12", since: 252 },
  { char: "W", meaning: "the OS variant ID (VARIANT_ID= in os-release)", example: "", since: 252 },
  { char: "h", meaning: "the home directory of the user running systemd-tmpfiles", example: "/root", since: 252 },
  {
    char: "C",
    meaning: "the cache directory (/var/cache, or ~/.cache with --user)",
    example: "/var/cache",
    since: 252,
  },
  {
    char: "D",
    meaning: "the shared data directory (/usr/share, or $XDG_DATA_HOME with --user)",
    example: "/usr/share",
    since: SINCE.dataDirSpecifier,
  },
  {
    char: "L",
    meaning: "the log directory (/var/log, or ~/.local/state/log with --user)",
    example: "/var/log",
    since: 252,
  },
  {
    char: "S",
    meaning: "the state directory (/var/lib, or ~/.local/state with --user)",
    example: "/var/lib",
    since: 252,
  },
  { char: "t", meaning: "the runtime directory (/run, or $XDG_RUNTIME_DIR with --user)", example: "/run", since: 252 },
  { char: "g", meaning: "the name of the group running systemd-tmpfiles", example: "root", since: 252 },
  { char: "G", meaning: "the id of the group running systemd-tmpfiles", example: "0", since: 252 },
  { char: "u", meaning: "the name of the user running systemd-tmpfiles", example: "root", since: 252 },
  { char: "U", meaning: "the id of the user running systemd-tmpfiles", example: "0", since: 252 },
  { char: "T", meaning: "the temporary directory (/tmp or $TMPDIR)", example: "/tmp", since: 252 },
  {
    char: "V",
    meaning: "the directory for larger, persistent temporary files (/var/tmp or $TMPDIR)",
    example: "/var/tmp",
    since: 252,
  },
];

const byChar = new Map(ALL.map((s) => [s.char, s]));

export const SPECIFIERS = ALL;

function specifier(ch: string, version: number): Specifier | undefined {
  const s = byChar.get(ch);
  return s && s.since <= version ? s : undefined;
}

export function specifierAnyVersion(ch: string): Specifier | undefined {
  return byChar.get(ch);
}

interface SpecifierProblem {
  /** Index of the "%" in the text. */
  at: number;
  char: string;
  /** Release from which the letter is known, when a later one knows it. */
  since?: number;
}

export interface Expansion {
  value: string;
  problem?: SpecifierProblem;
}

const ALNUM = /^[A-Za-z0-9]$/;
const isAlnum = (c: string): boolean => ALNUM.test(c);

/**
 * Expands specifiers as systemd does: "%%" is a "%", a known letter is
 * replaced, an unknown ASCII letter or digit is an error, and "%" before any
 * other character (or at the end) stays as it is.
 */
export function expandSpecifiers(text: string, version: number): Expansion {
  if (!text.includes("%")) return { value: text };
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "%") {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) {
      out += "%";
      break;
    }
    i++;
    if (n === "%") {
      out += "%";
      continue;
    }
    const s = specifier(n, version);
    if (s) {
      out += s.example;
      continue;
    }
    if (isAlnum(n)) {
      const later = specifierAnyVersion(n);
      return { value: out, problem: { at: i - 1, char: n, ...(later ? { since: later.since } : {}) } };
    }
    out += "%" + n;
  }
  return { value: out };
}

/** Positions of every specifier in a text, for hover and highlighting. */
export function findSpecifiers(text: string): { at: number; char: string }[] {
  const out: { at: number; char: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "%") continue;
    const n = text[i + 1];
    if (n === undefined) break;
    out.push({ at: i, char: n });
    i++;
  }
  return out;
}
