/**
 * A manifest's user or group as the owner field of a generated `C` line:
 * a name as it is, `+N` as the number N. The number is read as the
 * tmpfiles.d checker reads a numeric user or group (values/owner.ts), so an
 * id systemd-tmpfiles refuses (above 4294967295, or the reserved
 * 4294967295 and 65535) is refused here too.
 */
import { parseOwnerField } from "../tmpfiles/values/owner.js";
import { OWNER_ID_PATTERN, OWNER_NAME_PATTERN } from "./schema.js";

export type OwnerField =
  | { ok: true; field: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "id"; id: string; problem: string };

/**
 * The owners already read, by value. A manifest names few owners, each for
 * many entries, and `generate` asks about every entry's two (for the check
 * and for a copy's line): each value is read once. Emptied when it gets
 * large, so a manifest of distinct names costs no more than before.
 */
const known = new Map<string, Readonly<OwnerField>>();
const KNOWN_MAX = 1024;

export function ownerField(value: string): Readonly<OwnerField> {
  let o = known.get(value);
  if (o === undefined) {
    if (known.size === KNOWN_MAX) known.clear();
    o = readOwnerField(value);
    known.set(value, o);
  }
  return o;
}

function readOwnerField(value: string): OwnerField {
  const id = OWNER_ID_PATTERN.exec(value);
  if (!id) return OWNER_NAME_PATTERN.test(value) ? { ok: true, field: value } : { ok: false, reason: "invalid" };
  // "+007" is the id 7: the digits without their leading zeros are what the line holds.
  const digits = id[1]!.replace(/^0+(?=\d)/, "");
  const o = parseOwnerField(digits);
  if (o.id !== undefined) return { ok: true, field: String(o.id) };
  return { ok: false, reason: "id", id: digits, problem: o.idProblem ?? "is not a valid id" };
}
