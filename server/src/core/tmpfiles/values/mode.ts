/** The mode field: optional "~" (mask with existing bits) and ":" (only when creating) prefixes, then octal up to 07777. */
import { safeAtou } from "./numbers.js";

export interface ModeValue {
  mask: boolean;
  onlyCreate: boolean;
  /** Offset of the octal digits within the field value. */
  digitsAt: number;
  mode?: number;
  problem?: string;
}

export function parseModeField(value: string): ModeValue {
  let i = 0;
  let mask = false;
  let onlyCreate = false;
  for (;;) {
    if (value[i] === "~") mask = true;
    else if (value[i] === ":") onlyCreate = true;
    else break;
    i++;
  }
  const digits = value.slice(i);
  const r = safeAtou(digits, 8, true);
  if (!r.ok) {
    return { mask, onlyCreate, digitsAt: i, problem: r.reason === "range" ? "is too large" : "is not an octal number" };
  }
  if (r.value > 0o7777) return { mask, onlyCreate, digitsAt: i, problem: "is above 07777" };
  return { mask, onlyCreate, digitsAt: i, mode: r.value };
}

/** "rwxr-x---" with setuid, setgid and sticky folded in as ls shows them. */
export function symbolicMode(mode: number): string {
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? "r" : "-") +
    (bits & 2 ? "w" : "-") +
    (bits & 1 ? (special ? ch : "x") : special ? ch.toUpperCase() : "-");
  return (
    rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, "s") +
    rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, "s") +
    rwx(mode & 7, (mode & 0o1000) !== 0, "t")
  );
}

/** What the path is, where the meaning of a special bit depends on it. */
export type ModeTarget = "directory" | "file" | "either";

/**
 * The set-user-ID, set-group-ID and sticky bits that `mode` sets, each with
 * what it does to the kind of path it is on, for hover.
 */
export function specialBitNotes(mode: number, on: ModeTarget): string[] {
  const notes: string[] = [];
  const noExec = (shift: number): string =>
    (mode >> shift) & 1 ? "" : " (without the matching x bit it does nothing, and `ls` shows a capital letter)";
  if (mode & 0o4000) {
    const file =
      "set-user-ID (4000): a program started from this file runs as the file's owner, not as the user who started it" +
      noExec(6);
    const dir = "set-user-ID (4000): Linux ignores it on a directory";
    notes.push(on === "file" ? file : on === "directory" ? dir : `${file}; on a directory Linux ignores it`);
  }
  if (mode & 0o2000) {
    const file = "set-group-ID (2000): a program started from this file runs with the file's group" + noExec(3);
    const dir =
      "set-group-ID (2000): files and directories made inside take this directory's group instead of the creator's, and new directories inherit the bit";
    notes.push(
      on === "file"
        ? file
        : on === "directory"
          ? dir
          : `${file}; on a directory, what is made inside takes the directory's group`,
    );
  }
  if (mode & 0o1000) {
    const dir =
      "sticky (1000): in this directory only a file's owner, the directory's owner or root may delete or rename the file, as in /tmp";
    const file = "sticky (1000): Linux ignores it on a file";
    notes.push(on === "directory" ? dir : on === "file" ? file : `${dir}; on a file Linux ignores it`);
  }
  return notes;
}
