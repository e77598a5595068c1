// The value NixOS writes for a field of a `systemd.tmpfiles.settings` entry
// set more than once. Each field (type, mode, user, group, age, argument) is
// a `types.str` option of the entry's submodule (nixos/modules/system/boot/
// systemd/tmpfiles.nix): the module system keeps only its definitions of the
// highest priority (lib/modules.nix filterOverrides: the lowest number,
// mkForce 50, plain 100, mkDefault 1000), and a str merges them only when
// they are equal (lib/options.nix mergeEqualOption); two different values
// stop the evaluation: "The option … has conflicting definition values".
//
// One file does not tell what the other modules define, nor whether an mkIf
// holds, so, as for rules (overrides.ts), a definition is taken as dropped
// only when another of the file with a higher priority is set whenever it is.
// The value written is the one the module system picks if every condition
// holds; a conflict is reported only when it is certain.
import type { CoreDiagnostic } from "../diagnostic.js";
import {
  SETTINGS_FIELDS,
  type FieldDefinition,
  type NixValue,
  type SettingsEntry,
  type SettingsField,
} from "./find.js";
import { overriddenBy, overriddenDiagnostic } from "./overrides.js";

/** The definitions no other of the file certainly outranks. */
function standing(defs: readonly FieldDefinition[]): FieldDefinition[] {
  return defs.filter((d) => !overriddenBy(d, defs));
}

/** The plain text of a value, when it is a string without interpolations (two of them are compared by it). */
function plain(v: NixValue): string | undefined {
  return v.kind === "string" && v.string.interpolations.length === 0 ? v.string.value : undefined;
}

/**
 * The value NixOS writes for a field, of its definitions in this file: of
 * those of the highest priority the last written (equal ones merge, and
 * different ones are an error); a value not known when a definition of
 * unknown priority may set another.
 */
export function fieldValue(defs: readonly FieldDefinition[] | undefined): NixValue | undefined {
  if (!defs?.length) return undefined;
  const left = standing(defs);
  const known = left.filter((d) => d.priority !== "unknown");
  const best = Math.min(...known.map((d) => d.priority as number));
  const top = left.filter((d) => d.priority === "unknown" || d.priority === best);
  const last = top[top.length - 1]!;
  if (known.length === left.length) return last.value;
  const text = plain(last.value);
  return text !== undefined && top.every((d) => plain(d.value) === text)
    ? last.value
    : { kind: "unknown", expr: { from: last.from, to: last.to } };
}

/**
 * The definitions of a field that NixOS refuses, each with the one it
 * conflicts with: of equal priority, the highest of the file's definitions
 * that stand, of different values, and the other set whenever this one is
 * (of two under the same conditions, the later is reported).
 */
function fieldConflicts(defs: readonly FieldDefinition[] | undefined): [FieldDefinition, FieldDefinition][] {
  if (!defs || defs.length < 2) return [];
  const left = standing(defs);
  // A definition of unknown priority may outrank them all.
  if (left.some((d) => d.priority === "unknown")) return [];
  const best = Math.min(...left.map((d) => d.priority as number));
  const top = left.filter((d) => d.priority === best);
  const within = (a: FieldDefinition, b: FieldDefinition): boolean =>
    a.conditions.every((c) => b.conditions.includes(c));
  const out: [FieldDefinition, FieldDefinition][] = [];
  top.forEach((d, i) => {
    const mine = plain(d.value);
    if (mine === undefined) return;
    const other = top.find((e, j) => {
      const theirs = plain(e.value);
      if (theirs === undefined || theirs === mine || !within(e, d)) return false;
      return j < i || !within(d, e);
    });
    if (other) out.push([d, other]);
  });
  return out;
}

/** The error on a definition of a settings field that NixOS refuses for another of equal priority and a different value. */
function settingsConflictDiagnostic(
  d: FieldDefinition,
  other: FieldDefinition,
  field: SettingsField,
  lineOf: (offset: number) => number,
): CoreDiagnostic {
  return {
    code: "nix-settings-conflict",
    severity: "error",
    message: `NixOS refuses this configuration: ${field} is also set to ${JSON.stringify(plain(other.value))} on line ${lineOf(other.from)}, with the same priority (${d.priority}); a string option takes one value ("conflicting definition values").`,
    offset: d.from,
    length: d.to - d.from,
    related: [{ offset: other.from, length: other.to - other.from, message: "The other definition" }],
  };
}

/** What the priorities of the settings' fields say: a note on each definition NixOS drops, an error on each it refuses. */
export function settingsDiagnostics(
  entries: readonly SettingsEntry[],
  lineOf: (offset: number) => number,
): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  for (const e of entries)
    for (const field of SETTINGS_FIELDS) {
      const defs = e.definitions[field] ?? [];
      for (const d of defs) {
        const by = overriddenBy(d, defs);
        if (by) out.push(overriddenDiagnostic(d, by, lineOf, field));
      }
      for (const [d, other] of fieldConflicts(defs)) out.push(settingsConflictDiagnostic(d, other, field, lineOf));
    }
  return out;
}
