/**
 * User and group names: from the files `tmpfiles.userDatabase` names (to
 * check and to complete), else from this machine's /etc/passwd and
 * /etc/group (to complete only: an unknown name is never an error then).
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
export const LOCAL_NAMES = "from this machine's user database";

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
let lastDatabase: { users: string[] | undefined; groups: string[] | undefined; database: UserDatabase } | undefined;
function databaseOf(users: string[] | undefined, groups: string[] | undefined): UserDatabase {
  if (lastDatabase && lastDatabase.users === users && lastDatabase.groups === groups) return lastDatabase.database;
  const database = { users: users ? new Set(users) : ANY, groups: groups ? new Set(groups) : ANY };
  lastDatabase = { users, groups, database };
  return database;
}

const realOr = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

const within = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

export function loadNames(
  setting: { passwd?: string | undefined; group?: string | undefined },
  folderPath: string | undefined,
  access: Access = { trusted: true, folders: [] },
  local = { passwd: "/etc/passwd", group: "/etc/group" },
): Names {
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
    usersFrom: users !== undefined && setting.passwd !== undefined ? `from ${full(setting.passwd)}` : LOCAL_NAMES,
    groupsFrom: groups !== undefined && setting.group !== undefined ? `from ${full(setting.group)}` : LOCAL_NAMES,
    problems,
  };
}
