/**
 * The user and group fields: an optional ":" (apply only when creating),
 * then a numeric id or a name. Names are resolved on the target machine,
 * so without a user database only their spelling can be judged.
 */
import { safeAtou } from "./numbers.js";

export interface OwnerValue {
  onlyCreate: boolean;
  /** The part after the ":" prefix. */
  name: string;
  nameAt: number;
  /** Set when the name is a valid numeric id. */
  id?: number;
  /** Why a numeric-looking value is no valid id. */
  idProblem?: string;
}

// Made once: a regular expression literal in a function is a new object on every call.
const STRICT_ID = /^(0|[1-9][0-9]*)$/;
const DIGITS = /^[0-9]+$/;
const UNHOLDABLE = /[:\n\r\0]/;
const LEADING_BLANK = /^[ \t]/;

export function parseOwnerField(value: string): OwnerValue {
  const onlyCreate = value.startsWith(":");
  const name = onlyCreate ? value.slice(1) : value;
  const out: OwnerValue = { onlyCreate, name, nameAt: onlyCreate ? 1 : 0 };
  // Ids are read strictly: no sign, no leading zero, no white space. A name (most are) starts with no digit.
  const first = name.charCodeAt(0);
  const digitFirst = first >= 48 && first <= 57;
  const strict = digitFirst && STRICT_ID.test(name);
  const r = strict ? safeAtou(name, 10, true) : ({ ok: false, reason: "invalid" } as const);
  if (r.ok) {
    const v = r.value;
    // (uid_t) -1 and the 16-bit (uid_t) -1 are never valid ids.
    if (v === 0xffffffff || v === 0xffff) out.idProblem = `${v} is reserved and never a valid id`;
    else out.id = v;
  } else if (digitFirst && DIGITS.test(name)) {
    out.idProblem = strict
      ? "is out of range for an id"
      : "has a leading zero, so it is looked up as a name, not read as an id";
  }
  return out;
}

/**
 * Whether a name can be in a passwd or group file at all: the file's fields
 * are separated by ":" and its records by new lines, and an empty name or
 * one made of "." or ".." names nothing.
 */
export function ownerNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name === "-") return 'is "-", which after ":" names a user or group called "-"';
  if (UNHOLDABLE.test(name)) return "contains a character no user or group name can hold";
  // passwd and group readers take such lines for comments or trim them.
  if (name.startsWith("#")) return "starts with '#', which user databases read as a comment";
  if (LEADING_BLANK.test(name)) return "starts with white space, which user databases drop";
  return undefined;
}
