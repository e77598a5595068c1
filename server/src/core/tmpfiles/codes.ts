/**
 * Every diagnostic code the tmpfiles.d checker can give, with its severity,
 * a one-line title and an example. Codes are stable: quick fixes, tests and
 * users' suppressions rely on them.
 */
import type { Severity } from "../diagnostic.js";

export interface CodeInfo {
  severity: Severity;
  title: string;
  /** A line (or lines) that gets the code: for the newest release, or for `version`. */
  bad: string;
  /** The same line fixed: it does not get the code. */
  good: string;
  /** The release the bad example is for, where the code depends on the release. */
  version?: number;
  /** What the examples need besides their text (another file, a user database); they are then not checked one line at a time. */
  needs?: string;
  /** What systemd-tmpfiles does with such a line, in a sentence or two. */
  effect: string;
  /** How to fix it. */
  fix: string;
}

export const CODES = {
  "not-text": {
    severity: "error",
    title:
      "The file is not text (NUL bytes, bytes that are not UTF-8, control characters); its lines are not checked one by one.",
    bad: "(an executable or an archive named x.conf)",
    good: "d /run/app",
    needs: "a file that is not text",
    effect:
      "systemd-tmpfiles reads such a file line by line all the same and rejects nearly every line it makes of it; the checker reports the file once instead.",
    fix: "Remove the file from the tmpfiles.d directory, or replace it with the text file that was meant.",
  },
  "too-large": {
    severity: "warning",
    title: "The file is larger than 8 MiB; its lines are not checked.",
    bad: "(a log or a dump of megabytes named x.conf)",
    good: "d /run/app",
    needs: "a file of more than 8 MiB",
    effect:
      "systemd-tmpfiles reads a file of any size line by line; real tmpfiles.d files hold a few to a hundred lines, so the checker reports such a file once instead of reading it.",
    fix: "Remove the file from the tmpfiles.d directory if it was put there by mistake, or split it; a file opened in the editor is checked whatever its size.",
  },
  "line-unparsable": {
    severity: "error",
    title: "The line cannot be split into fields (an unclosed quote or a bad escape).",
    bad: 'd "/run/a 0755',
    good: 'd "/run/a" 0755',
    effect:
      "systemd-tmpfiles splits a line into words as a shell would, with quotes and backslash escapes; when that fails it rejects the whole line and goes on with the next one.",
    fix: "Close the quote, or write the escape in full (a backslash before a space or quote, `\\x41` with two hex digits).",
  },
  "line-too-long": {
    severity: "error",
    title: "A line is longer than 1 MiB; systemd stops reading the file there.",
    bad: "f /run/x - - - - AAAA… (more than 1 MiB on one line)",
    good: "f /run/x - - - - AAAA… (less than 1 MiB)",
    needs: "a line of more than 1 MiB",
    effect:
      "systemd-tmpfiles reads lines of at most 1 MiB (LONG_LINE_MAX). A longer line is an error, and the rest of the file is not read at all.",
    fix: "Shorten the line: put long contents into a file and copy it with a `C` line, or write it with `~` (base64) from a credential.",
  },
  "missing-path": {
    severity: "error",
    title: "The line has a type but no path.",
    bad: "d",
    good: "d /run/app",
    effect: "A line needs at least a type and a path; systemd-tmpfiles rejects one with only a type as a syntax error.",
    fix: "Add the absolute path the line is about.",
  },
  "unknown-type": {
    severity: "error",
    title: "The type letter is not one systemd-tmpfiles knows.",
    bad: "y /run/x",
    good: "d /run/x",
    effect:
      "systemd-tmpfiles rejects a line whose first letter is not a line type it knows, and goes on with the next line.",
    fix: "Write one of the line types (`f`, `w`, `d`, `D`, `e`, `v`, `q`, `Q`, `p`, `L`, `c`, `b`, `C`, `x`, `X`, `r`, `R`, `z`, `Z`, `t`, `T`, `h`, `H`, `a`, `A`, and from 261 `k`, `K`). The quick fix offers the types on the keys next to the one typed that the target release knows.",
  },
  "type-not-in-release": {
    severity: "error",
    title: "The type is known only from a later systemd release.",
    bad: "k /usr/bin/ping - - - - cap_net_raw+ep",
    good: "h /usr/bin/ping - - - - +i",
    version: 252,
    effect:
      "A release rejects the letters of types that came after it, as it rejects any unknown type: on the machines running that release the line does nothing.",
    fix: "Target a release that has the type (`tmpfiles.systemdVersion`, `--systemd-version`), or do the job another way on the older release.",
  },
  "unknown-modifier": {
    severity: "error",
    title: "A character after the type letter is not a modifier, or repeats one.",
    bad: "d* /run/x",
    good: "d /run/x",
    effect:
      "After the type letter only the modifiers `+`, `-`, `=`, `~`, `^`, `!` and (from 257) `$` and `?` may follow, each once; anything else makes systemd-tmpfiles reject the line.",
    fix: "Remove the character (the quick fix does), or separate the path from the type with white space.",
  },
  "modifier-not-in-release": {
    severity: "error",
    title: "The modifier is known only from a later systemd release.",
    bad: "L? /etc/x",
    good: "L /etc/x",
    version: 252,
    effect:
      "A release rejects modifiers that came after it: `$` (purge) and `?` (link only if the target exists) are known from 257.",
    fix: "Remove the modifier, or target a release that knows it.",
  },
  "modifier-not-for-type": {
    severity: "error",
    title: "The modifier is not allowed on this line type.",
    bad: "r$ /run/x",
    good: "f$ /run/x",
    effect:
      "`$` (purge) is refused on the types that only remove or exclude paths, and `?` is only for `L` lines; systemd-tmpfiles rejects the line.",
    fix: "Remove the modifier (the quick fix does), or use it on a type that takes it.",
  },
  "unknown-specifier": {
    severity: "error",
    title: "A % specifier is not one systemd-tmpfiles knows; write %% for a literal %.",
    bad: "d /run/%z",
    good: "d /run/%%z",
    effect:
      "A `%` followed by a letter systemd-tmpfiles does not know is an error: the line is rejected rather than the `%` kept.",
    fix: "Write `%%` for a literal `%` (the quick fix does), or use a specifier it knows (`%m`, `%b`, `%H`, `%t`, `%S`, …).",
  },
  "specifier-not-in-release": {
    severity: "error",
    title: "The % specifier is known only from a later systemd release.",
    bad: "d /run/%A",
    good: "d /run/%%A",
    version: 256,
    effect:
      "Specifiers added in later releases (`%A`, `%M`, `%q` from 257) are unknown to earlier ones, which reject the line.",
    fix: "Target a release that knows the specifier, or write `%%` for a literal `%`.",
  },
  "path-not-absolute": {
    severity: "error",
    title: "The path must be absolute.",
    bad: "d run/app",
    good: "d /run/app",
    effect: "systemd-tmpfiles rejects a path that does not start with `/` once its specifiers are expanded.",
    fix: "Start the path with `/` (the quick fix does).",
  },
  "path-too-long": {
    severity: "error",
    title: "The path is longer than systemd allows (4095 bytes once specifiers are expanded).",
    bad: "d /run/aaaa… (more than 4095 bytes)",
    good: "d /run/app",
    needs: "a path of more than 4095 bytes",
    effect: "A path (or a copy source or link target) longer than PATH_MAX once specifiers are expanded is rejected.",
    fix: "Use a shorter path.",
  },
  "var-run-path": {
    severity: "warning",
    title: "The path is below /var/run; systemd rewrites it to /run.",
    bad: "d /var/run/app",
    good: "d /run/app",
    effect:
      "systemd-tmpfiles replaces a leading `/var/run/` with `/run/` and logs a notice (Debian's builds before 257 only for files below /etc); the line then acts on `/run`.",
    fix: "Write `/run` (the quick fix does).",
  },
  "argument-ignored": {
    severity: "warning",
    title: "This line type takes no argument; systemd ignores it (262 and later reject the line).",
    bad: "d /run/x - - - - junk",
    good: "d /run/x",
    version: 261,
    effect:
      "Types such as `d`, `e`, `x` and `r` take no argument. Before 262 systemd-tmpfiles ignores it with a warning; from 262 the line is rejected.",
    fix: "Remove the argument (the quick fix does).",
  },
  "argument-required": {
    severity: "error",
    title: "This line type needs an argument.",
    bad: "w /run/x",
    good: "w /run/x - - - - text",
    effect:
      "`w`, `c`, `b`, `t`, `T`, `h`, `H`, `a`, `A`, `k` and `K` do nothing without their argument, and systemd-tmpfiles rejects the line.",
    fix: "Give the argument: the text to write, MAJOR:MINOR, the attributes or the ACL.",
  },
  "base64-not-supported": {
    severity: "error",
    title: "The ~ modifier (base64) is not allowed on this line type.",
    bad: "L~ /etc/x",
    good: "L /etc/x",
    effect:
      "Only types whose argument is contents (`f`, `w`) decode base64; on the others systemd-tmpfiles refuses `~` and rejects the line.",
    fix: "Remove `~` (a quick fix does) and write the argument as it is.",
  },
  "base64-invalid": {
    severity: "error",
    title: "The argument is not valid base64.",
    bad: "f~ /run/x - - - - @@@",
    good: "f~ /run/x - - - - aGVsbG8=",
    effect:
      "With `~` the argument is decoded as base64 first; when it cannot be decoded, systemd-tmpfiles rejects the line.",
    fix: "Write the argument in base64 (`base64 -w0 FILE`), or remove `~`.",
  },
  "device-invalid": {
    severity: "error",
    title: "The argument of a device line must be MAJOR:MINOR.",
    bad: "c /dev/x - - - - 1",
    good: "c /dev/x - - - - 1:3",
    effect:
      "`c` and `b` lines create a device node from the numbers in the argument; when they are not two numbers joined by `:`, the line is rejected.",
    fix: "Write the device numbers as `MAJOR:MINOR`.",
  },
  "attribute-invalid": {
    severity: "error",
    title: "The file attributes are not valid.",
    bad: "h /x - - - - +Q",
    good: "h /x - - - - +i",
    effect:
      "`h` and `H` lines take attributes as chattr does (`+`, `-` or `=` and letters such as `i`, `a`, `C`); an unknown letter makes systemd-tmpfiles reject the line.",
    fix: "Use the attribute letters chattr(1) lists.",
  },
  "xattr-invalid": {
    severity: "warning",
    title: "An extended attribute is not NAME=VALUE; systemd ignores it.",
    bad: "t /run/x - - - - user.foo",
    good: "t /run/x - - - - user.foo=bar",
    effect:
      "Each word of a `t` or `T` argument must be NAME=VALUE; systemd-tmpfiles ignores a word that is not, and sets the others.",
    fix: "Write `NAME=VALUE`, quoting the value if it holds white space.",
  },
  "capability-invalid": {
    severity: "warning",
    title: "The file capabilities cannot be parsed; systemd ignores them.",
    bad: "k /usr/bin/ping - - - - cap_net_raw",
    good: "k /usr/bin/ping - - - - cap_net_raw+ep",
    effect:
      "The argument of `k` and `K` is read as cap_from_text(3) reads it; when that fails systemd-tmpfiles ignores the capabilities and logs a warning.",
    fix: "Give each capability an operator and flags, such as `cap_net_raw+ep`.",
  },
  "acl-invalid": {
    severity: "warning",
    title: "The ACL cannot be parsed; systemd ignores it.",
    bad: "a /run/x - - - - u:nobody:rwz",
    good: "a /run/x - - - - u:nobody:rw",
    effect:
      "The argument of `a` and `A` is read as setfacl reads ACL entries; when that fails systemd-tmpfiles ignores the ACL and logs a warning.",
    fix: "Write the entries as setfacl(1) does: `u:NAME:rwx`, `g:NAME:r-x`, `m::rwx`, separated by commas.",
  },
  "argument-escape-invalid": {
    severity: "error",
    title: "The argument has a backslash escape systemd cannot decode.",
    bad: "f /run/x - - - - \\x4",
    good: "f /run/x - - - - \\x41",
    effect:
      "The argument of `f`, `w`, `L` and `C` lines has its C escapes decoded; an escape that cannot be decoded makes systemd-tmpfiles reject the line.",
    fix: "Write the escape in full (`\\x41`, `\\101`, `\\n`), or `\\\\` for a backslash.",
  },
  "copy-source-not-absolute": {
    severity: "error",
    title: "The copy source must be an absolute path.",
    bad: "C /etc/x - - - - src",
    good: "C /etc/x - - - - /usr/share/src",
    effect: "A `C` line copies from an absolute path; a relative source makes systemd-tmpfiles reject the line.",
    fix: "Give the absolute path of the source (the quick fix adds the leading `/`).",
  },
  "credential-name-missing": {
    severity: "error",
    title: "The ^ modifier needs a credential name as argument.",
    bad: "f^ /run/x",
    good: "f^ /run/x - - - - my.cred",
    effect:
      "With `^` the argument names a system credential whose contents are used; without a name systemd-tmpfiles rejects the line.",
    fix: "Give the credential's name as the argument, or remove `^` (a quick fix does).",
  },
  "credential-name-invalid": {
    severity: "error",
    title: "The credential name is not valid.",
    bad: "f^ /run/x - - - - a/b",
    good: "f^ /run/x - - - - a.b",
    effect:
      "A credential name is a file name: no `/`, not `.` or `..`, not empty and not too long. systemd-tmpfiles rejects the line otherwise.",
    fix: "Use the credential's plain name.",
  },
  "owner-invalid": {
    severity: "error",
    title: "The user or group can never be resolved.",
    bad: "d /run/x - a:b",
    good: "d /run/x - nobody",
    effect:
      "A user or group is a name or a number; a name no user database can hold (with `:`, `/`, white space, …) or a reserved number cannot be resolved, and systemd-tmpfiles rejects the line.",
    fix: "Write the user's or group's name, or its number.",
  },
  "owner-unknown": {
    severity: "error",
    title: "The user or group is not in the given user database.",
    bad: "d /run/x - nginx",
    good: "d /run/x - root",
    needs: "a user database (`--passwd`, `tmpfiles.userDatabase`) without `nginx`",
    effect:
      "systemd-tmpfiles looks names up when it reads the line; on a machine without the user or group it rejects the line.",
    fix: "Create the user first (sysusers.d), use a user that exists, or check against the right passwd and group files.",
  },
  "owner-not-on-host": {
    severity: "warning",
    title:
      "The user or group is not in the user database of the machine the files are checked for (this one, or tmpfiles.remote.host).",
    bad: "d /run/x - nginx",
    good: "d /run/x - root",
    needs:
      'the user database of a machine without `nginx` (`tmpfiles.userDatabase` "target", `check --user-database local`)',
    effect:
      "systemd-tmpfiles looks names up when it reads the line; on that machine, without the user or group, it rejects the line. Another machine may know the name, so this is a warning, not an error.",
    fix: "Create the user first (sysusers.d), use a user that exists there, or check against the user database of the machine the files are for.",
  },
  "mode-invalid": {
    severity: "error",
    title: "The mode must be octal, at most 07777, optionally after ~ and :.",
    bad: "d /run/x 0999",
    good: "d /run/x 0755",
    effect:
      "The mode is read as an octal number of at most 07777 (leading zeros allowed), after optional `~` (mask) and `:` (only when creating); anything else makes systemd-tmpfiles reject the line.",
    fix: "Write an octal mode; the quick fixes drop stray characters or offer 0755 for directories and 0644 for files.",
  },
  "mode-not-octal": {
    severity: "error",
    title: "The mode is written symbolically or with a prefix systemd does not read.",
    bad: "f /x rw-r--r--",
    good: "f /x 0644",
    effect: "systemd-tmpfiles reads only octal modes: `rw-r--r--`, `u=rw,g=r,o=r` and `0o644` are rejected.",
    fix: "Write the octal mode the quick fix gives.",
  },
  "age-invalid": {
    severity: "error",
    title: "The age is not a time span.",
    bad: "d /tmp/x - - - 10q",
    good: "d /tmp/x - - - 10d",
    effect:
      "The age is a time span as systemd reads them: numbers with units such as `s`, `min`, `h`, `d`, `w`, `M`, `y` (seconds without a unit), or `infinity`; anything else makes systemd-tmpfiles reject the line.",
    fix: "Use a unit systemd knows; the quick fixes offer the nearest ones.",
  },
  "age-by-invalid": {
    severity: "error",
    title: "The age-by selector before ':' may only hold a, b, c, m, A, B, C, M.",
    bad: "d /tmp/x - - - q:10d",
    good: "d /tmp/x - - - m:10d",
    effect:
      "Before `:` the age may say which times count (a: access, b: birth, c: change, m: modification; capitals for directories); another letter makes systemd-tmpfiles reject the line.",
    fix: "Use only the letters a, b, c, m, A, B, C and M.",
  },
  "age-keep-first-level-not-for-type": {
    severity: "error",
    title: "The ~ age prefix is not allowed on this line type.",
    bad: "r /tmp/x - - - ~10d",
    good: "d /tmp/x - - - ~10d",
    effect:
      "From 262 systemd-tmpfiles refuses `~` (keep the first level) in the age of an `r` line, which cleans nothing, and rejects the line.",
    fix: "Remove `~` (the quick fix does: `r` lines clean nothing, so the age has no effect on them), or put the age on the `d` or `e` line of the directory.",
  },
  "duplicate-path": {
    severity: "warning",
    title: "Another line already owns this path; systemd keeps the first and ignores this one.",
    bad: "d /run/a 0755\nd /run/a 0700",
    good: "d /run/a 0755",
    effect:
      "Two lines that create or own one path and differ in their settings conflict: systemd-tmpfiles keeps the first it reads, warns about the other and ignores it.",
    fix: "Remove the later line, merge it into the earlier one where they agree (the preferred quick fix), or keep the later one and remove the earlier.",
  },
  "duplicate-path-elsewhere": {
    severity: "information",
    title: "A line of a later file sets this path again; systemd keeps this line and ignores that one.",
    bad: "a.conf: d /run/a 0755, b.conf: d /run/a 0700",
    good: "a.conf: d /run/a 0755",
    needs: "two files of one tmpfiles.d tree",
    effect:
      "Files are read in order of their names; when a later file's line conflicts with this one, systemd-tmpfiles keeps this line and ignores the later one.",
    fix: "Remove the later file's line (the quick fix does), or move the setting you want into the file read first.",
  },
  "manifest-owned-path": {
    severity: "warning",
    title: "The line acts on a path an etc manifest puts into /etc; whichever runs last decides what is there.",
    bad: "L+ /etc/hosts - - - - /x, beside a manifest entry for hosts",
    good: "L+ /etc/other - - - - /x",
    needs: "an etc manifest in the workspace",
    effect:
      "The activation of /etc and systemd-tmpfiles both write the path; what ends up there depends on which runs last.",
    fix: "Remove the line (the quick fix does), or the manifest entry.",
  },
  "masked-file": {
    severity: "information",
    title: "A file of the same name in a directory of higher precedence masks this file.",
    bad: "/usr/lib/tmpfiles.d/a.conf beside /etc/tmpfiles.d/a.conf",
    good: "/usr/lib/tmpfiles.d/a.conf alone",
    needs: "files of one name in several tmpfiles.d directories",
    effect:
      "systemd-tmpfiles reads only the file of the directory with the highest precedence (/etc, then /run, /usr/local/lib, /usr/lib); this file is not read at all.",
    fix: "Edit the file that is read, or remove it to let this one count.",
  },
  "deprecated-type": {
    severity: "hint",
    title: "The type has a newer spelling.",
    bad: "F /run/x",
    good: "f+ /run/x",
    effect: "`F` and `m` work as `f+` and `z` do; the manual lists them as deprecated.",
    fix: "Write the newer spelling (the quick fix does).",
  },
  "world-writable": {
    severity: "information",
    title: "The mode makes a directory writable by everybody without the sticky bit.",
    bad: "d /run/x 0777",
    good: "d /run/x 1777",
    effect:
      "systemd-tmpfiles creates the directory as asked; without the sticky bit any user can delete or rename anyone's files in it.",
    fix: "Add the sticky bit (1777, the quick fix does), or take away write permission for others.",
  },
  "directory-mode-no-search": {
    severity: "information",
    title: "A directory mode gives read but not search (x) permission.",
    bad: "d /run/x 0644",
    good: "d /run/x 0755",
    effect:
      "systemd-tmpfiles creates the directory as asked; users with r but not x can list names in it but cannot open anything inside.",
    fix: "Add x where r is given (the quick fix does).",
  },
  "nix-definition-overridden": {
    severity: "information",
    title:
      "NixOS drops this definition of systemd.tmpfiles.rules (or of a field of a settings entry): another of the file has a higher priority.",
    bad: '(in a .nix file) lib.mkMerge [ { systemd.tmpfiles.rules = [ "d /run/a" ]; } { systemd.tmpfiles.rules = lib.mkForce [ "d /run/b" ]; } ]',
    good: '(in a .nix file) { systemd.tmpfiles.rules = [ "d /run/a" "d /run/b" ]; }',
    needs: "a .nix file",
    effect:
      "The module system keeps only the definitions of an option with the highest priority (mkForce 50, plain 100, mkDefault 1000); this one's rules (or value) never reach /etc/tmpfiles.d, so they are not checked. Reported only where the file itself tells: the other definition is set whenever this one is.",
    fix: "Remove the definition, or give it the priority of the one that wins (or drop that one's mkForce) if its rules are wanted.",
  },
  "nix-settings-conflict": {
    severity: "error",
    title:
      "A field of a systemd.tmpfiles.settings entry is set twice, to different values of the same priority: NixOS refuses the configuration.",
    bad: '(in a .nix file) lib.mkMerge [ { systemd.tmpfiles.settings."10-a"."/run/a".d.mode = "0700"; } { systemd.tmpfiles.settings."10-a"."/run/a".d.mode = "0755"; } ]',
    good: '(in a .nix file) lib.mkMerge [ { systemd.tmpfiles.settings."10-a"."/run/a".d.mode = lib.mkDefault "0700"; } { systemd.tmpfiles.settings."10-a"."/run/a".d.mode = "0755"; } ]',
    needs: "a .nix file",
    effect:
      'Each field is a string option; the module system keeps the definitions of the highest priority (mkForce 50, plain 100, mkDefault 1000) and merges them only when they are equal, so the evaluation stops with "The option … has conflicting definition values". Reported only where the file itself tells: both are set whenever this one is, and no definition of the file outranks them.',
    fix: "Keep one value, or give the one that should win a higher priority (lib.mkForce) or the other a lower one (lib.mkDefault).",
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
