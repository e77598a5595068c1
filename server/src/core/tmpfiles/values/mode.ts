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
  if (r.value > 0o7777n) return { mask, onlyCreate, digitsAt: i, problem: "is above 07777" };
  return { mask, onlyCreate, digitsAt: i, mode: Number(r.value) };
}

/** "rwxr-x---" with setuid, setgid and sticky folded in as ls shows them. */
export function symbolicMode(mode: number): string {
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? "r" : "-") + (bits & 2 ? "w" : "-") + (bits & 1 ? (special ? ch : "x") : special ? ch.toUpperCase() : "-");
  return (
    rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, "s") +
    rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, "s") +
    rwx(mode & 7, (mode & 0o1000) !== 0, "t")
  );
}
