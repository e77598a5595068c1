/**
 * The programs that "Run systemd-tmpfiles Dry-Run" and "Preview Activation"
 * start, as argument lists built by pure functions (no `vscode`, no process
 * code): the tests call them directly, the terminal and the runner only
 * execute what they return.
 *
 * Where the programs run:
 * - `local`: this machine (the extension host: the workspace's own remote
 *   when VS Code is connected to one);
 * - `ssh`: `ssh [-F CONFIG] -o BatchMode=yes -T -- HOST COMMAND`. The host
 *   name is validated (never taken for an option: it may not start with
 *   `-`) and follows `--`. Host keys are checked as the user's ssh config
 *   says: no option here turns checking off. BatchMode makes ssh fail
 *   instead of asking for a password or a new host key, since no terminal
 *   can answer it.
 *
 * What runs there is fixed text: the tmpfiles.d file's text goes to the
 * program's standard input (`systemd-tmpfiles … -` reads its configuration
 * from there), and no file name, path or content is ever put into a
 * command. The remote command of ssh is one string that the remote login
 * shell reads: it is built from fixed words by `shellQuote`, and the fixed
 * scripts hold no `'`, no newline, no `!` and no `\\` before `\\` or `'`, so
 * they read the same in sh, bash, zsh, fish and the csh family.
 */

/** The first release whose systemd-tmpfiles has `--dry-run`. */
export const DRY_RUN_RELEASE = 256;

export type DryRunTarget =
  | { kind: "local" }
  | {
      kind: "ssh";
      /** A name from the ssh config or `[user@]host`, as `tmpfiles.remote.host` holds it. */
      host: string;
      /** An ssh config file (`ssh -F`), as `tmpfiles.remote.sshConfig` holds it; absolute. */
      sshConfig?: string;
    };

/** A program and its arguments, never a shell string; `display` is how the terminal shows it. */
export interface CommandLine {
  executable: string;
  args: string[];
  /** What goes to the program's standard input: the tmpfiles.d text, paths (NUL-terminated, see copySourcesCommandLine), or nothing. */
  stdin: "config" | "paths" | "none";
  /** The command as one line a POSIX shell would read back as `executable` and `args`. */
  display: string;
  /** How the terminal shows it when `display` is too long to read (the isolated run names its scripts instead of spelling them out); `display` otherwise. */
  short?: string;
}

export class HostNameError extends Error {}

const USER = "[A-Za-z0-9._][A-Za-z0-9._-]*";
const HOST = "[A-Za-z0-9_:\\[][A-Za-z0-9._:\\[\\]-]*";
const HOST_NAME = new RegExp(`^(?:${USER}@)?${HOST}$`);

/**
 * Checks a host name for ssh: `[user@]host` of letters, digits and `._-:[]`,
 * neither part starting with `-` (ssh would read it as an option), no white
 * space, no `%` (ssh's own expansions), at most 255 characters. Returns the
 * name, or throws HostNameError saying what is wrong.
 */
