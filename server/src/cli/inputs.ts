/** Reads the inputs of `check`: files and directories, told apart as tmpfiles.d files or etc manifests. */
import { namedFileKind, type DocumentKind } from "../core/documentKind.js";
import { readdirSync, Stats, statSync } from "node:fs";
import { join } from "node:path";
import { readTextFilePiecesSync, readTextFileSync, TooLargeInput, UnreadableInput } from "../core/readTextFile.js";
import { LARGEST_CHECKED_BYTES } from "../core/tooLarge.js";

/** A command line that cannot be run as given: exit 2. */
export class UsageError extends Error {}
/** An input that cannot be read: exit 2. */
export class InputError extends Error {}

/**
 * A message as one line of stderr (docs/contracts.md §1): line breaks and other
 * control characters of a path or an argument are written as escapes.
 */
export function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  return message.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

export interface Input {
  /** As given on the command line (or below a given directory). */
  path: string;
  kind: DocumentKind;
  text: string;
  /** A tmpfiles.d file larger than LARGEST_CHECKED_BYTES is not read: `text` is empty (see core/tooLarge.ts). */
  tooLarge?: { bytes?: number };
}

/** Largest manifest read whole; larger ones are refused with a message. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Reads a regular file (a FIFO, a device or a directory is refused: see core/readTextFile.ts). */
export function readText(path: string): string {
  try {
    return readTextFileSync(path, { maxBytes: MAX_INPUT_BYTES });
  } catch (e) {
    if (e instanceof UnreadableInput) throw new InputError(e.message);
    throw e;
  }
}

/** `readText` a piece at a time (see readTextFilePiecesSync): the same limits and errors. */
export function readTextPieces(path: string, piece: (text: string) => void): void {
  try {
    readTextFilePiecesSync(path, { maxBytes: MAX_INPUT_BYTES }, piece);
  } catch (e) {
    if (e instanceof UnreadableInput) throw new InputError(e.message);
    throw e;
  }
}

/**
 * The `*.conf` files below a directory. Links are followed, to files as
 * systemd's own listing of conf files does, and to directories; each
 * directory (by device and inode) is walked once, so links that lead back
 * (`ln -s . a`) end the walk instead of multiplying it. Entries that are not
 * regular files (FIFOs, devices, the /dev/null links that mask a file) are
 * left out, as systemd leaves them out; so are dangling links and links that
 * loop.
 */
function confFilesBelow(dir: string, out: string[], visited: Set<string>, depth = 0, nix?: string[]): void {
  if (depth > 32) return;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const name = entry.name;
    const p = join(dir, name);
    // A regular file is stat'ed once, by the read (fstat of the open file); links and directories are stat'ed here.
    if (entry.isFile()) {
      if (name.endsWith(".conf")) out.push(p);
      else if (nix && name.endsWith(".nix")) nix.push(p);
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      continue; // a dangling or looping link: systemd skips it too
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      if (visited.has(id)) continue;
      visited.add(id);
      confFilesBelow(p, out, visited, depth + 1, nix);
    } else if (st.isFile() && name.endsWith(".conf")) out.push(p);
    else if (nix && st.isFile() && name.endsWith(".nix")) nix.push(p);
  }
}

/**
 * A file as an input of its kind; a tmpfiles.d file is read when it is at
 * most LARGEST_CHECKED_BYTES, else only its size. Throws UnreadableInput.
 */
function fileInput(path: string, kind: Input["kind"]): Input {
  if (kind !== "tmpfiles") return { path, kind, text: readTextFileSync(path, { maxBytes: MAX_INPUT_BYTES }) };
  try {
    return { path, kind, text: readTextFileSync(path, { maxBytes: LARGEST_CHECKED_BYTES }) };
  } catch (e) {
    if (e instanceof TooLargeInput)
      return { path, kind, text: "", tooLarge: e.bytes !== undefined ? { bytes: e.bytes } : {} };
    throw e;
  }
}

function tmpfilesInput(path: string): Input {
  try {
    return fileInput(path, "tmpfiles");
  } catch (e) {
    if (e instanceof UnreadableInput) throw new InputError(e.message);
    throw e;
  }
}

/** A path of the command line read as a file, or the stat of the directory it is (the one stat of the input). */
function fileOrDirectory(path: string): Input | Stats {
  try {
    return fileInput(path, namedFileKind(path));
  } catch (e) {
    if (e instanceof UnreadableInput && e.stats?.isDirectory()) return e.stats;
    if (e instanceof UnreadableInput) throw new InputError(e.message);
    throw e;
  }
}

/**
 * Expands directories into their tmpfiles.d files (and, with `nix`, their
 * .nix files, each a group of its own); throws InputError for anything unreadable.
 */
export function readInputs(paths: string[], options: { nix?: boolean } = {}): { inputs: Input[]; groups: Input[][] } {
  const inputs: Input[] = [];
  const groups: Input[][] = [];
  for (const p of paths) {
    try {
      const st = fileOrDirectory(p);
      if (st instanceof Stats) {
        const files: string[] = [];
        const nixFiles: string[] = [];
        confFilesBelow(p, files, new Set([`${st.dev}:${st.ino}`]), 0, options.nix ? nixFiles : undefined);
        const group = files.map(tmpfilesInput);
        inputs.push(...group);
        groups.push(group);
        for (const f of nixFiles) {
          const input: Input = { path: f, kind: "nix", text: readText(f) };
          inputs.push(input);
          groups.push([input]);
        }
      } else {
        inputs.push(st);
        groups.push([st]);
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${p}: ${(e as Error).message}`);
    }
  }
  return { inputs, groups };
}
