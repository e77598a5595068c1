// The real systemd-tmpfiles of a given release, run on tmpfiles.d text, as the
// oracle of the conformance tests. The binaries come from
// scripts/fetch-systemd-oracles.sh (.cache/systemd/oracles.json).
//
// Every run gets a fresh scratch directory as --root (never the real root),
// with stub etc/passwd and etc/group entries for every user and group name the
// files use, etc/machine-id and etc/os-release, so that neither an unknown name
// nor an unresolvable specifier cuts a line short. The action is --clean on
// that empty root: parse_line() does not look at the action in any release, so
// every line is parsed exactly as --create would parse it, while nothing is
// created (selfcheck --both-actions checks this against --create).
//
// Severity is the level systemd logged at, read from its console colours
// (SYSTEMD_COLORS=16, SYSTEMD_LOG_COLOR=1; see log.c / get_log_colors() in
// terminal-util.c of 252, 254, 257, the same in the 262 binary):
//   ESC[0;1;31m  LOG_ERR and worse     -> 'error'
//   ESC[0;1;33m  LOG_WARNING           -> 'warning'
//   ESC[0;1;39m  LOG_NOTICE            -> 'warning' (the project's contract)
//   no colour    LOG_INFO              -> 'info'
//   ESC[0;38;5;245m / ESC[0;2;37m LOG_DEBUG (only seen with SYSTEMD_LOG_LEVEL=debug) -> dropped
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { hostname, release as osRelease, tmpdir } from "node:os";
import { parseTmpfiles } from "../../server/src/core/tmpfiles/parse.js";
import { basename, dirname, join, resolve as resolvePath, sep } from "node:path";

export type OracleSeverity = "error" | "warning" | "info";

/** The syslog level systemd used (LOG_ERR and worse are all "err"). */
export type OracleLevel = "err" | "warning" | "notice" | "info";

export interface OracleMessage {
  severity: OracleSeverity;
  level: OracleLevel;
  text: string;
  /**
   * Logged without PATH:LINE (ACL, xattr, file-attribute and capability
   * arguments are parsed by helpers that do not know the line) and placed on
   * the line whose type and argument or path the message quotes.
   */
  attributed?: boolean;
}

export interface OracleResult {
  /** Exit status; -1 when killed by the timeout or a signal. */
  exit: number;
  /** file name (as passed in) -> line (from 1) -> messages, in the order logged. */
  lines: Map<string, Map<number, OracleMessage[]>>;
  /** Messages without a PATH:LINE prefix (runtime failures, summaries): not parse verdicts. */
  general: OracleMessage[];
  /** Everything the binary wrote, stderr then stdout, colours included. */
  raw: string;
  timedOut: boolean;
  /** The run saw the stub passwd/group as the host's too (see OracleOptions.isolateNss). */
  nssIsolated: boolean;
}

export interface OracleOptions {
  /** Kill the run after this many milliseconds (default 15000). */
  timeoutMs?: number;
  /** 'clean' (default) parses everything and changes nothing on the empty root. */
  action?: "clean" | "create";
  /** Extra arguments, after the built-in ones. */
  extraArgs?: string[];
  /** Write stub passwd/group entries for the names the files use (default true). */
  stubNames?: boolean;
  /** More names to put in the stub passwd/group. */
  users?: string[];
  groups?: string[];
  /**
   * Names are paths below the root (such as /etc/tmpfiles.d/a.conf) and
   * systemd-tmpfiles reads its configuration directories itself, with its own
   * order and masking, instead of the files given on its command line.
   */
  tree?: boolean;
  /** Where oracles.json is; default DEFAULT_ORACLES_FILE. */
  oraclesFile?: string;
  /**
   * libacl resolves the names in ACL arguments through the host's NSS, even
   * with --root. When true (default) and `unshare --mount` works (root), the
   * binary runs in a private mount namespace where the stub passwd and group
   * are bind-mounted over /etc/passwd and /etc/group; the host is untouched.
   */
  isolateNss?: boolean;
  /** Looks at the scratch root after the run, before it is removed (what --create made there). */
  inspect?: (root: string) => Promise<void>;
}

interface OracleEntry {
  debVersion: string;
  suite: string;
  argv: string[];
}

