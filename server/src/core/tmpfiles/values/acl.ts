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

export interface AclEntry {
  isDefault: boolean;
  tag: "user" | "group" | "mask" | "other";
  qualifier: string;
  perms: string;
  at: number;
  length: number;
}

const C_SPACE = " \t\n\r\v\f";

/**
 * One entry as the ACL library reads its text form: a tag (the whole word or
 * its first letter), an optional ":", a qualifier up to the next ":" (users
 * and groups only), then one to three of r, w, x and "-" (each letter once),
 * then nothing but white space or a "#" comment.
 */
function readEntry(
  e: string,
  chained: boolean,
): { tag: AclEntry["tag"]; qualifier: string; perms: string; comment?: boolean } | { comment: true } | string {
  let i = 0;
  while (i < e.length && C_SPACE.includes(e[i]!)) i++;
  // "#" starts a comment that runs to the end of the text.
  if (e[i] === "#") return { comment: true };
  let tag: AclEntry["tag"] | undefined;
  for (const name of ["user", "group", "mask", "other"] as const) {
    if (e.startsWith(name, i)) {
      tag = name;
      i += name.length;
      break;
    }
    if (e[i] === name[0]) {
      tag = name;
      i += 1;
      break;
    }
  }
  if (!tag) return `'${e}' has no ACL tag (user, group, mask, other)`;
  while (i < e.length && C_SPACE.includes(e[i]!)) i++;
  if (e[i] === ":") i++;
  let qualifier = "";
  if (tag === "user" || tag === "group") {
    const colon = e.indexOf(":", i);
    if (colon === -1) return `'${e}' needs ':' before its permissions`;
    qualifier = e.slice(i, colon).replace(/[ \t\n\r\v\f]+$/, "");
    if (qualifier !== "" && C_SPACE.includes(qualifier[0]!)) return `the ${tag} name in '${e}' starts with white space`;
    if (/^[#+-]/.test(qualifier))
      return `'${qualifier}' starts with '${qualifier[0]}', so no ${tag} of that name can be found`;
    i = colon + 1;
  } else if (e[i] === ":") i++;
  let j = i;
  while (j < e.length && "rwx-".includes(e[j]!)) j++;
  const perms = e.slice(i, j);
  const letters = perms.replace(/-/g, "");
  if (perms.length === 0 || perms.length > 3 || new Set(letters).size !== letters.length)
    return `'${perms || e.slice(i)}' is not a set of permissions (up to three of r, w, x and -, each letter once)`;
  let k = j;
  while (k < e.length && C_SPACE.includes(e[k]!)) k++;
  if (k < e.length && e[k] === "#") return { tag, qualifier, perms, comment: true };
  if (k < e.length) {
    // The ACL library itself reads on into a next entry; systemd 254 and later split entries first.
    if (!chained) return `'${e.slice(j)}' follows the permissions of '${e}'`;
    const next = readEntry(e.slice(k), true);
    if (typeof next === "string") return next;
    if (next.comment) return { tag, qualifier, perms, comment: true };
  }
  return { tag, qualifier, perms };
}

export function parseAcl(text: string, version: number): { entries: AclEntry[]; problem?: AclProblem } {
  const entries: AclEntry[] = [];
  let at = 0;
  // Before 254 systemd gives the ACL library the access entries and the default entries as two texts: a
  // comment in one ends that text only. From 254 it splits each entry itself, and a comment ends the rest.
  let commentedAccess = false;
  let commentedDefault = false;
  for (const raw of text.split(",")) {
    const start = at;
    at += raw.length + 1;
    if (raw === "") continue;
    const fail = (message: string): { entries: AclEntry[]; problem: AclProblem } => ({
      entries,
      problem: { at: start, length: raw.length, message },
    });
    let isDefault = false;
    let body = raw;
    if (version >= SINCE.escapesInFields) {
      // systemd splits the entry itself first: TAG:QUALIFIER:PERMS, or with "default" or "d" in front.
      const parts = raw.split(":");
      if (parts.length < 3 || parts.length > 4) return fail(`'${raw}' is not TAG:QUALIFIER:PERMISSIONS`);
      if (parts.length === 4) {
        if (parts[0] !== "default" && parts[0] !== "d") return fail(`'${parts[0]}' is not 'default' or 'd'`);
        isDefault = true;
        parts.shift();
      }
      parts[2] = parts[2]!.replace(/X/g, "x");
      body = parts.join(":");
    } else {
      const m = /^(default|d):/.exec(raw);
      if (m) {
        isDefault = true;
        body = raw.slice(m[0].length);
      }
    }
    // After a comment the ACL library reads nothing more (systemd 254 and later still split each entry).
    const twoTexts = version < SINCE.escapesInFields;
    if (twoTexts && isDefault ? commentedDefault : commentedAccess) continue;
    const r = readEntry(body, version < SINCE.escapesInFields);
    if (typeof r === "string") return fail(r);
    if (r.comment) {
      if (twoTexts && isDefault) commentedDefault = true;
      else if (twoTexts) commentedAccess = true;
      else commentedAccess = commentedDefault = true;
    }
    if ("tag" in r)
      entries.push({ isDefault, tag: r.tag, qualifier: r.qualifier, perms: r.perms, at: start, length: raw.length });
  }
  return { entries };
}

export function checkAcl(text: string, version: number): AclProblem | undefined {
  return parseAcl(text, version).problem;
}
