/**
 * User and group names, as tmpfiles.userDatabase says:
 * - files it names (`{"passwd": FILE, "group": FILE}`): to check, an unknown
 *   name an error, and to complete;
 * - `"target"` (the default): the machine's own database, to check (an
 *   unknown name a warning that says where the tool looked) and to complete:
 *   this machine's /etc/passwd and /etc/group, or those of
 *   tmpfiles.remote.host as the client fetched them (`machine`);
 * - `"none"`: this machine's names, to complete only.
 *
 * The files are read as the command line reads --passwd and --group (a
 * regular file only, at most 8 MiB, no NUL bytes: core/userDatabase.ts), so
 * a setting naming /dev/zero, a FIFO or /proc/self/environ is refused with a
 * message. In a workspace the client says is not trusted, only files whose
 * real path is inside a workspace folder are read: the setting may come
 * from the workspace itself.
 */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";
import { UnreadableInput } from "../core/readTextFile.js";
import type { UserDatabase } from "../core/tmpfiles/analyzeLine.js";
import { readNamesFile } from "../core/userDatabase.js";

const cache = new Map<string, { mtimeMs: number; size: number; ino: number; names: string[] }>();

/** Names in a passwd or group file (kept while the file is unchanged); throws UnreadableInput. */
function readNames(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  const hit = cache.get(path);
  if (st?.isFile() && hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.ino === st.ino) return hit.names;
  cache.delete(path);
  const names = readNamesFile(path);
  if (st?.isFile()) cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, names });
  return names;
}

export interface Names {
  /** For the checker, only when the user named files. */
  database?: UserDatabase;
  users: string[];
  groups: string[];
  /** Where the names come from, for completion's detail. */
  usersFrom: string;
  groupsFrom: string;
  problems: string[];
}

/** What completion says of names read from this machine (the setting is unset or unreadable). */
const LOCAL_NAMES = "from this machine's user database";

/** Where the setting's files may be: anywhere when the workspace is trusted, else inside its folders. */
export interface Access {
  trusted: boolean;
  /** The workspace folders' paths. */
  folders: string[];
}

const ANY: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

/**
 * The same lists of names give the same database object, so that checks keep
 * their per-line results while the files are unchanged (the results are kept
 * per database).
 */
const lastDatabases = new Map<
  string,
  { users: string[] | undefined; groups: string[] | undefined; database: UserDatabase }
>();
function databaseOf(
  users: string[] | undefined,
  groups: string[] | undefined,
  origin?: UserDatabase["origin"],
): UserDatabase {
  const key = origin ? `${origin.local ? "local" : "host"}:${origin.where}` : "given";
  const last = lastDatabases.get(key);
  if (last && last.users === users && last.groups === groups) return last.database;
  const database: UserDatabase = {
    users: users ? new Set(users) : ANY,
    groups: groups ? new Set(groups) : ANY,
    ...(origin ? { origin } : {}),
  };
  lastDatabases.set(key, { users, groups, database });
  return database;
}

/** The setting tmpfiles.userDatabase as the server's schema reads it. */
export type UserDatabaseSetting = "target" | "none" | { passwd?: string | undefined; group?: string | undefined };

/** The database of tmpfiles.remote.host, as the client fetched it; `pending` while it has not. */
export type MachineNames =
  { host: string; users?: string[]; groups?: string[]; problem?: string } | { host: string; pending: true };

const realOr = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

const within = (path: string, root: string): boolean =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The names for a folder. `machine` is tmpfiles.remote.host's database when
 * that host is the target (with "target"), else this machine's is read.
 */
export function loadNames(
  rawSetting: UserDatabaseSetting,
  folderPath: string | undefined,
  access: Access = { trusted: true, folders: [] },
  local = { passwd: "/etc/passwd", group: "/etc/group" },
  machine?: MachineNames,
): Names {
  const safeLocal = (p: string): string[] | undefined => {
    try {
      return readNames(p);
    } catch {
      return undefined;
    }
  };
  const setting = typeof rawSetting === "string" ? {} : rawSetting;
  const target =
    rawSetting === "target" ||
    (typeof rawSetting === "object" && rawSetting.passwd === undefined && rawSetting.group === undefined);
  if (target && machine) {
    const from = `from ${machine.host}'s user database`;
    if ("pending" in machine || (machine.users === undefined && machine.groups === undefined))
      return { users: [], groups: [], usersFrom: from, groupsFrom: from, problems: [] };
    const database = databaseOf(machine.users, machine.groups, { where: machine.host, local: false });
    return {
      database,
      users: machine.users ?? [],
      groups: machine.groups ?? [],
      usersFrom: from,
      groupsFrom: from,
      problems: [],
    };
  }
  if (target) {
    const users = safeLocal(local.passwd);
    const groups = safeLocal(local.group);
    const database = users || groups ? databaseOf(users, groups, { where: "this machine", local: true }) : undefined;
    return {
      ...(database ? { database } : {}),
      users: users ?? [],
      groups: groups ?? [],
      usersFrom: LOCAL_NAMES,
      groupsFrom: LOCAL_NAMES,
      problems: [],
    };
  }
  const problems: string[] = [];
  const full = (p: string): string => resolve(isAbsolute(p) || !folderPath ? p : join(folderPath, p));
  const read = (which: "passwd" | "group", p: string | undefined): string[] | undefined => {
    if (p === undefined) return undefined;
    const path = full(p);
    const notChecked = `${which === "passwd" ? "user" : "group"} names are not checked`;
    let target = path;
    if (!access.trusted) {
      // The real path, links followed, must be inside a folder; that real path is what is read.
      target = realOr(path);
      if (!access.folders.some((f) => within(target, realOr(f)))) {
        problems.push(
          `tmpfiles.userDatabase.${which}: ${path}${target !== path ? ` (a link to ${target})` : ""} is outside the workspace folders, and the workspace is not trusted: only files inside them are read; ${notChecked}.`,
        );
        return undefined;
      }
    }
    try {
      return readNames(target);
    } catch (e) {
      const why = e instanceof UnreadableInput ? e.reason : (e as Error).message;
      problems.push(`tmpfiles.userDatabase.${which}: ${path} is not read: ${why}; ${notChecked}.`);
      return undefined;
    }
  };
  const users = read("passwd", setting.passwd);
  const groups = read("group", setting.group);
  const database = users || groups ? databaseOf(users, groups) : undefined;
  return {
    ...(database ? { database } : {}),
    users: users ?? safeLocal(local.passwd) ?? [],
    groups: groups ?? safeLocal(local.group) ?? [],
    usersFrom: users !== undefined && setting.passwd !== undefined ? `from ${full(setting.passwd)}` : LOCAL_NAMES,
    groupsFrom: groups !== undefined && setting.group !== undefined ? `from ${full(setting.group)}` : LOCAL_NAMES,
    problems,
  };
}
