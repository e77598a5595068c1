/**
 * The errors of fields.ts's checks, decided from an entry's values alone:
 * whether an entry surely has none. `generate` and `plan` read a manifest
 * with positions only when one of its entries may have an error (or two may
 * conflict, which laying them out tells), so this must never pass an entry
 * that `checkEntryFields` finds an error in; it may refuse one that has only
 * warnings (the positioned read then says so).
 */
import { effectiveGroup, effectiveUser, type EntryValues } from "../model.js";
import { ownerField } from "../owner.js";
import { unwritableCharacter } from "../quote.js";

/**
 * True when `checkEntryFields` reports no error on the entry, whether it is
 * enabled or not: a usable target (normalised: none of the target errors),
 * an absolute source a line can hold, a valid mode, and owners a line can
 * hold.
 */
export function surelyWithoutFieldErrors(e: Readonly<EntryValues>): boolean {
  return (
    e.normTarget !== undefined &&
    e.source !== undefined &&
    e.source.startsWith("/") &&
    !unwritableCharacter(e.source) &&
    e.kind !== undefined &&
    ownerField(effectiveUser(e)).ok &&
    ownerField(effectiveGroup(e)).ok
  );
}
