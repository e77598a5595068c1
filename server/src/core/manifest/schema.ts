/**
 * The fields of an etc manifest entry: their zod schemas (each field is
 * validated on its own, so one bad value does not hide the others) and the
 * words that hover and completion show for them.
 */
import * as z from "zod/mini";

export const ID_MAX = 4294967294;

export const fieldSchemas = {
  target: z.string(),
  source: z.string(),
  mode: z.string(),
  user: z.string(),
  group: z.string(),
  uid: z.int().check(z.minimum(0), z.maximum(ID_MAX)),
  gid: z.int().check(z.minimum(0), z.maximum(ID_MAX)),
  enable: z.boolean(),
  text: z.nullable(z.string()),
} as const;

export type FieldName = keyof typeof fieldSchemas;

export const FIELD_NAMES = Object.keys(fieldSchemas) as FieldName[];

export function isFieldName(name: string): name is FieldName {
  return Object.prototype.hasOwnProperty.call(fieldSchemas, name);
}

export interface FieldDoc {
  /** What the field is, in one line. */
  summary: string;
  /** A longer explanation, markdown. */
  details: string;
  /** What a value looks like, for completion's detail column. */
  type: string;
  /** The value NixOS uses when the field is left out. */
  default?: string;
}

export const fieldDocs: Record<FieldName, FieldDoc> = {
  target: {
    summary: "Where the entry goes, relative to `/etc`.",
    details:
      "Written without `/etc/`: `ssh/sshd_config` becomes `/etc/ssh/sshd_config`. Repeated, leading and trailing slashes and `.` are dropped; a `..` may not climb out of `/etc`. In the object shape it defaults to the entry's name.",
    type: "string (path under /etc)",
    default: "the entry's name (object shape)",
  },
  source: {
    summary: "The file the entry links to or copies, as an absolute path.",
    details:
      "Usually a store path. A `*` in it makes the target a directory holding a link for every match of the pattern (a glob-linked directory); nothing else may then be placed inside that directory.",
    type: "string (absolute path, may hold `*`)",
  },
  mode: {
    summary:
      "`symlink`, `direct-symlink`, or an octal mode such as `0440` for a copy (up to `07777`: set-user-ID, set-group-ID and sticky bits included).",
    details:
      '`symlink` links `/etc/TARGET` through the static directory (`/etc/static/TARGET`) when one is used; `direct-symlink` always links straight to the source; an octal mode copies the source into `/etc` with that mode and the entry\'s owner, so programs that refuse symlinks can read it. Leading zeros do not count (`"06400"` is `6400`); set-user-ID and set-group-ID bits are kept on the copy, and warned about.',
    type: '"symlink" | "direct-symlink" | octal string',
    default: "symlink",
  },
  user: {
    summary: "Owner of a copied file: a user name, or `+N` for the numeric id N.",
    details: "Only copies (octal `mode`) have an owner; a link ignores it. When set, it wins over `uid`.",
    type: 'string (name or "+N")',
    default: '"+" followed by uid, so "+0"',
  },
  group: {
    summary: "Group of a copied file: a group name, or `+N` for the numeric id N.",
    details: "Only copies (octal `mode`) have a group; a link ignores it. When set, it wins over `gid`.",
    type: 'string (name or "+N")',
    default: '"+" followed by gid, so "+0"',
  },
  uid: {
    summary: "Numeric owner of a copied file, used only to make the default of `user`.",
    details:
      "NixOS writes `user` as `+UID` unless `user` is given; a `user` of `+N` that names another id makes this field meaningless.",
    type: "integer",
    default: "0",
  },
  gid: {
    summary: "Numeric group of a copied file, used only to make the default of `group`.",
    details:
      "NixOS writes `group` as `+GID` unless `group` is given; a `group` of `+N` that names another id makes this field meaningless.",
    type: "integer",
    default: "0",
  },
  enable: {
    summary: "Whether the entry is put into `/etc` at all.",
    details: "`false` leaves the entry out: it generates nothing and takes part in no conflict.",
    type: "boolean",
    default: "true",
  },
  text: {
    summary: "The file's contents, from which Nix builds the source.",
    details:
      "Only meaningful to Nix: once evaluated, `source` names the built file. This tool reads `source`; `text` alone cannot be laid out.",
    type: "string | null",
    default: "null",
  },
};

/** Modes offered by completion, with what each means. */
export const modeSuggestions: ReadonlyArray<{ value: string; detail: string }> = [
  { value: "symlink", detail: "link (through the static directory when one is used)" },
  { value: "direct-symlink", detail: "link straight to the source" },
  { value: "0444", detail: "copy, readable by everyone" },
  { value: "0644", detail: "copy, writable by the owner, readable by everyone" },
  { value: "0640", detail: "copy, readable by the owner and the group" },
  { value: "0600", detail: "copy, private to the owner" },
  { value: "0440", detail: "copy, read-only for the owner and the group" },
  { value: "0400", detail: "copy, read-only for the owner" },
  { value: "0755", detail: "copy, executable by everyone" },
  { value: "0700", detail: "copy, executable by the owner only" },
];

/** The largest mode: permission bits, set-user-ID, set-group-ID and sticky (systemd-tmpfiles refuses more). */
export const MODE_MAX = 0o7777;

/**
 * The bits of an octal copy mode, or undefined when the mode is not one.
 * Octal digits with as many leading zeros as you like, up to 07777: NixOS
 * hands the mode to Perl's oct() and chmod, and systemd-tmpfiles reads the
 * generated C line's mode the same way ("06400", "6400" and "006400" are
 * one mode: set-user-ID and set-group-ID on 0400).
 */
export function octalModeOf(mode: string): number | undefined {
  if (!/^[0-7]+$/.test(mode)) return undefined;
  const bits = parseInt(mode, 8);
  return bits <= MODE_MAX ? bits : undefined;
}

/** The mode's value as the schema of what NixOS and systemd accept (`octalModeOf` is the same rule, without zod, for speed). */
export const modeValueSchema = z.union([
  z.literal("symlink"),
  z.literal("direct-symlink"),
  z.string().check(
    z.regex(/^[0-7]+$/),
    z.refine((v) => parseInt(v, 8) <= MODE_MAX),
  ),
]);

/** The mode as the generated C line writes it: four octal digits. */
export function canonicalMode(bits: number): string {
  return bits.toString(8).padStart(4, "0");
}
export const OWNER_ID_PATTERN = /^\+(\d+)$/;
/** A user or group name systemd accepts (its relaxed rules: no spaces, colons, slashes or leading dash). */
export const OWNER_NAME_PATTERN = /^[^\s:/,+-][^\s:/,]*$/;
