/** Likely mistakes in modes that systemd accepts, and symbolic modes it does not. */
import type { Fix } from "../../diagnostic.js";
import type { Code } from "../codes.js";
import type { LineType } from "../lineTypes.js";
import type { Field } from "../parse.js";

export interface ModeNote {
  code: Code;
  message: string;
  fixes: Fix[];
}

export function modeFixes(letter: string, lt: LineType, mode: number, field: Field): ModeNote[] {
  const notes: ModeNote[] = [];
  const isDir = lt.directoryMode || letter === "e";
  if (isDir && (mode & 0o002) !== 0 && (mode & 0o1000) === 0) {
    const fixed = "1" + (mode & 0o777).toString(8).padStart(3, "0");
    notes.push({
      code: "world-writable",
      message: `Mode ${mode.toString(8).padStart(4, "0")} lets every user write to this directory without the sticky bit, so anyone can remove anyone's files.`,
      fixes: [
        {
          title: `Add the sticky bit (${fixed})`,
          edits: [{ offset: field.offset, length: field.length, newText: prefixOf(field.value) + fixed }],
        },
      ],
    });
  }
  if (isDir) {
    let fixedMode = mode;
    for (const shift of [6, 3, 0]) if ((mode >> shift) & 4 && !((mode >> shift) & 1)) fixedMode |= 1 << shift;
    if (fixedMode !== mode) {
      const fixed = fixedMode.toString(8).padStart(4, "0");
      notes.push({
        code: "directory-mode-no-search",
        message: `Mode ${mode.toString(8).padStart(4, "0")} lets some users list this directory but not enter it (no x bit where r is set).`,
        fixes: [
          {
            title: `Write ${fixed}`,
            edits: [{ offset: field.offset, length: field.length, newText: prefixOf(field.value) + fixed }],
          },
        ],
      });
    }
  }
  return notes;
}

function prefixOf(v: string): string {
  return /^[~:]*/.exec(v)![0];
}

/** "rw-r--r--", "u=rw,g=r,o=r" or "0o644" as the octal mode systemd reads, or undefined. */
export function symbolicModeToOctal(v: string): string | undefined {
  const pre = prefixOf(v);
  const s = v.slice(pre.length);
  if (/^0[oO][0-7]{1,4}$/.test(s)) return pre + s.slice(2).padStart(4, "0");
  const m = /^([r-][w-][xsS-])([r-][w-][xsS-])([r-][w-][xtT-])$/.exec(s);
  if (m) {
    let mode = 0;
    const trip = (t: string, shift: number, special: number, sp: string): void => {
      if (t[0] === "r") mode |= 4 << shift;
      if (t[1] === "w") mode |= 2 << shift;
      if (t[2] === "x" || t[2] === sp) mode |= 1 << shift;
      if (t[2] === sp || t[2] === sp.toUpperCase()) mode |= special;
    };
    trip(m[1]!, 6, 0o4000, "s");
    trip(m[2]!, 3, 0o2000, "s");
    trip(m[3]!, 0, 0o1000, "t");
    return pre + mode.toString(8).padStart(4, "0");
  }
  const clauses = s.split(",");
  let mode = 0;
  for (const c of clauses) {
    const cm = /^([ugoa]+)=([rwx]*)$/.exec(c);
    if (!cm) return undefined;
    let bits = 0;
    for (const ch of cm[2]!) bits |= ch === "r" ? 4 : ch === "w" ? 2 : 1;
    for (const who of cm[1]!) {
      if (who === "u" || who === "a") mode |= bits << 6;
      if (who === "g" || who === "a") mode |= bits << 3;
      if (who === "o" || who === "a") mode |= bits;
    }
  }
  return pre + mode.toString(8).padStart(4, "0");
}

/** The mode systemd gives a created path when the field is "-". */
function defaultModeText(isDir: boolean): string {
  return isDir ? "0755" : "0644";
}

/**
 * Modes an invalid mode field probably meant, best first, each with what
 * the fix does: the field with its stray characters (not digits) dropped,
 * then the usual mode of the line's kind of path. Prefixes are kept.
 */
export function invalidModeCandidates(value: string, isDir: boolean): { value: string; why: string }[] {
  const pre = prefixOf(value);
  const digits = value.slice(pre.length);
  const out: { value: string; why: string }[] = [];
  const stray = [...new Set(digits.replace(/[0-9]/g, ""))];
  if (stray.length > 0) {
    const kept = digits.replace(/[^0-9]/g, "");
    if (/^[0-7]+$/.test(kept) && parseInt(kept, 8) <= 0o7777)
      out.push({ value: pre + kept, why: `drop ${stray.map((c) => `'${c}'`).join(", ")}` });
  }
  const usual = pre + defaultModeText(isDir);
  if (!out.some((c) => c.value === usual))
    out.push({ value: usual, why: isDir ? "the usual directory mode" : "the usual file mode" });
  return out;
}
