/**
 * What the editor scenarios expect of examples/, shared by the browser suite
 * (test/browser) and the @vscode/test-electron suite (test/vscode). Lines are
 * found by their text, so the examples can change without renumbering.
 */

/**
 * 1-based line of the first line of `text` that contains `needle` (comment
 * lines, starting with "#", do not count), and the 1-based column of `token` in it.
 */
export function locate(text: string, needle: string, token = needle, after = 0): { line: number; column: number } {
  const lines = text.split("\n");
  const i = lines.findIndex((l, n) => n >= after && !l.trimStart().startsWith("#") && l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  const c = lines[i]!.indexOf(token);
  if (c < 0) throw new Error(`line ${i + 1} has no ${JSON.stringify(token)}`);
  return { line: i + 1, column: c + 1 };
}

export const ERRORS_FILE = "tmpfiles.d/50-errors.conf";

/** Lines of ERRORS_FILE that every release from 252 on rejects (severity error). */
export const ERROR_LINES = [
  "var/lib/example-relative",
  "/run/example-unknown-type",
  "/run/example-bad-mode",
  "/var/tmp/example-bad-age",
  "/run/example/%Z",
];

/** A hover over this mode, on this line of ERRORS_FILE, spells it out. */
export const HOVER = { file: ERRORS_FILE, line: "var/lib/example-relative", token: "0755", expect: "rwxr-xr-x" };

/** The mode 0999 of a directory line: a quick fix offers the usual directory mode. */
export const BAD_MODE = {
  file: ERRORS_FILE,
  line: "/run/example-bad-mode",
  token: "0999",
  fix: "Write 0755 (the usual directory mode)",
  fixed: "0755 root root",
};

/** The relative path that a quick fix makes absolute. */
export const RELATIVE_PATH = {
  file: ERRORS_FILE,
  line: "var/lib/example-relative",
  fixed: "/var/lib/example-relative",
};

/** Two files that create the same path: the later file's line is dropped (warning), pointing at the earlier one. */
export const CROSS_FILE_CONFLICT = {
  dropped: "tmpfiles.d/40-app-override.conf",
  kept: "tmpfiles.d/30-app.conf",
  line: "/var/lib/example-app ",
};

/** Two lines of one file for the same path: the second is dropped. */
export const SAME_FILE_CONFLICT = { file: "tmpfiles.d/40-app-override.conf", line: "/run/example-dup" };

/** The manifest's two entries for one target. */
export const MANIFEST_CONFLICT = { file: "etc-manifest.json", target: '"ssh/sshd_config"' };

/** The generated preview of the manifest: a link line and a copy line; renaming a target shows in the preview. */
export const MANIFEST_PREVIEW = {
  file: "etc-manifest.json",
  linkLine: "L+ /etc/hosts ",
  copyLine: "C /etc/sudoers 0440",
  target: '"target": "hosts"',
  renamed: "hosts.allow",
};

/**
 * The generated preview of the manifest opens with its verdict: the count of
 * errors first, and the second entry for MANIFEST_CONFLICT's target named as
 * dropped (the line numbers are found in the manifest by the target).
 */
export const MANIFEST_VERDICT = {
  file: "etc-manifest.json",
  first: "# etc-manifest.json has 2 errors (tmpfiles-lsp generate and plan exit 1 on it):",
  target: '"target": "ssh/sshd_config"',
  dropped: (usedLine: number, droppedLine: number, droppedEntry: number): string =>
    `# line ${droppedLine}: entry ${droppedEntry} (/etc/ssh/sshd_config) is dropped: entry 1 (line ${usedLine}) is used instead.`,
};

/** Preview Activation of the manifest against the previous generation in examples/generations/. */
export const ACTIVATION = {
  file: "etc-manifest.json",
  previous: "generations/previous.etc.json",
  tab: "etc-manifest.json.plan.tmpfiles",
  counts: "# 3 added, 1 replaced, 1 removed, 6 kept",
  /** Rows the plan shows, in its sections. */
  rows: ["r /etc/motd - - - -", "L+ /etc/tmpfiles.d - - - -", "C /etc/example/app.conf 0640 example example"],
  replacedWas: "#   was: C /etc/sudoers 0440 0 0 - /nix/store/9k1dz0g3y7xw2mq5hl8r4c6vb0sn1jpf-sudoers",
  /** Against the /etc of a Debian host: regular files that the manifest's L+ lines would replace. */
  hostWarnings: ["/etc/hosts"],
};

/** Dry-runs: a file with errors (its messages link back to lines), and a clean one. */
export const DRY_RUN = {
  errorsFile: ERRORS_FILE,
  /** A `<stdin>:N:` message for the relative path (line found by its text). */
  errorLine: "var/lib/example-relative",
  cleanFile: "tmpfiles.d/30-app.conf",
  cleanPath: "/var/lib/example-app",
};

/** Preview Activation as Diff of the manifest against the same previous generation: lines only the left (previous) side has, and only the right (new) side. */
export const ACTIVATION_DIFF = {
  file: "etc-manifest.json",
  previous: "generations/previous.etc.json",
  title: "generations/previous.etc.json ↔ etc-manifest.json (activation)",
  /** Another generation the scenario writes: a copy of the manifest. */
  same: "generations/same.etc.json",
  /** The activation report's tab, whose title bar has the diff's button. */
  report: "etc-manifest.json.plan.tmpfiles",
  onlyPrevious: [
    "L+ /etc/motd - - - -",
    "C /etc/sudoers 0440 0 0 - /nix/store/9k1dz0g3y7xw2mq5hl8r4c6vb0sn1jpf-sudoers",
  ],
  onlyNew: [
    "L+ /etc/tmpfiles.d - - - -",
    "C /etc/sudoers 0440 0 0 - /nix/store/2c8hq8q7q2p4wmd4ccj0vsm3yg0jw1wz-sudoers",
    "d /etc/example - - - -",
  ],
};

/**
 * A tmpfiles.d file the scenario writes, with a mistyped mode, type and age:
 * each line's guessed quick fix (picked by a part of its title) makes it
 * check clean.
 */
export const GUESSED_FIXES = {
  file: "tmpfiles.d/60-typos.conf",
  lines: [
    { text: "d /run/x 06x4", token: "06x4", fix: "Write 0755", fixed: "d /run/x 0755" },
    { text: "Y /run/y", token: "Y", fix: "'f'", fixed: "f /run/y" },
    { text: "d /run/z 0755 - - 10q", token: "10q", fix: "Write 10m", fixed: "d /run/z 0755 - - 10m" },
  ],
};

/**
 * A tmpfiles.d file the scenario writes, owned by a user this machine does
 * not have: the editor warns, and the local dry-run shows systemd's refusal.
 */
export const UNKNOWN_LOCAL_USER = {
  file: "tmpfiles.d/70-myapp.conf",
  line: "d /var/lib/myapp 0700 myapp myapp 10d",
  user: "myapp",
};

/** The CLI's generate on the conflicting manifest: its errors on stderr, exit status 1. */
export const GENERATE_EXITS_1 = {
  file: "etc-manifest.json",
  /** One error line, with its white space taken out (the terminal wraps lines where it likes). */
  error: /etc-manifest\.json:\d+:\d+:error:\/etc\/ssh\/sshd_configisalsowantedbyentry\d+.*?\[conflicting-target\]/g,
};
