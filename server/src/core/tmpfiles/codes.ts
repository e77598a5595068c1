/**
 * Every diagnostic code the tmpfiles.d checker can give, with its severity,
 * a one-line title and an example. Codes are stable: quick fixes, tests and
 * users' suppressions rely on them.
 */
import type { Severity } from "../diagnostic.js";

export interface CodeInfo {
  severity: Severity;
  title: string;
  bad?: string;
  good?: string;
}

export const CODES = {
  "not-text": { severity: "error", title: "The file is not text (NUL bytes, bytes that are not UTF-8, control characters); its lines are not checked one by one." },
  "line-unparsable": { severity: "error", title: "The line cannot be split into fields (an unclosed quote or a bad escape).", bad: 'd "/run/a 0755', good: 'd "/run/a" 0755' },
  "line-too-long": { severity: "error", title: "A line is longer than 1 MiB; systemd stops reading the file there.", },
  "missing-path": { severity: "error", title: "The line has a type but no path.", bad: "d", good: "d /run/app" },
  "unknown-type": { severity: "error", title: "The type letter is not one systemd-tmpfiles knows.", bad: "y /run/x", good: "d /run/x" },
  "type-not-in-release": { severity: "error", title: "The type is known only from a later systemd release." },
  "unknown-modifier": { severity: "error", title: "A character after the type letter is not a modifier, or repeats one.", bad: "d* /run/x", good: "d /run/x" },
  "modifier-not-in-release": { severity: "error", title: "The modifier is known only from a later systemd release.", bad: "L? /etc/x", good: "L /etc/x" },
  "modifier-not-for-type": { severity: "error", title: "The modifier is not allowed on this line type.", bad: "r$ /run/x", good: "f$ /run/x" },
  "unknown-specifier": { severity: "error", title: "A % specifier is not one systemd-tmpfiles knows; write %% for a literal %.", bad: "d /run/%z", good: "d /run/%%z" },
  "specifier-not-in-release": { severity: "error", title: "The % specifier is known only from a later systemd release." },
  "path-not-absolute": { severity: "error", title: "The path must be absolute.", bad: "d run/app", good: "d /run/app" },
  "path-too-long": { severity: "error", title: "The path is longer than systemd allows (4095 bytes once specifiers are expanded)." },
  "var-run-path": { severity: "warning", title: "The path is below /var/run; systemd rewrites it to /run.", bad: "d /var/run/app", good: "d /run/app" },
  "argument-ignored": { severity: "warning", title: "This line type takes no argument; systemd ignores it (262 and later reject the line).", bad: "d /run/x - - - - junk", good: "d /run/x" },
  "argument-required": { severity: "error", title: "This line type needs an argument.", bad: "w /run/x", good: "w /run/x - - - - text" },
  "base64-not-supported": { severity: "error", title: "The ~ modifier (base64) is not allowed on this line type.", bad: "L~ /etc/x", good: "L /etc/x" },
  "base64-invalid": { severity: "error", title: "The argument is not valid base64." },
  "device-invalid": { severity: "error", title: "The argument of a device line must be MAJOR:MINOR.", bad: "c /dev/x - - - - 1", good: "c /dev/x - - - - 1:3" },
  "attribute-invalid": { severity: "error", title: "The file attributes are not valid.", bad: "h /x - - - - +Q", good: "h /x - - - - +i" },
  "xattr-invalid": { severity: "warning", title: "An extended attribute is not NAME=VALUE; systemd ignores it." },
  "capability-invalid": { severity: "warning", title: "The file capabilities cannot be parsed; systemd ignores them.", bad: "k /usr/bin/ping - - - - cap_net_raw", good: "k /usr/bin/ping - - - - cap_net_raw+ep" },
  "acl-invalid": { severity: "warning", title: "The ACL cannot be parsed; systemd ignores it." },
  "argument-escape-invalid": { severity: "error", title: "The argument has a backslash escape systemd cannot decode." },
  "copy-source-not-absolute": { severity: "error", title: "The copy source must be an absolute path.", bad: "C /etc/x - - - - src", good: "C /etc/x - - - - /usr/share/src" },
  "credential-name-missing": { severity: "error", title: "The ^ modifier needs a credential name as argument." },
  "credential-name-invalid": { severity: "error", title: "The credential name is not valid." },
  "owner-invalid": { severity: "error", title: "The user or group can never be resolved." },
  "owner-unknown": { severity: "error", title: "The user or group is not in the given user database." },
  "mode-invalid": { severity: "error", title: "The mode must be octal, at most 07777, optionally after ~ and :.", bad: "d /run/x 0999", good: "d /run/x 0755" },
  "mode-not-octal": { severity: "error", title: "The mode is written symbolically or with a prefix systemd does not read.", bad: "f /x rw-r--r--", good: "f /x 0644" },
  "age-invalid": { severity: "error", title: "The age is not a time span.", bad: "d /tmp/x - - - 10days5", good: "d /tmp/x - - - 10d" },
  "age-by-invalid": { severity: "error", title: "The age-by selector before ':' may only hold a, b, c, m, A, B, C, M." },
  "age-keep-first-level-not-for-type": { severity: "error", title: "The ~ age prefix is not allowed on this line type." },
  "duplicate-path": { severity: "warning", title: "Another line already owns this path; systemd keeps the first and ignores this one." },
  "duplicate-path-elsewhere": { severity: "information", title: "A line of a later file sets this path again; systemd keeps this line and ignores that one." },
  "manifest-owned-path": { severity: "warning", title: "The line acts on a path an etc manifest puts into /etc; whichever runs last decides what is there." },
  "masked-file": { severity: "information", title: "A file of the same name in a directory of higher precedence masks this file." },
  "deprecated-type": { severity: "hint", title: "The type has a newer spelling.", bad: "F /run/x", good: "f+ /run/x" },
  "world-writable": { severity: "information", title: "The mode makes a directory writable by everybody without the sticky bit." },
  "directory-mode-no-search": { severity: "information", title: "A directory mode gives read but not search (x) permission." },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function codeInfo(code: Code): CodeInfo {
  return CODES[code];
}
