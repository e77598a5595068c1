/**
 * passwd(5) and group(5) files as lists of names, read the one safe way for
 * the command line (--passwd, --group) and the language server
 * (tmpfiles.userDatabase) alike: a regular file only, at most 8 MiB, without
 * NUL bytes (see readTextFile.ts). A FIFO, /dev/zero or /proc/self/environ is
 * refused with a message that says what it is.
 */
import { readTextFileSync, USER_DATABASE_LIMITS } from "./readTextFile.js";

/** The names of a passwd or group file: the first field of each line that is not a comment. */
export function namesOf(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const name = line.split(":", 1)[0]!.trim();
    if (name && !name.startsWith("#")) names.add(name);
  }
  return [...names];
}

/** Reads the names of a passwd or group file; throws UnreadableInput when it is not read. */
export function readNamesFile(path: string): string[] {
  return namesOf(readTextFileSync(path, USER_DATABASE_LIMITS));
}