export function validateHostName(host: string): string {
  if (host === "") throw new HostNameError("The remote host is empty.");
  if (host.length > 255) throw new HostNameError("The remote host name is longer than 255 characters.");
  if (host.startsWith("-"))
    throw new HostNameError(
      `The remote host ${JSON.stringify(host)} starts with "-", which ssh would read as an option.`,
    );
  if (!HOST_NAME.test(host)) {
    throw new HostNameError(
      `The remote host ${JSON.stringify(host)} is not a host name for ssh: use a name from your ssh config or user@host (letters, digits, ".", "_", "-", ":"), not starting with "-".`,
    );
  }
  return host;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one word for a POSIX shell: unchanged when it holds only characters
 * that no shell treats specially, otherwise in single quotes, each `'`
 * written as `'\''`. The empty word becomes `''`.
 */
export function shellQuote(word: string): string {
  if (word !== "" && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The words quoted and joined by spaces: what a shell reads back as the same words. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}

/** The words of `systemd-tmpfiles --version`, local or remote. */
export const VERSION_WORDS: readonly string[] = ["systemd-tmpfiles", "--version"];

/** What every run does: create and remove as an activation does, with `--boot` so `!` lines are read too; `-` is stdin. */
const ACTIONS = ["--create", "--remove", "--boot"] as const;

/** 256 and later: systemd-tmpfiles itself promises to change nothing. */
export const DRY_RUN_WORDS: readonly string[] = ["systemd-tmpfiles", "--dry-run", ...ACTIONS, "-"];

/** The name `sh -c` gives the isolation scripts as `$0` (it starts their messages). */
const SCRATCH_ROOT_NAME = "tmpfiles-dry-run";

/** Where the scratch root is, as systemd-tmpfiles before 256 sees it inside its isolated view. */
export const SCRATCH_ROOT = "/scratch";

/** The exit status when a release before 256 cannot be isolated on the target: nothing ran. */
export const NO_ISOLATION_EXIT = 69;

const REFUSE = `echo "$0: systemd-tmpfiles did not run, nothing was changed:`;

/*
 * Before 256 systemd-tmpfiles has no --dry-run, and `--root` alone is not
 * a dry-run: a line creates a symbolic link inside the root and a later
 * line follows it out of the root to the host. So the run is isolated by
 * construction, not by filtering lines: it sees a root in which nothing of
 * the host is writable. Each step replaces itself with the next (`exec`),
 * so the program the client started is, at the end, an `unshare` whose
 * death kills the whole run (`--kill-child`).
 *
 * 1. ISOLATE_SCRIPT, as the user: finds systemd-tmpfiles, then enters a
 *    new mount namespace (`unshare`; as a user other than root also a user
 *    namespace, with that user mapped to root). When the host refuses it,
 *    it stops with NO_ISOLATION_EXIT before anything ran.
 * 2. JAIL_SCRIPT, in that namespace: a tmpfs on /tmp (private to the
 *    namespace: it vanishes with the run), and in it a new root: /usr,
 *    /bin, /sbin, /lib* and /nix of the host bound read-only (not their
 *    submounts), the binary bound read-only at /run/t, copies of passwd,
 *    group, nsswitch.conf, ld.so.cache and machine-id, and the scratch root
 *    with its own copies. No /dev, /sys, /home or /root. Then a new PID
 *    namespace.
 * 3. RUN_SCRIPT, its first process: a new /proc (read-only, showing only
 *    that namespace), then a shell chrooted into the new root runs
 *    TMPFILES_SCRIPT: systemd-tmpfiles, then the list of what it created
 *    as "Would create /PATH". Every process that /proc shows is inside the
 *    new root, so no /proc/PID/root leads back to the host.
 */

/** Before 256, step 1: find the binary, enter a mount namespace (or refuse). */
export const ISOLATE_SCRIPT = [
  "PATH=$PATH:/usr/sbin:/sbin",
  `T=$(command -v systemd-tmpfiles) || { echo "$0: systemd-tmpfiles: not found" >&2; exit 127; }`,
  "export T",
  'if [ "$(id -u)" = 0 ]; then u="unshare --mount"; else u="unshare --user --map-root-user --mount"; fi',
  `$u true 2>/dev/null || { ${REFUSE} before systemd 256 a dry-run runs in a private, read-only view of this host, and this host refused the namespaces it needs ($u)" >&2; exit ${NO_ISOLATION_EXIT}; }`,
  'exec $u sh -c "$1" "$0" "$2" "$3"',
].join("; ");

/** Before 256, step 2: the new root, read-only but for the scratch root, then a PID namespace. */
export const JAIL_SCRIPT = [
  `f() { ${REFUSE} $1" >&2; exit ${NO_ISOLATION_EXIT}; }`,
  '[ -f "$T" ] && [ -r "$T" ] || f "$T cannot be read"',
  'exec 4< "$T"',
  'mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs /tmp || f "no private /tmp could be mounted"',
  "j=/tmp/tmpfiles-dry-run",
  `mkdir -p $j/run/t $j/proc $j/etc $j${SCRATCH_ROOT}/etc || f "the new root could not be made"`,
  'for d in /usr /bin /sbin /lib /lib32 /lib64 /libx32 /nix; do if [ -L $d ]; then ln -s "$(readlink $d)" $j$d || f "$d could not be linked"; elif [ -d $d ]; then { mkdir -p $j$d && mount --bind $d $j$d && mount -o remount,bind,ro,nosuid,nodev $j$d; } || f "$d could not be bound read-only"; fi; done',
  `{ touch $j/run/t/systemd-tmpfiles && mount --bind /proc/self/fd/4 $j/run/t/systemd-tmpfiles && mount -o remount,bind,ro,nosuid,nodev $j/run/t/systemd-tmpfiles; } || f "$T could not be bound read-only"`,
  "exec 4<&-",
  `for x in passwd group; do { cp /etc/$x $j/etc/ && cp /etc/$x $j${SCRATCH_ROOT}/etc/; } || f "/etc/$x could not be copied"; done`,
  "for x in nsswitch.conf ld.so.cache machine-id; do if [ -f /etc/$x ]; then cp /etc/$x $j/etc/; fi; done",
  `if [ -f /etc/machine-id ]; then cp /etc/machine-id $j${SCRATCH_ROOT}/etc/; fi`,
  `echo "Scratch root ${SCRATCH_ROOT} (systemd-tmpfiles before 256 has no --dry-run: it runs with --root=${SCRATCH_ROOT} in a private view of this host where nothing else is writable, gone when it ends)"`,
  'exec unshare --pid --fork --kill-child sh -c "$1" "$0" $j "$2"',
].join("; ");

/** Before 256, step 3: a /proc of this PID namespace only, read-only, then the chrooted shell. */
export const RUN_SCRIPT = [
  `{ mount -t proc -o ro,nosuid,nodev,noexec,subset=pid proc "$1/proc" 2>/dev/null || mount -t proc -o ro,nosuid,nodev,noexec proc "$1/proc"; } || { ${REFUSE} no private /proc could be mounted" >&2; exit ${NO_ISOLATION_EXIT}; }`,
  'exec chroot "$1" /bin/sh -c "$2"',
].join("; ");

/** Before 256, inside the new root: the run, then what it created; the exit status is systemd-tmpfiles' own. */
export const TMPFILES_SCRIPT = [
  `/run/t/systemd-tmpfiles --root=${SCRATCH_ROOT} ${ACTIONS.join(" ")} -`,
  "s=$?",
  `cd ${SCRATCH_ROOT} && find . -mindepth 1 | grep -v -x -e ./etc -e ./etc/passwd -e ./etc/group -e ./etc/machine-id | LC_ALL=C sort | sed "s,^[.],Would create ,"`,
  "exit $s",
].join("; ");

/** The words of a dry-run before 256: `sh -c` with the four scripts above. */
export const ISOLATED_WORDS: readonly string[] = [
  "sh",
  "-c",
  ISOLATE_SCRIPT,
  SCRATCH_ROOT_NAME,
  JAIL_SCRIPT,
  RUN_SCRIPT,
  TMPFILES_SCRIPT,
];

/**
 * The state of /etc on the target, read-only: one record per entry,
 * NUL-separated fields `type mode user group path link` (GNU find's -printf).
 */
export const HOST_STATE_WORDS: readonly string[] = [
  "find",
  "/etc",
  "-mindepth",
  "1",
  "-printf",
  "%y\\0%m\\0%u\\0%g\\0%P\\0%l\\0",
];

/** The target's user database, read-only: its /etc/passwd, then its /etc/group. */
export const HOST_PASSWD_WORDS: readonly string[] = ["cat", "--", "/etc/passwd"];
export const HOST_GROUP_WORDS: readonly string[] = ["cat", "--", "/etc/group"];

/** The list of files a NixOS activation copied into /etc (owned by the generation that made them). */
const HOST_CLEAN_LIST_WORDS: readonly string[] = ["cat", "--", "/etc/.clean"];

/** `ssh` with its options, `--` and the host, before the remote command. */
function sshPrefix(target: Extract<DryRunTarget, { kind: "ssh" }>): string[] {
  const host = validateHostName(target.host);
  const args: string[] = [];
  if (target.sshConfig !== undefined && target.sshConfig !== "") {
    if (!target.sshConfig.startsWith("/"))
      throw new HostNameError(`The ssh config ${JSON.stringify(target.sshConfig)} is not an absolute path.`);
    args.push("-F", target.sshConfig);
  }
  args.push("-o", "BatchMode=yes", "-T", "--", host);
  return args;
}

/** How the terminal names the isolated run before 256 instead of spelling out its four scripts. */
const ISOLATED_SHORT = "sh -c <isolated run before 256> …";

/**
 * Runs fixed `words` on the target: as they are locally, as one quoted
 * remote command through ssh. `short`, when given, is how the terminal
 * shows `words` (see CommandLine.short).
 */
export function onTarget(
  target: DryRunTarget,
  words: readonly string[],
  stdin: CommandLine["stdin"],
  short?: string,
): CommandLine {
  if (target.kind === "local") {
    const [executable, ...args] = words;
    if (executable === undefined) throw new Error("no program to run");
    return { executable, args, stdin, display: shellJoin(words), ...(short !== undefined ? { short } : {}) };
  }
  const prefix = sshPrefix(target);
  const args = [...prefix, shellJoin(words)];
  return {
    executable: "ssh",
    args,
    stdin,
    display: shellJoin(["ssh", ...args]),
    ...(short !== undefined ? { short: `${shellJoin(["ssh", ...prefix])} ${short}` } : {}),
  };
}

/** `systemd-tmpfiles --version` on the target. */
export function versionCommandLine(target: DryRunTarget): CommandLine {
  return onTarget(target, VERSION_WORDS, "none");
}

/**
 * The dry-run of a tmpfiles.d text (given on stdin) on `target`, whose
 * systemd-tmpfiles is of `release` (from `parseReleaseOutput`): `--dry-run`
 * from 256, the isolated scratch root before (ISOLATED_WORDS). Throws HostNameError for a host
 * name ssh could misread.
 */
export function dryRunCommandLine(target: DryRunTarget, release: number): CommandLine {
  if (!Number.isInteger(release) || release < 1) throw new Error(`not a systemd release: ${String(release)}`);
  if (release >= DRY_RUN_RELEASE) return onTarget(target, DRY_RUN_WORDS, "config");
  return onTarget(target, ISOLATED_WORDS, "config", ISOLATED_SHORT);
}

/** `stat` of each path (never following a link), printing the name of each one that exists, NUL-terminated. */
const STAT_WORDS: readonly string[] = ["stat", "--printf=%n\\0", "--"];

/**
 * Which of the copy sources of a snippet's `C` lines exist on the target
 * (systemd-tmpfiles skips a `C` line whose source is missing without a
 * word). Locally: `stat` with the paths as its own arguments. Over ssh no
 * path goes into the remote command: the fixed `xargs -0 -r stat …` reads
 * them from stdin, each followed by NUL (`copySourcesInput`). Either way
 * stdout holds the name of each existing source, NUL-terminated
 * (`existingSources`); a missing one is only a message on stderr.
 */
export function copySourcesCommandLine(target: DryRunTarget, sources: readonly string[]): CommandLine {
  for (const s of sources)
    if (!s.startsWith("/") || s.includes("\0")) throw new Error(`not an absolute path: ${JSON.stringify(s)}`);
  const n = sources.length;
  const what = `<${n} copy ${n === 1 ? "source" : "sources"}>`;
  if (target.kind === "local") {
    const cmd = onTarget(target, [...STAT_WORDS, ...sources], "none");
    return { ...cmd, short: `${shellJoin(STAT_WORDS)} ${what}` };
  }
  const cmd = onTarget(target, ["xargs", "-0", "-r", ...STAT_WORDS], "paths");
  return { ...cmd, short: `${cmd.display} < ${what}` };
}

/** What copySourcesCommandLine reads on stdin (over ssh): each path followed by NUL. */
export function copySourcesInput(target: DryRunTarget, sources: readonly string[]): string | undefined {
  return target.kind === "local" ? undefined : sources.map((s) => `${s}\0`).join("");
}

/** The sources that copySourcesCommandLine's output names: the ones that exist. */
export function existingSources(stdout: string): Set<string> {
  return new Set(stdout.split("\0").filter((s) => s !== ""));
}

/** Reading the host's /etc (entries, then the copy list) for the activation preview. */
export function hostStateCommandLines(target: DryRunTarget): { entries: CommandLine; cleanList: CommandLine } {
  return {
    entries: onTarget(target, HOST_STATE_WORDS, "none"),
    cleanList: onTarget(target, HOST_CLEAN_LIST_WORDS, "none"),
  };
}

/** The release in the first line of `systemd-tmpfiles --version` ("systemd 252 (252.38-1~deb12u1)"), or undefined. */
export function parseReleaseOutput(output: string): number | undefined {
  const first = output.replace(/^\s+/, "").split("\n", 1)[0] ?? "";
  const m = /^systemd(?:-tmpfiles)?\s+(\d{2,4})(?:[~.\s(]|$)/.exec(first);
  return m ? Number(m[1]) : undefined;
}

/** `git show HEAD:./NAME` in the file's folder: the committed text of the file, by an argument list. */
export function gitHeadCommandLine(directory: string, fileName: string): CommandLine {
  if (fileName === "" || fileName.includes("/") || fileName === "." || fileName === "..")
    throw new Error(`not a file name: ${JSON.stringify(fileName)}`);
  const args = ["-C", directory, "show", "--no-textconv", "--end-of-options", `HEAD:./${fileName}`];
  return { executable: "git", args, stdin: "none", display: shellJoin(["git", ...args]) };
}

/**
 * `git rev-parse --is-inside-work-tree` in a folder: whether git HEAD can be
 * a previous generation there. Fixed arguments, the folder after `-C`.
 */
export function gitWorkTreeCommandLine(directory: string): CommandLine {
  const args = ["-C", directory, "rev-parse", "--is-inside-work-tree"];
  return { executable: "git", args, stdin: "none", display: shellJoin(["git", ...args]) };
}

/** What gitWorkTreeCommandLine answered: inside a work tree only when it printed `true` and succeeded (outside a repository git exits 128; inside .git it prints `false`). */
export function isInsideWorkTree(code: number | null, stdout: string): boolean {
  return code === 0 && stdout.trim() === "true";
}

/** What to install when a program is missing, said where it is missing. */
export function installHint(program: "ssh" | "systemd-tmpfiles" | "git", where: string): string {
  switch (program) {
    case "ssh":
      return `ssh is not installed ${where}: install the OpenSSH client (Debian/Ubuntu: apt install openssh-client; Fedora: dnf install openssh-clients; NixOS: it is in openssh), or clear tmpfiles.remote.host to run on this machine.`;
    case "systemd-tmpfiles":
      return `systemd-tmpfiles is not installed ${where}: install systemd (Debian/Ubuntu: apt install systemd, or the smaller systemd-standalone-tmpfiles; Fedora: dnf install systemd), or set tmpfiles.remote.host to a host that has it.`;
    case "git":
      return `git is not installed ${where}: install git (Debian/Ubuntu: apt install git) to compare with the committed file.`;
  }
}

/** The remote settings as VS Code gives them (`tmpfiles.remote.*`). */
export interface RemoteSettings {
  host?: unknown;
  sshConfig?: unknown;
}

/**
 * Where to run, from the settings: `ssh` to `tmpfiles.remote.host` when it
 * is set, else this machine. A relative `tmpfiles.remote.sshConfig` is read
 * against the workspace folder, `~/` against the home directory. Throws
 * HostNameError for a host or config ssh could misread.
 */
export function targetFromSettings(
  settings: RemoteSettings,
  where: { workspaceFolder?: string; home?: string } = {},
): DryRunTarget {
  const host = typeof settings.host === "string" ? settings.host.trim() : "";
  if (host === "") return { kind: "local" };
  validateHostName(host);
  let config = typeof settings.sshConfig === "string" ? settings.sshConfig.trim() : "";
  if (config === "") return { kind: "ssh", host };
  if (config.startsWith("~/") && where.home) config = `${where.home.replace(/\/$/, "")}/${config.slice(2)}`;
  else if (!config.startsWith("/") && where.workspaceFolder)
    config = `${where.workspaceFolder.replace(/\/$/, "")}/${config}`;
  if (!config.startsWith("/"))
    throw new HostNameError(
      `tmpfiles.remote.sshConfig ${JSON.stringify(config)} is relative and there is no workspace folder to read it against.`,
    );
  return { kind: "ssh", host, sshConfig: config };
}

/** Where a target is, in words for messages. */
export function describeTarget(target: DryRunTarget, remoteName?: string): string {
  if (target.kind === "ssh") return `on ${target.host} (over ssh)`;
  return remoteName ? `on the workspace's remote (${remoteName})` : "on this machine";
}
