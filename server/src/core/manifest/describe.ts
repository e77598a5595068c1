/** Plain-words descriptions of modes and owners, shared by hover, completion and the checks. */
import { symbolicModeToOctal } from "../tmpfiles/fixes/modeFixes.js";
import { specialBitNotes, symbolicMode } from "../tmpfiles/values/mode.js";
import { canonicalMode, MODE_MAX, octalModeOf, OWNER_ID_PATTERN } from "./schema.js";

/** What a valid mode makes of the entry ("a copy of the source with mode 0644 (`rw-r--r--`)"). */
export function describeMode(mode: string): string {
  if (mode === "symlink") return "a symbolic link to the source (through the static directory when one is used)";
  if (mode === "direct-symlink") return "a symbolic link straight to the source";
  const bits = octalModeOf(mode);
  if (bits !== undefined) return `a copy of the source with mode ${canonicalMode(bits)} (\`${symbolicMode(bits)}\`)`;
  return `not a copy or a link: the mode ${modeProblem(mode).what}`;
}

export interface ModeProblem {
  /** What is wrong, to follow `The mode "…"`. */
  what: string;
  /** The octal mode a symbolic one stands for, when it does. */
  octal?: string;
}

/** Why a mode is not `symlink`, `direct-symlink` or an octal mode up to 07777. */
export function modeProblem(mode: string): ModeProblem {
  if (mode === "") return { what: "is empty" };
  if (/^[0-7]+$/.test(mode))
    return {
      what: `is above 0${MODE_MAX.toString(8)}: a mode holds only the permission bits and the set-user-ID, set-group-ID and sticky bits`,
    };
  if (/^[0-9]+$/.test(mode)) return { what: "has the digit 8 or 9, which an octal mode cannot have" };
  if (/^0[oO][0-7]+$/.test(mode)) {
    const bits = parseInt(mode.slice(2), 8);
    if (bits <= MODE_MAX)
      return {
        what: `has the prefix ${mode.slice(0, 2)}, which the generated line cannot keep; write the digits alone, "${canonicalMode(bits)}"`,
        octal: canonicalMode(bits),
      };
  }
  const octal = symbolicModeToOctal(mode);
  if (octal !== undefined && /^[0-7]{4}$/.test(octal))
    return {
      what: `is written symbolically; NixOS reads a mode as an octal number, such as "${octal}" for this one`,
      octal,
    };
  return { what: 'is not "symlink", "direct-symlink" or an octal mode such as "0644"' };
}

/** Markdown lines on the set-user-ID, set-group-ID and sticky bits of a copy's mode (a copy is a file). */
export function specialBitsOfCopy(mode: string): string[] {
  const bits = octalModeOf(mode);
  return bits === undefined ? [] : specialBitNotes(bits, "file");
}

export function describeOwner(value: string, what: "user" | "group"): string {
  const id = OWNER_ID_PATTERN.exec(value);
  if (id)
    return `the numeric ${what} id ${Number(id[1])}${id[1] === "0" ? (what === "user" ? " (root)" : " (the root group)") : ""}`;
  return `the ${what} named \`${value}\`, looked up on the machine that activates /etc`;
}
