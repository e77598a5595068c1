/**
 * The argument of a and A lines: comma-separated ACL entries
 * ([default:]TAG:QUALIFIER:PERMS). Names in qualifiers are resolved on the
 * machine that applies the line, so only their spelling is judged here.
 */
import { SINCE } from "../../versions.js";

export interface AclProblem {
  at: number;
  length: number;
  message: string;
}

const TAGS: Record<string, "user" | "group" | "mask" | "other"> = {
  user: "user", u: "user", group: "group", g: "group", mask: "mask", m: "mask", other: "other", o: "other",
};

export interface AclEntry {
  isDefault: boolean;
  tag: "user" | "group" | "mask" | "other";
  qualifier: string;
  perms: string;
  at: number;
  length: number;
}

export function parseAcl(text: string, version: number): { entries: AclEntry[]; problem?: AclProblem } {
  const entries: AclEntry[] = [];
  let at = 0;
  for (const raw of text.split(",")) {
    const start = at;
    at += raw.length + 1;
    const fail = (message: string): { entries: AclEntry[]; problem: AclProblem } => ({ entries, problem: { at: start, length: raw.length, message } });
    let parts = raw.split(":");
    let isDefault = false;
    if (version >= SINCE.escapesInFields) {
      if (parts.length < 3 || parts.length > 4) return fail(`'${raw}' is not TAG:QUALIFIER:PERMISSIONS`);
      if (parts.length === 4) {
        if (parts[0] !== "default" && parts[0] !== "d") return fail(`'${parts[0]}' is not 'default' or 'd'`);
        isDefault = true;
        parts = parts.slice(1);
      }
    } else if (parts[0] === "default" || parts[0] === "d") {
      isDefault = true;
      parts = parts.slice(1);
    }
    const tagText = cTrim(parts[0] ?? "");
    const tag = TAGS[tagText];
    if (!tag) return fail(`'${tagText}' is not an ACL tag (user, group, mask, other)`);
    let qualifier = "";
    let perms: string;
    if (parts.length === 3) {
      qualifier = parts[1]!;
      perms = parts[2]!;
    } else if (parts.length === 2 && (tag === "mask" || tag === "other")) {
      perms = parts[1]!;
    } else return fail(`'${raw}' is not TAG:QUALIFIER:PERMISSIONS`);
    if ((tag === "mask" || tag === "other") && qualifier !== "") return fail(`${tag} entries take no qualifier`);
    if (qualifier.startsWith("#")) return fail(`'${qualifier}' starts with '#', so no ${tag} of that name can be found`);
    const allowed = version >= SINCE.escapesInFields ? /^[rwxX-]*$/ : /^[rwx-]*$/;
    const p = cTrim(perms);
    // Each of r, w and x at most once (X stands for x).
    const letters = p.replace(/-/g, "").replace(/X/g, "x");
    if (!allowed.test(p) || new Set(letters).size !== letters.length) return fail(`'${perms}' is not a set of permissions (r, w, x${version >= SINCE.escapesInFields ? ", X" : ""}, -, each once)`);
    entries.push({ isDefault, tag, qualifier, perms: p, at: start, length: raw.length });
  }
  return { entries };
}

/** Trims the white space C's isspace() knows (not every Unicode space). */
function cTrim(s: string): string {
  return s.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, "");
}

export function checkAcl(text: string, version: number): AclProblem | undefined {
  return parseAcl(text, version).problem;
}
