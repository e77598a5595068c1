/**
 * Links from the lines systemd-tmpfiles prints back to the lines of the
 * file that was run: pure functions over text, used by the terminal link
 * provider and tested on their own.
 *
 * systemd-tmpfiles reads the file from stdin, so its messages name it
 * `<stdin>:LINE:`; a message about one path (`Would create directory
 * /etc/ssh`, `Would copy tree "/nix/store/…" to "/etc/sudoers"`, or the
 * scratch-root listing `Would create /etc/hosts`) is linked to the line of
 * the file that names that path.
 */

/** A span of an output line (UTF-16 offsets) and the 1-based line of the source it links to. */
export interface OutputLink {
  start: number;
  length: number;
  /** 1-based line of the file that was run. */
  line: number;
}

const LOCATION = /^(<stdin>|[^\s:][^:]*?):(\d+):/;

/** Strips the terminal colour sequences systemd may print. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** The absolute paths named by a message: quoted ("/…") or bare words starting with "/". */
export function pathsIn(line: string): { path: string; start: number; length: number }[] {
  const out: { path: string; start: number; length: number }[] = [];
  const re = /"(\/[^"]*)"|'(\/[^']*)'|(?<![\w/.-])(\/[^\s"':,]*[^\s"':,.])/g;
  for (const m of line.matchAll(re)) {
    const path = m[1] ?? m[2] ?? m[3]!;
    const quoted = m[1] !== undefined || m[2] !== undefined;
    out.push({ path, start: m.index + (quoted ? 1 : 0), length: path.length });
  }
  return out;
}

/** Splits the first two fields of a tmpfiles.d line, honouring quotes and backslash escapes as systemd does for paths. */
function typeAndPath(line: string): { type: string; path: string } | undefined {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  while (fields.length < 2 && i < n) {
    while (i < n && (line[i] === " " || line[i] === "\t")) i++;
    if (i >= n) break;
    let word = "";
    let quote: string | undefined;
    for (; i < n; i++) {
      const ch = line[i]!;
      if (quote) {
        if (ch === quote) quote = undefined;
        else if (ch === "\\" && i + 1 < n) word += line[++i];
        else word += ch;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === " " || ch === "\t") break;
      else if (ch === "\\" && i + 1 < n) word += line[++i];
      else word += ch;
    }
    fields.push(word);
  }
  if (fields.length < 2) return undefined;
  return { type: fields[0]!, path: fields[1]! };
}

/** Normalises a path the way a message prints it: no trailing or doubled slashes. */
function normalPath(p: string): string {
  return p.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
}

/** 1-based line of the first source line whose path field is `path` (the one systemd keeps when several name it). */
export function lineOfPath(source: string, path: string): number | undefined {
  const want = normalPath(path);
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.replace(/\r$/, "");
    if (/^\s*(#|$)/.test(l)) continue;
    const f = typeAndPath(l);
    if (f && normalPath(f.path) === want) return i + 1;
  }
  return undefined;
}

/** The paths that the lines of `source` name (their path fields), normalised as messages print them. */
export function pathsNamed(source: string): Set<string> {
  const out = new Set<string>();
  for (const raw of source.split("\n")) {
    const l = raw.replace(/\r$/, "");
    if (/^\s*(#|$)/.test(l)) continue;
    const f = typeAndPath(l);
    if (f) out.add(normalPath(f.path));
  }
  return out;
}

/**
 * The links of one output line: `<stdin>:N:` (or `FILE:N:`) to line N, and
 * each path the message names to the source line that names it. Paths that
 * no source line names are not linked.
 */
export function outputLinks(rawLine: string, source: string): OutputLink[] {
  const line = stripAnsi(rawLine);
  const links: OutputLink[] = [];
  const loc = LOCATION.exec(line);
  if (loc) {
    const n = Number(loc[2]);
    if (n >= 1) links.push({ start: 0, length: loc[0].length - 1, line: n });
    return links;
  }
  for (const p of pathsIn(line)) {
    const n = lineOfPath(source, p.path);
    if (n !== undefined) links.push({ start: p.start, length: p.length, line: n });
  }
  return links;
}

/** What an exit status of systemd-tmpfiles means (tmpfiles.d(8), EXIT STATUS). */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `stopped by ${signal}`;
  switch (code) {
    case 0:
      return "exit status 0: every line was accepted";
    case 65:
      return "exit status 65: some lines are invalid";
    case 73:
      return "exit status 73: something could not be created";
    case 69:
      return "exit status 69: nothing ran: before 256 a dry-run needs a private, read-only view of the host, and the host refused it";
    case 127:
      return "exit status 127: a program was not found";
    case 255:
      return "exit status 255: ssh could not connect or log in";
    default:
      return `exit status ${code ?? "unknown"}`;
  }
}
