/** Targets under /etc: normalisation and tree order. */
import { utf8Length } from "../tmpfiles/values/credential.js";
import { unwritableCharacter } from "./quote.js";

export type NormalisedTarget =
  | { ok: true; path: string }
  | { ok: false; reason: "empty" | "leaves-etc" | "invalid-character"; detail?: string }
  | { ok: false; reason: "name-too-long"; name: string; bytes: number };

/** The longest file name a Linux file system holds (NAME_MAX), in bytes; systemd-tmpfiles cannot create a longer one. */
export const NAME_MAX = 255;

/**
 * The first component of a path longer than NAME_MAX bytes of UTF-8, if any.
 * A UTF-16 code unit is at most 3 bytes, so a path of at most 85 units has none.
 */
function tooLongName(path: string): { name: string; bytes: number } | undefined {
  if (path.length <= NAME_MAX / 3) return undefined;
  for (const name of path.split("/")) {
    if (name.length <= NAME_MAX / 3) continue;
    const bytes = utf8Length(name);
    if (bytes > NAME_MAX) return { name, bytes };
  }
  return undefined;
}

/**
 * A target as it lands under /etc: repeated, leading and trailing slashes and
 * `.` components dropped, `..` applied. A `..` with nothing left to climb
 * leaves /etc.
 */
export function normaliseTarget(target: string): NormalisedTarget {
  const bad = unwritableCharacter(target);
  if (bad) return { ok: false, reason: "invalid-character", detail: bad };
  if (isNormal(target)) return withNameLimit(target);
  const parts: string[] = [];
  for (const seg of target.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return { ok: false, reason: "leaves-etc" };
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  if (parts.length === 0) return { ok: false, reason: "empty" };
  return withNameLimit(parts.join("/"));
}

function withNameLimit(path: string): NormalisedTarget {
  const long = tooLongName(path);
  return long ? { ok: false, reason: "name-too-long", ...long } : { ok: true, path };
}

/** The normalised target, or undefined when it cannot be used (`normaliseTarget` says why). */
export function normalisedPath(target: string): string | undefined {
  if (isNormal(target) && !unwritableCharacter(target) && !tooLongName(target)) return target;
  const n = normaliseTarget(target);
  return n.ok ? n.path : undefined;
}

/** Whether a target is already normal: no empty, `.` or `..` component. */
function isNormal(target: string): boolean {
  let start = 0;
  for (let i = 0; i <= target.length; i++) {
    if (i < target.length && target.charCodeAt(i) !== 47 /* / */) continue;
    const n = i - start;
    if (n === 0) return false;
    if (target.charCodeAt(start) === 46 /* . */ && (n === 1 || (n === 2 && target.charCodeAt(start + 1) === 46)))
      return false;
    start = i + 1;
  }
  return true;
}

/** Normalise an absolute directory such as a static dir: one leading slash, no trailing one. */
export function normaliseAbsolute(dir: string): string {
  const parts = dir.split("/").filter((p) => p !== "" && p !== ".");
  return "/" + parts.join("/");
}

/** Every proper ancestor of a relative path, outermost first: `a/b/c` → `a`, `a/b`. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) out.push(path.slice(0, i));
  return out;
}

export function depth(path: string): number {
  let n = 1;
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) n++;
  return n;
}

/**
 * Tree order: component by component, by UTF-16 code units, so a directory
 * comes right before everything inside it (`a`, `a/b`, `a-b`). The same as
 * comparing the strings with `/` ranked below every other character.
 */
export function compareTreeOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    return (ca === 47 ? -1 : ca) - (cb === 47 ? -1 : cb);
  }
  return a.length - b.length;
}
