// Which definitions of `systemd.tmpfiles.rules` NixOS drops, as far as one
// file tells. The module system (nixpkgs lib/modules.nix, mergeDefinitions)
// splits an option's definitions at mkMerge, drops those whose mkIf is
// false, and keeps only those of the highest priority among all modules:
// the lowest number, mkForce 50, plain 100, mkDefault 1000 (mkOverride N).
// Other modules are not known here, so a definition is known to be dropped
// only when another of this file has a higher priority and is under no
// condition (mkIf, optionalAttrs) that it is not under itself: whenever it
// is defined, so is the other. The rest are checked.
import type { CoreDiagnostic } from "../diagnostic.js";
import type { RulesDefinition } from "./find.js";

/** What a definition's fate depends on: its run, its priority and the conditions it stands under. */
type Ranked = Pick<RulesDefinition, "scope" | "priority" | "conditions">;

/** The definition of this file that makes NixOS drop `d`, if there is one (of rules, or of one field of a settings entry). */
export function overriddenBy<D extends Ranked>(d: D, all: readonly D[]): D | undefined {
  const p = d.priority;
  if (p === "unknown") return undefined;
  let best: D | undefined;
  for (const f of all) {
    if (f.scope !== d.scope || f.priority === "unknown" || f.priority >= p) continue;
    if (!f.conditions.every((c) => d.conditions.includes(c))) continue;
    if (!best || f.priority < (best.priority as number)) best = f;
  }
  return best;
}

/** The note on a definition NixOS drops for `by`: of the rules, or of a field of a settings entry (`field`). */
export function overriddenDiagnostic(
  d: Ranked & { from: number; to: number },
  by: Ranked & { from: number; to: number },
  lineOf: (offset: number) => number,
  field?: string,
): CoreDiagnostic {
  const what = field === undefined ? "systemd.tmpfiles.rules" : `the ${field} of this settings entry`;
  const lost = field === undefined ? "its rules are" : "its value is";
  return {
    code: "nix-definition-overridden",
    severity: "information",
    message: `NixOS drops this definition of ${what}: the one on line ${lineOf(by.from)} has a higher priority (${by.priority}, against ${d.priority}) and is set whenever this one is, so ${lost} not written or checked.`,
    offset: d.from,
    length: d.to - d.from,
    related: [{ offset: by.from, length: by.to - by.from, message: "The definition NixOS keeps" }],
  };
}
