/**
 * passwd(5) and group(5) files as lists of names, read the one safe way for
 * the command line (--passwd, --group) and the language server
 * (tmpfiles.userDatabase) alike: a regular file only, at most 8 MiB, without
 * NUL bytes (see readTextFile.ts). A FIFO, /dev/zero or /proc/self/environ is
 * refused with a message that says what it is.
 */
import { readTextFileSync, UnreadableInput, USER_DATABASE_LIMITS } from "./readTextFile.js";

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

/**
 * The names of a passwd or group file's text fetched from elsewhere (`cat`
 * over ssh), held to the limits of a file read here: at most 8 MiB, no NUL
 * bytes. `where` names it in the message; throws UnreadableInput.
 */
export function namesOfFetched(text: string, where: string): string[] {
  if (text.length > USER_DATABASE_LIMITS.maxBytes || Buffer.byteLength(text, "utf8") > USER_DATABASE_LIMITS.maxBytes) {
    throw new UnreadableInput(where, `larger than ${USER_DATABASE_LIMITS.maxBytes} bytes, the most that is read`);
  }
  if (text.includes("\0")) throw new UnreadableInput(where, "holds NUL bytes, so it is not a text file");
  return namesOf(text);
}
