/**
 * The table of tmpfiles.d line types: what each does and what each accepts.
 * The checker, hover, completion and the docs all read this one table, as
 * systemd-tmpfiles keeps one enum of types and a few predicates over it.
 */
import { OLDEST_VERSION } from "../versions.js";

/** How a line type reads its argument field. */
type ArgumentKind =
  | "none" // the argument is ignored (a warning; an error from 262)
  | "content" // text written to the file
  | "symlink-target"
  | "copy-source"
  | "device" // MAJOR:MINOR
  | "xattr" // NAME=VALUE pairs
  | "acl" // ACL entries
  | "attribute" // [+-=]flags for chattr
  | "capability"; // file capabilities

export interface LineType {
  letter: string;
  /** Short name used in messages and completion. */
  name: string;
  /** One sentence: what the line does. */
  summary: string;
  /** First release that knows the type. */
  since: number;
  argument: ArgumentKind;
  /** systemd refuses the line without an argument. */
  argumentRequired: boolean;
  /** The line creates (or owns) the path; two owning lines for one path conflict. */
  takesOwnership: boolean;
  /** The path is a glob pattern. */
  glob: boolean;
  /** Default mode when the mode field is "-": 0755 for these, 0644 otherwise. */
  directoryMode: boolean;
  /** The "$" modifier (purge) is allowed. */
  purgeable: boolean;
  /** Error text systemd gives for "~" (base64) on this type; undefined when allowed. */
  base64Refusal?: string | undefined;
  /** The preferred spelling when this type is deprecated. */
  deprecatedFor?: string | undefined;
}

const base: Omit<LineType, "letter" | "name" | "summary"> = {
  since: OLDEST_VERSION,
  argument: "none",
  argumentRequired: false,
  takesOwnership: false,
  glob: false,
  directoryMode: false,
  purgeable: false,
};

/**
 * One line type, every field written in one order so that all types have
 * one shape: objects made by spreading had a shape each, and every read of a
 * type's field in the checker was a lookup among them (the slowest kind of
 * property read in V8; one shape saves 3% of checkTmpfiles' instructions at
 * 100,000 lines, callgrind).
 */
function t(letter: string, name: string, summary: string, rest: Partial<LineType>): LineType {
  const o = { ...base, ...rest };
  return {
    letter,
    name,
    summary,
    since: o.since,
    argument: o.argument,
    argumentRequired: o.argumentRequired,
    takesOwnership: o.takesOwnership,
    glob: o.glob,
    directoryMode: o.directoryMode,
    purgeable: o.purgeable,
    base64Refusal: o.base64Refusal,
    deprecatedFor: o.deprecatedFor,
  };
}