/** The checkout: the nearest directory above the working directory whose package.json is this project's. */
function findRepo(): string {
  for (let d = process.cwd(); ; d = dirname(d)) {
    try {
      if ((JSON.parse(readFileSync(join(d, "package.json"), "utf8")) as { name?: string }).name === "tmpfiles-lsp")
        return d;
    } catch {
      // no package.json here: go up
    }
    if (dirname(d) === d) return process.cwd();
  }
}
/** $TMPFILES_ORACLES, or .cache/systemd/oracles.json of this checkout. */
export const DEFAULT_ORACLES_FILE =
  process.env.TMPFILES_ORACLES ?? join(findRepo(), ".cache", "systemd", "oracles.json");

const cachedTables = new Map<string, Record<string, OracleEntry>>();
function loadTable(file = DEFAULT_ORACLES_FILE): Record<string, OracleEntry> {
  let t = cachedTables.get(file);
  if (!t) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run scripts/fetch-systemd-oracles.sh first`);
    }
    t = JSON.parse(readFileSync(file, "utf8")) as Record<string, OracleEntry>;
    cachedTables.set(file, t);
  }
  return t;
}

/** The releases whose binary has been fetched, ascending. */
export function oracleVersions(oraclesFile?: string): number[] {
  if (!existsSync(oraclesFile ?? DEFAULT_ORACLES_FILE)) return [];
  return Object.keys(loadTable(oraclesFile))
    .map(Number)
    .sort((a, b) => a - b);
}

/** How to start a release's binary, e.g. for a human to reproduce a run. */
export function oracleArgv(version: number, oraclesFile?: string): string[] {
  const e = loadTable(oraclesFile)[String(version)];
  if (!e) {
    throw new Error(
      `no systemd-tmpfiles ${version} in ${oraclesFile ?? DEFAULT_ORACLES_FILE} (have: ${oracleVersions(oraclesFile).join(", ")})`,
    );
  }
  return e.argv;
}

export function oracleDebVersion(version: number, oraclesFile?: string): string {
  return loadTable(oraclesFile)[String(version)]?.debVersion ?? "?";
}

// ---------------------------------------------------------------------------
// Names the files use, for the stub user database.

/** Split a line into words roughly as extract_first_word(EXTRACT_UNQUOTE) does; `end` is where reading stopped. */
/** The white space systemd splits fields on (not every Unicode space). */
const WHITESPACE = " \t\n\r";

export function scanWords(line: string, max = 6): { words: string[]; end: number } {
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  while (words.length < max) {
    while (i < n && WHITESPACE.includes(line[i]!)) i++;
    if (i >= n) break;
    let w = "";
    while (i < n && !WHITESPACE.includes(line[i]!)) {
      const c = line[i]!;
      if (c === "\\" && i + 1 < n) {
        w += line[i + 1];
        i += 2;
      } else if (c === '"' || c === "'") {
        i++;
        while (i < n && line[i] !== c) {
          if (c === '"' && line[i] === "\\" && i + 1 < n) i++;
          w += line[i];
          i++;
        }
        i++;
      } else {
        w += c;
        i++;
      }
    }
    words.push(w);
  }
  return { words, end: Math.min(i, n) };
}

/** The words of a line as written (quotes removed, backslashes kept). */
function scanRaw(line: string): string[] {
  return line
    .split(/[ \t\n\r]+/)
    .filter(Boolean)
    .map((w) => w.replace(/^["']|["']$/g, ""));
}

export function splitWords(line: string, max = 6): string[] {
  return scanWords(line, max).words;
}

/** The raw argument field: what follows the sixth field, surrounding blanks dropped. */
export function argumentOf(line: string): string {
  const { words, end } = scanWords(line, 6);
  return words.length < 6 ? "" : line.slice(end).replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
}

function usableName(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const name = s.startsWith(":") ? s.slice(1) : s;
  if (name === "" || name === "-" || /[:\n\r\0]/.test(name)) return undefined;
  // All digits: systemd reads it as an id or, when that fails (out of range,
  // leading zero, a reserved id), finds no such name, since no user database
  // it accepts holds names made of digits only. A stub would hide that.
  if (/^[0-9]+$/.test(name)) return undefined;
  return name;
}

/**
 * Every spelling a user or group field may have once systemd has read it: the
 * fields are split both with C escapes decoded (254 and later) and with a
 * backslash only quoting the next character (252). Stubbing a name too many
 * can only let a line through that names a user our checker never judges.
 */
export function namesUsed(texts: string[]): { users: Set<string>; groups: Set<string> } {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const text of texts) {
    for (const escapes of [true, false]) {
      for (const line of parseTmpfiles(text, { escapes }).lines) {
        if (line.kind !== "entry") continue;
        const u = usableName(line.fields.user?.value);
        const g = usableName(line.fields.group?.value);
        if (u !== undefined) users.add(u);
        if (g !== undefined) groups.add(g);
        // ACL entries name users and groups too: "[d[efault]:]u[ser]|g[roup]:NAME:PERMS,…"
        if (/^[aA]/.test(line.fields.type?.value ?? "") && line.fields.argument) {
          // As the ACL library reads them: the tag word or its first letter, an optional ":", the name up to ":".
          // Before 254 the library reads on after an entry's permissions into a next one ("g:a:r-xg:b:r-x"
          // names a and b), so each entry is read for as many as follow each other.
          for (const entry of line.fields.argument.value.split(",")) {
            let rest = entry;
            for (;;) {
              const m = /^[ \t]*(?:(?:default|d):)?[ \t]*(user|group|u|g)[ \t]*:?([^:]*):([rwxX-]*)/.exec(rest);
              if (!m) break;
              const name = m[2]!.replace(/[ \t]+$/, "");
              if (name !== "") (m[1]![0] === "u" ? users : groups).add(name);
              rest = rest.slice(m[0].length);
            }
          }
        }
      }
    }
  }
  return { users, groups };
}

/**
 * systemd-tmpfiles skips a C line whose copy source is missing before it
 * looks at the owner, mode and age fields. On the machines these files are
 * written for the source exists, so every source a C line names (or its
 * default below /usr/share/factory) is made inside the scratch root, and the
 * whole line is judged.
 */
async function writeCopySources(root: string, texts: string[]): Promise<void> {
  for (const text of texts) {
    for (const line of text.split(/[\n\r\0]/)) {
      const t = line.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
      if (!t.startsWith("C")) continue;
      const words = splitWords(t);
      if (words.length < 2) continue;
      const arg = argumentOf(t);
      // The default source follows the path as systemd keys it: specifiers expanded, /var/run made /run.
      const candidates: (string | undefined)[] = [];
      // systemd decodes C escapes in a copy source before it expands specifiers.
      if (arg && arg !== "-") candidates.push(expandLikeOracle(arg), expandLikeOracle(unescapeC(arg)));
      else {
        // Older releases put the root inside %t, %S, %C and %L, so the path may hold it twice.
        // The path as 252 reads it (a backslash quotes the next character) and as later releases do (C escapes).
        const spellings = new Set([words[1]!, unescapeC(scanRaw(t)[1] ?? words[1]!)]);
        for (const path of [...spellings].flatMap((w) => [w, w.replace(/%([tSCL])/g, root + "/%$1")])) {
          const e = expandLikeOracle(path);
          if (e !== undefined) candidates.push("/usr/share/factory/" + varRunToRun(e));
        }
      }
      for (const source of candidates) {
        if (source === undefined || !source.startsWith("/") || source.length > 2048) continue;
        const target = resolvePath(root, "." + source);
        if (!target.startsWith(root + sep)) continue;
        try {
          await mkdir(dirname(target), { recursive: true });
          if (!existsSync(target)) await writeFile(target, "copy source\n");
        } catch {
          // A source below a path that is already a file: leave it missing.
        }
      }
    }
  }
}

/** A credential file for every name a line with "^" reads (when the name can be a file name). */
async function writeCredentials(dir: string, texts: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const text of texts) {
    for (const line of text.split(/[\n\r\0]/)) {
      const t = line.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
      const words = splitWords(t, 1);
      if (!words[0]?.includes("^")) continue;
      // Only some types expand specifiers in the argument, so the name is provided both ways.
      for (const name of new Set([argumentOf(t), expandLikeOracle(argumentOf(t))])) {
        if (!name || name === "." || name === ".." || name.includes("/") || Buffer.byteLength(name) > 255) continue;
        try {
          await writeFile(join(dir, name), "credential\n");
        } catch {
          // Not a possible file name here: leave it missing.
        }
      }
    }
  }
}

async function writeStubRoot(root: string, users: Iterable<string>, groups: Iterable<string>): Promise<void> {
  await mkdir(join(root, "etc"), { recursive: true });
  const passwd = ["root:x:0:0:root:/root:/bin/sh", "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"];
  const group = ["root:x:0:", "nogroup:x:65534:", "nobody:x:65534:"];
  const taken = new Set(["root", "nobody"]);
  let id = 1000;
  for (const u of users) {
    if (taken.has(u)) continue;
    taken.add(u);
    passwd.push(`${u}:x:${id}:${id}::/nonexistent:/usr/sbin/nologin`);
    id++;
  }
  const gtaken = new Set(["root", "nogroup", "nobody"]);
  for (const g of groups) {
    if (gtaken.has(g)) continue;
    gtaken.add(g);
    group.push(`${g}:x:${id}:`);
    id++;
  }
  await writeFile(join(root, "etc", "passwd"), passwd.join("\n") + "\n");
  await writeFile(join(root, "etc", "group"), group.join("\n") + "\n");
  await writeFile(join(root, "etc", "machine-id"), "0123456789abcdef0123456789abcdef\n");
  // Every os-release field a specifier reads (%o %w %W %B %M %A), so none is missing.
  await writeFile(
    join(root, "etc", "os-release"),
    [
      "ID=oracle",
      "NAME=Oracle",
      "VERSION_ID=1",
      "VARIANT_ID=test",
      "BUILD_ID=1",
      "IMAGE_ID=oracle-image",
      "IMAGE_VERSION=1",
      "",
    ].join("\n"),
  );
}

// ---------------------------------------------------------------------------
// Output parsing.

const ESC = "\x1b";
const RESET = `${ESC}[0m`;
/** Colour that starts a record -> level (null: debug, dropped). */
const COLOURS: Record<string, OracleLevel | null> = {
  [`${ESC}[0;1;31m`]: "err", // LOG_EMERG..LOG_ERR
  [`${ESC}[0;1;33m`]: "warning", // LOG_WARNING, 16-colour yellow
  [`${ESC}[0;1;38;5;185m`]: "warning", // LOG_WARNING, 256-colour khaki (if SYSTEMD_COLORS=256)
  [`${ESC}[0;1;39m`]: "notice", // LOG_NOTICE
  [`${ESC}[0;38;5;245m`]: null, // LOG_DEBUG, grey (256)
  [`${ESC}[0;2;37m`]: null, // LOG_DEBUG, grey (16)
};

const SEVERITY: Record<OracleLevel, OracleSeverity> = {
  err: "error",
  warning: "warning",
  notice: "warning",
  info: "info",
};

export interface LogRecord {
  level: OracleLevel | null;
  text: string;
  /** A colour this module does not know; the level then is "err" so that it is noticed. */
  unknownColour?: string;
}

/** Split coloured console output into records with the level they were logged at. */
export function parseConsole(out: string): LogRecord[] {
  const records: LogRecord[] = [];
  let i = 0;
  while (i < out.length) {
    // eslint-disable-next-line no-control-regex -- ESC starts the colour sequences it reads
    const m = /^\x1b\[[0-9;]*m/.exec(out.slice(i, i + 32));
    if (m && m[0] !== RESET) {
      const start = i + m[0].length;
      let end = out.indexOf(RESET, start);
      if (end < 0) end = out.length;
      const text = out.slice(start, end);
      const known = Object.prototype.hasOwnProperty.call(COLOURS, m[0]);
      records.push(
        known ? { level: COLOURS[m[0]]!, text } : { level: "err", text, unknownColour: JSON.stringify(m[0]) },
      );
      i = end + RESET.length;
      if (out[i] === "\r") i++;
      if (out[i] === "\n") i++;
    } else {
      let end = out.indexOf("\n", i);
      if (end < 0) end = out.length;
      const text = out.slice(i, end).replace(/\r$/, "");
      if (text !== "") records.push({ level: "info", text });
      i = end + 1;
    }
  }
  return records;
}

// ---------------------------------------------------------------------------

interface RunOutput {
  exit: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({
        exit: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
      });
    });
  });
}

/** A file name safe to put on disk; keeps the last path component. */
function diskName(name: string): string {
  const b = basename(name).replace(/[^A-Za-z0-9._@+-]/g, "_");
  return b === "" || b === "." || b === ".." ? "file.conf" : b;
}

export async function runOracle(
  version: number,
  files: { name: string; text: string }[],
  opts: OracleOptions = {},
): Promise<OracleResult> {
  const argv0 = oracleArgv(version, opts.oraclesFile);
  if (new Set(files.map((f) => f.name)).size !== files.length) throw new Error("runOracle: file names must be unique");
  const scratch = await realpath(await mkdtemp(join(tmpdir(), `tmpfiles-oracle-${version}-`)));
  const root = join(scratch, "root");
  // Defence in depth: the root handed to systemd-tmpfiles must be the fresh scratch dir.
  if (!root.startsWith(scratch + sep) || root === "/" || scratch.length < 5) {
    throw new Error(`refusing to use ${root} as --root`);
  }
  try {
    const names =
      opts.stubNames === false
        ? { users: new Set<string>(), groups: new Set<string>() }
        : namesUsed(files.map((f) => f.text));
    await writeStubRoot(root, [...names.users, ...(opts.users ?? [])], [...names.groups, ...(opts.groups ?? [])]);
    await writeCopySources(
      root,
      files.map((f) => f.text),
    );
    const credentials = join(scratch, "credentials");
    await writeCredentials(
      credentials,
      files.map((f) => f.text),
    );

    const pathToName = new Map<string, string>();
    const args: string[] = [];
    for (const [i, f] of files.entries()) {
      if (opts.tree) {
        // A configuration tree: the file goes where systemd looks for it below the root.
        const p = resolvePath(root, "." + (f.name.startsWith("/") ? f.name : "/" + f.name));
        if (!p.startsWith(root + sep)) throw new Error(`runOracle: ${f.name} leaves the root`);
        await mkdir(dirname(p), { recursive: true });
        await writeFile(p, f.text);
        pathToName.set(p, f.name);
        pathToName.set(p.slice(root.length), f.name);
        continue;
      }
      const dir = join(scratch, "in", String(i));
      await mkdir(dir, { recursive: true });
      const p = join(dir, diskName(f.name));
      await writeFile(p, f.text);
      pathToName.set(p, f.name);
      args.push(p);
    }

    const env: NodeJS.ProcessEnv = {
      PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: "/root",
      LC_ALL: "C",
      SYSTEMD_COLORS: "16",
      SYSTEMD_LOG_COLOR: "1",
      SYSTEMD_LOG_LEVEL: "info",
      SYSTEMD_LOG_TARGET: "console",
      SYSTEMD_LOG_LOCATION: "0",
      SYSTEMD_LOG_TIME: "0",
      SYSTEMD_LOG_TID: "0",
      SYSTEMD_PAGER: "cat",
      // Lines with "^" read a credential: each one named is provided, as on a machine that passes it.
      CREDENTIALS_DIRECTORY: credentials,
    };
    const action = opts.action ?? "clean";
    let fullArgv = [...argv0, `--root=${root}`, "--boot", `--${action}`, ...(opts.extraArgs ?? []), ...args];
    const nssIsolated = opts.isolateNss !== false && (await canIsolateNss());
    if (nssIsolated) {
      fullArgv = [...isolatedPrefix(join(root, "etc", "passwd"), join(root, "etc", "group")), ...fullArgv];
    }
    const r = await run(fullArgv, env, opts.timeoutMs ?? 15000);
    if (opts.inspect) await opts.inspect(root);
    if (nssIsolated && r.exit === 125 && r.stderr.includes(NS_FAILED)) {
      throw new Error(`could not set up the private mount namespace: ${r.stderr.trim()}`);
    }

    // Paths below the root read as in the file; other scratch paths get a placeholder.
    const tidy = (t: string): string => t.split(root).join("").split(scratch).join("<scratch>");
    const lines = new Map<string, Map<number, OracleMessage[]>>();
    for (const f of files) lines.set(f.name, new Map());
    const general: OracleMessage[] = [];
    // Longest paths first, so that one path being a prefix of another cannot confuse.
    const paths = [...pathToName.keys()].sort((a, b) => b.length - a.length);
    for (const rec of parseConsole(r.stderr + r.stdout)) {
      if (rec.level === null) continue;
      const level = rec.level;
      const sev = SEVERITY[level];
      const text = rec.unknownColour ? `[unknown colour ${rec.unknownColour}] ${rec.text}` : rec.text;
      let placed = false;
      for (const p of paths) {
        if (!rec.text.startsWith(p + ":")) continue;
        const m = /^:(\d+): ?([\s\S]*)$/.exec(rec.text.slice(p.length));
        if (!m) continue;
        const name = pathToName.get(p)!;
        const ln = Number(m[1]);
        const perFile = lines.get(name)!;
        const list = perFile.get(ln) ?? [];
        list.push({ severity: sev, level, text: tidy(rec.unknownColour ? text : m[2]!) });
        perFile.set(ln, list);
        placed = true;
        break;
      }
      const msg: OracleMessage = { severity: sev, level, text: tidy(text) };
      if (!placed && !attribute(files, lines, msg)) general.push(msg);
    }
    return {
      exit: r.timedOut ? -1 : r.exit,
      lines,
      general,
      raw: tidy(r.stderr + r.stdout),
      timedOut: r.timedOut,
      nssIsolated,
    };
  } finally {
    await removeScratch(scratch);
  }
}

// ---------------------------------------------------------------------------
// A private mount namespace in which the stub user database is the host's.

const NS_FAILED = "oracle: private mount namespace failed";

function isolatedPrefix(passwd: string, group: string): string[] {
  return [
    "unshare",
    "--mount",
    "--propagation",
    "private",
    "/bin/sh",
    "-c",
    `mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group || { echo "${NS_FAILED}" >&2; exit 125; }; shift 2; exec "$@"`,
    "sh",
    passwd,
    group,
  ];
}

let nsProbe: Promise<boolean> | undefined;
function canIsolateNss(): Promise<boolean> {
  nsProbe ??= (async () => {
    const d = await mkdtemp(join(tmpdir(), "tmpfiles-oracle-probe-"));
    try {
      await writeFile(join(d, "p"), "root:x:0:0::/root:/bin/sh\n");
      await writeFile(join(d, "g"), "root:x:0:\n");
      const r = await run(
        [...isolatedPrefix(join(d, "p"), join(d, "g")), "true"],
        { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
        10000,
      );
      return r.exit === 0;
    } catch {
      return false;
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  })();
  return nsProbe;
}

// ---------------------------------------------------------------------------
// Messages that the argument parsers log without PATH:LINE, and the line they
// belong to: the one of the right type whose argument (or path) they quote.

const UNLINED: {
  re: RegExp;
  types: string;
  key: "argument" | "argument-part" | "argument-rest" | "path";
  argumentHas?: RegExp;
}[] = [
  { re: /^Failed to parse ACL "([\s\S]*)"(?:, ignoring: |: )/, types: "aA", key: "argument" },
  { re: /^Failed to parse capabilities "([\s\S]*)", ignoring: /, types: "kK", key: "argument" },
  { re: /^Failed to parse extended attribute '([\s\S]*)', ignoring: /, types: "tT", key: "argument-rest" },
  { re: /^Failed to parse extended attribute, ignoring: ([\s\S]*)$/, types: "tT", key: "argument-part" },
  { re: /^Malformed extended attribute found, ignoring: ([\s\S]*)$/, types: "tT", key: "argument-part" },
  { re: /^Setting file attribute on '([\s\S]*)' needs an attribute specification\.$/, types: "hH", key: "path" },
  {
    re: /^Unknown file attribute '[\s\S]' on '([\s\S]*)'\.$/,
    types: "hH",
    key: "path",
    argumentHas: /^Unknown file attribute '([\s\S])'/,
  },
];

/**
 * What a specifier expands to in the oracle's runs: the values its stub root
 * provides (machine-id, os-release) and this host's (host name, kernel, boot
 * id). Returns undefined for a text with a specifier it cannot predict.
 */
export function expandLikeOracle(text: string): string | undefined {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "%" || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[++i]!;
    const v = oracleSpecifierValue(n);
    if (v === undefined) {
      if (/[A-Za-z0-9]/.test(n)) return undefined;
      out += "%" + n;
    } else out += v;
  }
  return out;
}

function oracleSpecifierValue(ch: string): string | undefined {
  const host = hostname();
  switch (ch) {
    case "%":
      return "%";
    case "m":
      return "0123456789abcdef0123456789abcdef";
    case "b": {
      try {
        return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim().replace(/-/g, "");
      } catch {
        return undefined;
      }
    }
    case "H":
      return host;
    case "q":
      return host; // no pretty host name is set, so the host name stands in
    case "l":
      return host.split(".")[0];
    case "a":
      return process.arch === "x64" ? "x86-64" : process.arch === "arm64" ? "arm64" : undefined;
    case "v":
      return osRelease();
    case "o":
      return "oracle";
    case "w":
      return "1";
    case "W":
      return "test";
    case "B":
      return "1";
    case "M":
      return "oracle-image";
    case "A":
      return "1";
    case "h":
      return "/root";
    case "t":
      return "/run";
    case "S":
      return "/var/lib";
    case "C":
      return "/var/cache";
    case "L":
      return "/var/log";
    case "T":
      return "/tmp";
    case "V":
      return "/var/tmp";
    case "u":
    case "g":
      return "root";
    case "U":
    case "G":
      return "0";
    default:
      return undefined;
  }
}

/** /var/run/X as /run/X, as systemd rewrites it. */
function varRunToRun(p: string): string {
  const m = /^\/+var\/+run\/+(.+)$/.exec(p);
  return m ? "/run/" + m[1] : p;
}

/** C escapes decoded (\xNN, octal, \n, …); anything else after a backslash stands for itself. */
function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{3}|u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e[0] === "x" && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === "u" && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", s: " " };
    return simple[e] ?? e;
  });
}

function simplifyPath(p: string): string {
  const s = p.replace(/\/+/g, "/").replace(/(\/\.)+(?=\/|$)/g, "");
  return s.length > 1 ? s.replace(/\/$/, "") : s;
}

function attribute(
  files: { name: string; text: string }[],
  lines: Map<string, Map<number, OracleMessage[]>>,
  msg: OracleMessage,
): boolean {
  for (const rule of UNLINED) {
    const m = rule.re.exec(msg.text);
    if (!m) continue;
    const value = m[1]!;
    const hits: [string, number][] = [];
    for (const f of files) {
      f.text.split("\n").forEach((raw, idx) => {
        const w = splitWords(raw, 2);
        if (w.length < 2 || !rule.types.includes(w[0]![0] ?? "")) return;
        const arg = argumentOf(raw);
        const ok =
          rule.key === "path"
            ? simplifyPath(varRunToRun(expandLikeOracle(unescapeC(w[1]!)) ?? w[1]!)) === value
            : rule.key === "argument"
              ? arg === value || splitWords(arg, 1)[0] === value
              : rule.key === "argument-rest"
                ? arg.endsWith(value)
                : splitWords(arg, 1000).includes(value) ||
                  unescapeC(arg)
                    .split(/[ \t\n\r]+/)
                    .includes(value);
        // Several lines may share the path: the one whose argument holds what the message names.
        const must = rule.argumentHas?.exec(msg.text)?.[1];
        if (ok && (must === undefined || arg.includes(must))) hits.push([f.name, idx + 1]);
      });
    }
    if (hits.length === 0) return false;
    for (const [name, ln] of hits) {
      const perFile = lines.get(name)!;
      perFile.set(ln, [...(perFile.get(ln) ?? []), { ...msg, attributed: true }]);
    }
    return true;
  }
  return false;
}

async function removeScratch(scratch: string): Promise<void> {
  try {
    await rm(scratch, { recursive: true, force: true });
  } catch {
    // --create may have set the immutable or append-only attribute ('h' lines): clear it, retry.
    await run(["chattr", "-R", "-f", "-i", "-a", scratch], { PATH: "/usr/bin:/bin" }, 30000).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The strongest severity of a line: error > warning > none (info counts as none). */
export function strongest(messages: OracleMessage[] | undefined): "error" | "warning" | "none" {
  if (!messages) return "none";
  if (messages.some((m) => m.severity === "error")) return "error";
  if (messages.some((m) => m.severity === "warning")) return "warning";
  return "none";
}
