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
}

export const manifestCodes = {
  "tmpfiles-line-on-entry": { severity: "warning", title: "A tmpfiles.d line of the workspace acts on the path this entry puts into /etc; whichever runs last decides what is there", bad: '{"target": "hosts", …} beside "L+ /etc/hosts - - - - /x"', good: '{"target": "hosts", …} and no tmpfiles.d line for /etc/hosts' },
  "json-syntax": { severity: "error", title: "The file is not valid JSON (comments and trailing commas are allowed)", bad: '[{"target": "a" "source": "/x"}]', good: '[{"target": "a", "source": "/x"}]' },
  "manifest-shape": { severity: "error", title: "A manifest is a list of entries or an object of named entries", bad: '"hosts"', good: '{"hosts": {"source": "/nix/store/…-hosts"}}' },
  "entry-not-object": { severity: "error", title: "Each entry is an object", bad: '["hosts"]', good: '[{"target": "hosts", "source": "/x"}]' },
  "wrong-type": { severity: "error", title: "A field holds a value of the wrong type", bad: '"uid": "0"', good: '"uid": 0' },
  "missing-field": { severity: "error", title: "A field the entry needs is missing", bad: '{"target": "hosts"}', good: '{"target": "hosts", "source": "/nix/store/…-hosts"}' },
  "unknown-field": { severity: "warning", title: "A field that is not part of an etc entry is ignored", bad: '"owner": "root"', good: '"user": "root"' },
  "duplicate-field": { severity: "warning", title: "A field given twice in one entry: only the last one counts", bad: '{"mode": "0644", "mode": "0600"}', good: '{"mode": "0600"}' },
  "empty-target": { severity: "error", title: "The target names /etc itself", bad: '"target": "./"', good: '"target": "hosts"' },
  "target-leaves-etc": { severity: "error", title: "A `..` in the target climbs out of /etc", bad: '"target": "../usr/bin/sh"', good: '"target": "shells"' },
  "target-name-too-long": { severity: "error", title: "A name in the target is longer than the 255 bytes a file name can have", bad: '"target": "aaa…(256 letters)"', good: '"target": "short-name"' },
  "target-not-normalised": { severity: "hint", title: "The target has extra slashes or `.` components", bad: '"target": "//ssh//ssh_config"', good: '"target": "ssh/ssh_config"' },
  "target-includes-etc": { severity: "information", title: "Targets are relative to /etc, so this one ends up in /etc/etc", bad: '"target": "/etc/hosts"', good: '"target": "hosts"' },
  "invalid-character": { severity: "error", title: "A path holds a character tmpfiles.d cannot express (NUL, a lone surrogate)", bad: '"target": "a\\u0000b"', good: '"target": "ab"' },
  "source-not-absolute": { severity: "error", title: "The source must be an absolute path", bad: '"source": "hosts"', good: '"source": "/nix/store/…-hosts"' },
  "invalid-mode": { severity: "error", title: "The mode is not `symlink`, `direct-symlink` or an octal mode", bad: '"mode": "rw-r--r--"', good: '"mode": "0644"' },
  "set-id-mode": { severity: "warning", title: "A copy's mode sets the set-user-ID or set-group-ID bit, so a program there runs with its owner's or group's rights", bad: '"mode": "4755"', good: '"mode": "0755"' },
  "mode-ignored-on-glob": { severity: "warning", title: "A glob source always makes a directory of links; the copy mode is ignored", bad: '{"source": "/x/*", "mode": "0644"}', good: '{"source": "/x/*", "mode": "symlink"}' },
  "glob-links-whole-directory": { severity: "information", title: "Without a static directory, a glob source other than `DIR/*` is linked as its whole directory", bad: '"source": "/x/*.conf"', good: '"source": "/x/*"' },
  "invalid-owner": { severity: "error", title: "The user or group is neither a name nor `+N`", bad: '"user": "+root"', good: '"user": "root"' },
  "invalid-owner-id": { severity: "error", title: "A numeric user or group that systemd-tmpfiles refuses: above 4294967295, or the reserved 4294967295 or 65535", bad: '"user": "+4294967296"', good: '"user": "+1000"' },
  "owner-mismatch": { severity: "warning", title: "`user`/`group` of `+N` names another id than `uid`/`gid`; the name wins", bad: '{"user": "+0", "uid": 1000}', good: '{"user": "+1000", "uid": 1000}' },
  "owner-ignored-on-symlink": { severity: "information", title: "A link has no owner of its own; user and group only apply to copies", bad: '{"mode": "symlink", "user": "nginx"}', good: '{"mode": "0640", "user": "nginx"}' },
  "duplicate-target": { severity: "warning", title: "Two entries put the same file at the same target; one is enough", bad: '[{"target": "a", "source": "/x"}, {"target": "a", "source": "/x"}]', good: '[{"target": "a", "source": "/x"}]' },
  "conflicting-target": { severity: "error", title: "Two entries want the same target with a different source, mode or owner", bad: '[{"target": "a", "source": "/x"}, {"target": "a", "source": "/y"}]', good: '[{"target": "a", "source": "/x"}, {"target": "b", "source": "/y"}]' },
  "target-inside-entry": { severity: "error", title: "A target lies inside another entry's link or file (reported on both entries)", bad: '[{"target": "a", "source": "/x"}, {"target": "a/b", "source": "/y"}]', good: '[{"target": "a/c", "source": "/x"}, {"target": "a/b", "source": "/y"}]' },
  "inside-glob-directory": { severity: "error", title: "A target lies inside a glob-linked directory, whose contents come only from the glob (reported on both entries)", bad: '[{"target": "d", "source": "/x/*"}, {"target": "d/b", "source": "/y"}]', good: '[{"target": "d", "source": "/x/*"}]' },
  "text-without-source": { severity: "warning", title: "Only `text` is given; Nix builds the source from it, and this tool needs that source", bad: '{"target": "motd", "text": "hi"}', good: '{"target": "motd", "source": "/nix/store/…-motd"}' },
  "unreadable-line": { severity: "error", title: "A line of a generated snippet that `plan` cannot read", bad: "f /etc/motd - - - - hi", good: "L+ /etc/motd - - - - /nix/store/…-motd" },
} as const satisfies Record<string, CodeInfo>;

export type ManifestCode = keyof typeof manifestCodes;
