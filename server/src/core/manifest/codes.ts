/**
 * Every diagnostic code the manifest checks produce: severity, a one-line
 * title, and a bad and a good example. Quick fixes and docs join on the code.
 */
import type { Severity } from "../diagnostic.js";

export interface CodeInfo {
  severity: Severity;
  title: string;
  bad: string;
  good: string;
  /** What NixOS's activation, this tool's generate or systemd-tmpfiles does with such an entry. */
  effect: string;
  /** How to fix it. */
  fix: string;
}

export const manifestCodes = {
  "tmpfiles-line-on-entry": {
    severity: "warning",
    title:
      "A tmpfiles.d line of the workspace acts on the path this entry puts into /etc; whichever runs last decides what is there",
    bad: '{"target": "hosts", …} beside "L+ /etc/hosts - - - - /x"',
    good: '{"target": "hosts", …} and no tmpfiles.d line for /etc/hosts',
    effect:
      "The activation of /etc and systemd-tmpfiles both write the path; what ends up there depends on which runs last.",
    fix: "Remove the tmpfiles.d line (the quick fix does) or the entry.",
  },
  "json-syntax": {
    severity: "error",
    title: "The file is not valid JSON (comments and trailing commas are allowed)",
    bad: '[{"target": "a" "source": "/x"}]',
    good: '[{"target": "a", "source": "/x"}]',
    effect: "The file cannot be read, so nothing is checked or generated from it.",
    fix: "Fix the JSON where the message points.",
  },
  "manifest-shape": {
    severity: "error",
    title: "A manifest is a list of entries or an object of named entries",
    bad: '"hosts"',
    good: '{"hosts": {"source": "/nix/store/…-hosts"}}',
    effect: "Nothing else can be read as entries: nothing is generated.",
    fix: "Write a list of entries, or an object whose members are entries named by their target.",
  },
  "entry-not-object": {
    severity: "error",
    title: "Each entry is an object",
    bad: '["hosts"]',
    good: '[{"target": "hosts", "source": "/x"}]',
    effect: "The value is skipped: it generates nothing.",
    fix: "Write the entry as an object with at least `target` (or a name) and `source`.",
  },
  "wrong-type": {
    severity: "error",
    title: "A field holds a value of the wrong type",
    bad: '"uid": "0"',
    good: '"uid": 0',
    effect: "The field is ignored as if it were not there, so its default applies.",
    fix: "Give the field a value of the type it takes (hover on the key says which).",
  },
  "missing-field": {
    severity: "error",
    title: "A field the entry needs is missing",
    bad: '{"target": "hosts"}',
    good: '{"target": "hosts", "source": "/nix/store/…-hosts"}',
    effect: "Without a target or a source, the entry cannot be laid out and generates nothing.",
    fix: "Add the field.",
  },
  "unknown-field": {
    severity: "warning",
    title: "A field that is not part of an etc entry is ignored",
    bad: '"owner": "root"',
    good: '"user": "root"',
    effect: "NixOS's module would refuse the option; this tool ignores the field.",
    fix: "Remove it (the quick fix does), or correct its spelling.",
  },
  "duplicate-field": {
    severity: "warning",
    title: "A field given twice in one entry: only the last one counts",
    bad: '{"mode": "0644", "mode": "0600"}',
    good: '{"mode": "0600"}',
    effect: "JSON keeps only the last value of a key, so the earlier one has no effect.",
    fix: "Keep one of them.",
  },
  "empty-target": {
    severity: "error",
    title: "The target names /etc itself",
    bad: '"target": "./"',
    good: '"target": "hosts"',
    effect: "An entry for /etc itself cannot be laid out: it generates nothing.",
    fix: "Name a path inside /etc.",
  },
  "target-leaves-etc": {
    severity: "error",
    title: "A `..` in the target climbs out of /etc",
    bad: '"target": "../usr/bin/sh"',
    good: '"target": "shells"',
    effect: "The path would lie outside /etc; the entry generates nothing.",
    fix: "Remove the `..`, and name a path inside /etc.",
  },
  "target-name-too-long": {
    severity: "error",
    title: "A name in the target is longer than the 255 bytes a file name can have",
    bad: '"target": "aaa…(256 letters)"',
    good: '"target": "short-name"',
    effect:
      "No file system holds such a name; systemd-tmpfiles would refuse the generated line, so the entry generates nothing.",
    fix: "Use a shorter name.",
  },
  "target-not-normalised": {
    severity: "hint",
    title: "The target has extra slashes or `.` components",
    bad: '"target": "//ssh//ssh_config"',
    good: '"target": "ssh/ssh_config"',
    effect:
      "The path is used in its normal form (without the extra slashes and `.`), which other entries are compared with.",
    fix: "Write the normal form (the quick fix does).",
  },
  "target-includes-etc": {
    severity: "information",
    title: "Targets are relative to /etc, so this one ends up in /etc/etc",
    bad: '"target": "/etc/hosts"',
    good: '"target": "hosts"',
    effect: "Targets are relative to /etc, so this entry lands in /etc/etc/….",
    fix: "Remove the leading `/etc/` (the quick fix does).",
  },
  "invalid-character": {
    severity: "error",
    title: "A path holds a character tmpfiles.d cannot express (NUL, a lone surrogate)",
    bad: '"target": "a\\u0000b"',
    good: '"target": "ab"',
    effect: "No tmpfiles.d line can express the path, so the entry generates nothing.",
    fix: "Remove the character.",
  },
  "source-not-absolute": {
    severity: "error",
    title: "The source must be an absolute path",
    bad: '"source": "hosts"',
    good: '"source": "/nix/store/…-hosts"',
    effect:
      "NixOS sources are store paths, and systemd-tmpfiles refuses a relative copy source: the entry generates nothing.",
    fix: "Give the absolute path of the source.",
  },
  "invalid-mode": {
    severity: "error",
    title: "The mode is not `symlink`, `direct-symlink` or an octal mode",
    bad: '"mode": "rw-r--r--"',
    good: '"mode": "0644"',
    effect:
      "NixOS hands the mode to Perl's oct() and chmod: a mode that is not octal gives a mode nobody meant, and the entry generates nothing here.",
    fix: "Write `symlink`, `direct-symlink` or an octal mode up to `07777`; a symbolic mode gets a quick fix to the octal one, others quick fixes that drop stray characters or write the usual 0644.",
  },
  "set-id-mode": {
    severity: "warning",
    title:
      "A copy's mode sets the set-user-ID or set-group-ID bit, so a program there runs with its owner's or group's rights",
    bad: '"mode": "4755"',
    good: '"mode": "0755"',
    effect:
      "The copy keeps the set-user-ID or set-group-ID bit (systemd-tmpfiles applies it to the `C` line's file as NixOS's chmod does), so a program there runs with the rights of its owner or group, whoever starts it.",
    fix: "Drop the bits (the quick fix does); privileged programs belong in `security.wrappers`.",
  },
  "mode-ignored-on-glob": {
    severity: "warning",
    title: "A glob source always makes a directory of links; the copy mode is ignored",
    bad: '{"source": "/x/*", "mode": "0644"}',
    good: '{"source": "/x/*", "mode": "symlink"}',
    effect: "A glob makes a directory of links; the copy mode has no effect.",
    fix: "Use `symlink`, or copy single files with entries of their own.",
  },
  "glob-links-whole-directory": {
    severity: "information",
    title: "Without a static directory, a glob source other than `DIR/*` is linked as its whole directory",
    bad: '"source": "/x/*.conf"',
    good: '"source": "/x/*"',
    effect:
      "tmpfiles.d cannot expand the pattern, so the target links the whole directory, names that do not match included.",
    fix: "Use a static directory (`--static-dir`), or a source of the form `DIR/*`.",
  },
  "invalid-owner": {
    severity: "error",
    title: "The user or group is neither a name nor `+N`",
    bad: '"user": "+root"',
    good: '"user": "root"',
    effect: "The owner cannot be written into a tmpfiles.d line; the entry generates nothing.",
    fix: "Write a user or group name, or `+N` for the number N.",
  },
  "invalid-owner-id": {
    severity: "error",
    title:
      "A numeric user or group that systemd-tmpfiles refuses: above 4294967295, or the reserved 4294967295 or 65535",
    bad: '"user": "+4294967296"',
    good: '"user": "+1000"',
    effect: "systemd-tmpfiles refuses these ids in the generated line, so the entry generates nothing.",
    fix: "Use an id from 0 to 4294967294 other than 65535.",
  },
  "owner-mismatch": {
    severity: "warning",
    title: "`user`/`group` of `+N` names another id than `uid`/`gid`; the name wins",
    bad: '{"user": "+0", "uid": 1000}',
    good: '{"user": "+1000", "uid": 1000}',
    effect: "NixOS uses `user` and `group` when they are given; `uid` and `gid` only make their defaults.",
    fix: "Make the two agree, or remove `uid`/`gid`.",
  },
  "owner-ignored-on-symlink": {
    severity: "information",
    title: "A link has no owner of its own; user and group only apply to copies",
    bad: '{"mode": "symlink", "user": "nginx"}',
    good: '{"mode": "0640", "user": "nginx"}',
    effect: "A link has no owner of its own: user and group only apply to copies.",
    fix: "Remove the owner, or make the entry a copy with an octal mode.",
  },
  "duplicate-target": {
    severity: "warning",
    title: "Two entries put the same file at the same target; one is enough",
    bad: '[{"target": "a", "source": "/x"}, {"target": "a", "source": "/x"}]',
    good: '[{"target": "a", "source": "/x"}]',
    effect: "NixOS accepts the same file twice at one target; the second entry adds nothing.",
    fix: "Remove one (the quick fix does).",
  },
  "conflicting-target": {
    severity: "error",
    title: "Two entries want the same target with a different source, mode or owner",
    bad: '[{"target": "a", "source": "/x"}, {"target": "a", "source": "/y"}]',
    good: '[{"target": "a", "source": "/x"}, {"target": "b", "source": "/y"}]',
    effect:
      "NixOS's build of /etc reports a mismatched duplicate entry and keeps the first; which file you get depends on the order of the entries.",
    fix: "Give one of the entries another target, or remove it.",
  },
  "target-inside-entry": {
    severity: "error",
    title: "A target lies inside another entry's link or file (reported on both entries)",
    bad: '[{"target": "a", "source": "/x"}, {"target": "a/b", "source": "/y"}]',
    good: '[{"target": "a/c", "source": "/x"}, {"target": "a/b", "source": "/y"}]',
    effect: "The target would lie inside a file or a link another entry makes; it cannot be laid out.",
    fix: "Move the target, or change the other entry.",
  },
  "inside-glob-directory": {
    severity: "error",
    title:
      "A target lies inside a glob-linked directory, whose contents come only from the glob (reported on both entries)",
    bad: '[{"target": "d", "source": "/x/*"}, {"target": "d/b", "source": "/y"}]',
    good: '[{"target": "d", "source": "/x/*"}]',
    effect: "A glob-linked directory holds only the glob's links; the entry cannot be placed inside it.",
    fix: "Move the target out of the directory, or add the file to the glob's source.",
  },
  "text-without-source": {
    severity: "warning",
    title: "Only `text` is given; Nix builds the source from it, and this tool needs that source",
    bad: '{"target": "motd", "text": "hi"}',
    good: '{"target": "motd", "source": "/nix/store/…-motd"}',
    effect: "Nix builds the source from `text`; without the evaluated source this tool cannot lay the entry out.",
    fix: "Give the `source` the evaluation produced.",
  },
  "unreadable-line": {
    severity: "error",
    title: "A line of a generated snippet that `plan` cannot read",
    bad: "f /etc/motd - - - - hi",
    good: "L+ /etc/motd - - - - /nix/store/…-motd",
    effect: "`plan` cannot read the previous generation's line, so it is left out of the comparison.",
    fix: "Give a snippet that `generate` wrote, unchanged.",
  },
} as const satisfies Record<string, CodeInfo>;

export type ManifestCode = keyof typeof manifestCodes;
