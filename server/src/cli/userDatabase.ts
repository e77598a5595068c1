/** Reads passwd and group files (name:…) into sets of names to check owners against. */
import { UnreadableInput } from "../core/readTextFile.js";
import type { UserDatabase } from "../core/tmpfiles/analyzeLine.js";
import { readNamesFile } from "../core/userDatabase.js";
import { InputError } from "./inputs.js";

/** The names of a passwd or group file; a file that cannot be read is an input error (exit 2). */
function namesOf(path: string): Set<string> {
  try {
    return new Set(readNamesFile(path));
  } catch (e) {
    if (e instanceof UnreadableInput) throw new InputError(e.message);
    throw e;
  }
}

export function readUserDatabase(passwd?: string, group?: string): UserDatabase | undefined {
  if (passwd === undefined && group === undefined) return undefined;
  const users = passwd !== undefined ? namesOf(passwd) : undefined;
  const groups = group !== undefined ? namesOf(group) : undefined;
  // Without one of the files, names of that kind are not judged: an "all names" set stands in.
  const any = { has: () => true } as unknown as ReadonlySet<string>;
  return { users: users ?? any, groups: groups ?? any };
}

/**
 * This machine's own /etc/passwd and /etc/group (`--user-database local`): an
 * unknown name is then a warning that says so (systemd-tmpfiles here rejects
 * the line; the machine the files are for may know the name).
 */
export function readLocalUserDatabase(files = { passwd: "/etc/passwd", group: "/etc/group" }): UserDatabase {
  return { users: namesOf(files.passwd), groups: namesOf(files.group), origin: { where: "this machine", local: true } };
}