export const LINE_TYPES: readonly LineType[] = [
  t(
    "f",
    "create file",
    "Creates a file if it does not exist yet; with + it is truncated first. The argument, if any, is written to a newly created file.",
    {
      argument: "content",
      takesOwnership: true,
      purgeable: true,
    },
  ),
  t("F", "truncate file", "Creates or truncates a file (the older spelling of f+).", {
    argument: "content",
    takesOwnership: true,
    purgeable: true,
    deprecatedFor: "f+",
  }),
  t(
    "w",
    "write file",
    "Writes the argument to a file that already exists; with + the text is appended. The path may be a glob.",
    {
      argument: "content",
      argumentRequired: true,
      takesOwnership: true,
      glob: true,
      purgeable: true,
    },
  ),
  t(
    "d",
    "create directory",
    "Creates a directory if missing and adjusts its mode and owner; with an age, its old contents are cleaned.",
    {
      takesOwnership: true,
      directoryMode: true,
      purgeable: true,
    },
  ),
  t("D", "create and empty directory", "Like d, but the directory's contents are removed when --remove runs.", {
    takesOwnership: true,
    directoryMode: true,
    purgeable: true,
  }),
  t(
    "e",
    "adjust existing directory",
    "Adjusts mode, owner and cleanup of directories that already exist; creates nothing. The path may be a glob.",
    {
      takesOwnership: true,
      glob: true,
      purgeable: true,
    },
  ),
  t("v", "create subvolume", "Creates a btrfs subvolume (a plain directory elsewhere).", {
    takesOwnership: true,
    directoryMode: true,
    purgeable: true,
  }),
  t("q", "create subvolume, inherit quota", "Creates a btrfs subvolume placed in the parent's quota group.", {
    takesOwnership: true,
    directoryMode: true,
    purgeable: true,
  }),
  t("Q", "create subvolume, new quota", "Creates a btrfs subvolume with a quota group of its own.", {
    takesOwnership: true,
    directoryMode: true,
    purgeable: true,
  }),
  t("p", "create FIFO", "Creates a named pipe if missing; with + an existing file is replaced.", {
    takesOwnership: true,
    purgeable: true,
  }),
  t(
    "L",
    "create symlink",
    "Creates a symbolic link pointing at the argument; with + whatever is at the path is replaced.",
    {
      argument: "symlink-target",
      takesOwnership: true,
      purgeable: true,
      base64Refusal: "base64 decoding not supported for symlink targets.",
    },
  ),
  t("c", "create character device", "Creates a character device node with the MAJOR:MINOR numbers in the argument.", {
    argument: "device",
    argumentRequired: true,
    takesOwnership: true,
    purgeable: true,
    base64Refusal: "base64 decoding not supported for device node creation.",
  }),
  t("b", "create block device", "Creates a block device node with the MAJOR:MINOR numbers in the argument.", {
    argument: "device",
    argumentRequired: true,
    takesOwnership: true,
    purgeable: true,
    base64Refusal: "base64 decoding not supported for device node creation.",
  }),
  t(
    "C",
    "copy",
    "Copies a file or directory tree from the argument (default /usr/share/factory/PATH) if the path does not exist; with + the tree is merged into an existing directory.",
    {
      argument: "copy-source",
      takesOwnership: true,
      purgeable: true,
      base64Refusal: "base64 decoding not supported for copy sources.",
    },
  ),
  t("x", "ignore path", "Excludes matching paths from cleanup; the path may be a glob.", {
    takesOwnership: true,
    glob: true,
  }),
  t("X", "ignore path, not contents", "Excludes matching paths, but not their contents, from cleanup.", {
    takesOwnership: true,
    glob: true,
  }),
  t("r", "remove", "Removes a file or an empty directory when --remove runs; the path may be a glob.", {
    takesOwnership: true,
    glob: true,
  }),
  t("R", "remove recursively", "Removes a path and everything below it when --remove runs; the path may be a glob.", {
    takesOwnership: true,
    glob: true,
  }),
  t("z", "adjust mode and owner", "Sets mode, owner and SELinux label of existing paths; the path may be a glob.", {
    glob: true,
  }),
  t("Z", "adjust mode and owner recursively", "Like z, applied to everything below the path too.", {
    glob: true,
  }),
  t("m", "adjust mode (legacy)", "The older spelling of z.", {
    glob: true,
    deprecatedFor: "z",
  }),
  t("t", "set extended attributes", "Sets extended attributes (NAME=VALUE pairs in the argument) on existing paths.", {
    argument: "xattr",
    argumentRequired: true,
    glob: true,
    base64Refusal: "base64 decoding not supported for extended attributes.",
  }),
  t("T", "set extended attributes recursively", "Like t, applied to everything below the path too.", {
    argument: "xattr",
    argumentRequired: true,
    glob: true,
    base64Refusal: "base64 decoding not supported for extended attributes.",
  }),
  t("h", "set file attributes", "Sets file attributes (as chattr does) from the argument on existing paths.", {
    argument: "attribute",
    argumentRequired: true,
    glob: true,
    base64Refusal: "base64 decoding not supported for file attributes.",
  }),
  t("H", "set file attributes recursively", "Like h, applied to everything below the path too.", {
    argument: "attribute",
    argumentRequired: true,
    glob: true,
    base64Refusal: "base64 decoding not supported for file attributes.",
  }),
  t(
    "a",
    "set ACL",
    "Sets POSIX ACL entries from the argument on existing paths; with + they are added to the existing ACL.",
    {
      argument: "acl",
      argumentRequired: true,
      glob: true,
      base64Refusal: "base64 decoding not supported for ACLs.",
    },
  ),
  t("A", "set ACL recursively", "Like a, applied to everything below the path too.", {
    argument: "acl",
    argumentRequired: true,
    glob: true,
    base64Refusal: "base64 decoding not supported for ACLs.",
  }),
  t(
    "k",
    "set file capabilities",
    "Sets file capabilities (as setcap does) from the argument on existing paths; with + capabilities the argument does not mention are kept.",
    {
      since: 261,
      argument: "capability",
      argumentRequired: true,
      glob: true,
      base64Refusal: "base64 decoding not supported for capabilities.",
    },
  ),
  t("K", "set file capabilities recursively", "Like k, applied to everything below the path too.", {
    since: 261,
    argument: "capability",
    argumentRequired: true,
    glob: true,
    base64Refusal: "base64 decoding not supported for capabilities.",
  }),
];

const byLetter = new Map(LINE_TYPES.map((l) => [l.letter, l]));

/** The line type a release knows for a letter, or undefined. */
export function lineType(letter: string, version: number): LineType | undefined {
  const lt = byLetter.get(letter);
  return lt && lt.since <= version ? lt : undefined;
}

/** The line type for a letter in any release (to say from which release it works). */
export function lineTypeAnyVersion(letter: string): LineType | undefined {
  return byLetter.get(letter);
}

export interface Modifier {
  char: string;
  name: string;
  summary: string;
  since: number;
}

export const MODIFIERS: readonly Modifier[] = [
  {
    char: "!",
    name: "boot only",
    summary: "The line applies only when systemd-tmpfiles runs with --boot (early boot); it is skipped otherwise.",
    since: OLDEST_VERSION,
  },
  {
    char: "-",
    name: "failure allowed",
    summary: "A failure to create the path does not make systemd-tmpfiles fail.",
    since: OLDEST_VERSION,
  },
  {
    char: "=",
    name: "replace wrong type",
    summary: "An existing path of the wrong type is removed and created anew.",
    since: OLDEST_VERSION,
  },
  {
    char: "~",
    name: "base64 argument",
    summary: "The argument is base64 and is decoded before use (binary content).",
    since: OLDEST_VERSION,
  },
  {
    char: "^",
    name: "argument from credential",
    summary: "The argument names a system credential whose contents are used instead.",
    since: OLDEST_VERSION,
  },
  {
    char: "+",
    name: "force / append",
    summary:
      "Meaning depends on the type: truncate (f), append (w), replace (L, p, c, b), merge (C), add to the ACL (a).",
    since: OLDEST_VERSION,
  },
  { char: "$", name: "purge", summary: "The path is removed by systemd-tmpfiles --purge.", since: 257 },
  {
    char: "?",
    name: "only if target exists",
    summary: "The symlink is created only when its target exists (L lines only).",
    since: 257,
  },
];

const modifierByChar = new Map(MODIFIERS.map((m) => [m.char, m]));

export function modifier(ch: string, version: number): Modifier | undefined {
  const m = modifierByChar.get(ch);
  return m && m.since <= version ? m : undefined;
}

export function modifierAnyVersion(ch: string): Modifier | undefined {
  return modifierByChar.get(ch);
}
