/**
 * User and group names: from the files `tmpfiles.userDatabase` names (to
 * check and to complete), else from this machine's /etc/passwd and
 * /etc/group (to complete only: an unknown name is never an error then).
 */
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { UserDatabase } from "../core/tmpfiles/analyzeLine.js";

export function namesOf(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const name = line.split(":", 1)[0]!.trim();
    if (name && !name.startsWith("#")) names.add(name);
  }
  return [...names];
}

const cache = new Map<string, { mtimeMs: number; names: string[] }>();

/** Names in a passwd or group file; throws with a readable message when it cannot be read. */
function readNames(path: string): string[] {
  const st = statSync(path);
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.names;
  const names = namesOf(readFileSync(path, "utf8"));
  cache.set(path, { mtimeMs: st.mtimeMs, names });
  return names;
}

export interface Names {
  /** For the checker, only when the user named files. */
  database?: UserDatabase;
  users: string[];
  groups: string[];
  problems: string[];
}

const ANY: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

/**
 * The same lists of names give the same database object, so that checks keep
 * their per-line results while the files are unchanged (the results are kept
 * per database).
 */
let lastDatabase: { users: string[] | undefined; groups: string[] | undefined; database: UserDatabase } | undefined;
function databaseOf(users: string[] | undefined, groups: string[] | undefined): UserDatabase {
  if (lastDatabase && lastDatabase.users === users && lastDatabase.groups === groups) return lastDatabase.database;
  const database = { users: users ? new Set(users) : ANY, groups: groups ? new Set(groups) : ANY };
  lastDatabase = { users, groups, database };
  return database;
}

export function loadNames(setting: { passwd?: string | undefined; group?: string | undefined }, folderPath: string | undefined, local = { passwd: "/etc/passwd", group: "/etc/group" }): Names {
  const problems: string[] = [];
  const resolve = (p: string): string => (isAbsolute(p) || !folderPath ? p : join(folderPath, p));
  const read = (which: "passwd" | "group", p: string | undefined): string[] | undefined => {
    if (p === undefined) return undefined;
    const full = resolve(p);
    try {
      return readNames(full);
    } catch (e) {
      problems.push(`tmpfiles.userDatabase.${which}: ${full} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${which === "passwd" ? "user" : "group"} names are not checked.`);
      return undefined;
    }
  };
  const users = read("passwd", setting.passwd);
  const groups = read("group", setting.group);
  const safeLocal = (p: string): string[] => {
    try {
      return readNames(p);
    } catch {
      return [];
    }
  };
  const database = users || groups ? databaseOf(users, groups) : undefined;
  return {
    ...(database ? { database } : {}),
    users: users ?? safeLocal(local.passwd),
    groups: groups ?? safeLocal(local.group),
    problems,
  };
}
