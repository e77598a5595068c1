/**
 * What a dry-run did, in words: pure functions over the exit status and
 * what systemd-tmpfiles printed, used by the terminal and tested on their
 * own.
 *
 * - `dry-run` (systemd 256 and later): `--dry-run` applies nothing, so the
 *   summary never says lines "were applied"; it names the lines systemd
 *   rejected (its `<stdin>:N:` messages) and says that nothing changed.
 * - `isolated` (before 256): the lines ran in a scratch root that starts
 *   empty and is gone when the run ends; its listing holds directories that
 *   exist there only as parents of the paths the file names (`/var`,
 *   `/var/lib` for `d /var/lib/x`), which `impliedParents` picks out.
 */
import type { Finished } from "./process";
import { describeExit, pathsNamed, stripAnsi } from "./outputLinks";

/** How the dry-run ran: systemd's own `--dry-run`, or the isolated scratch root before 256. */
export type RunKind = "dry-run" | "isolated";

const MESSAGE = /^<stdin>:(\d+):(.*)$/;

/**
 * Messages about a line that systemd keeps: a field or a duplicate dropped
 * (", ignoring."), or a /var/run path rewritten to /run (a notice). Warnings,
 * not rejections.
 */
const KEPT = [/, ignoring\.\s*$/, /^\s*Line references path below legacy directory \/var\/run\//];

/**
 * The lines systemd-tmpfiles rejected, ascending: each N of a `<stdin>:N:`
 * message, once, except the messages of KEPT (systemd kept the line, or the
 * file without a field or a duplicate: a warning, not a rejection).
 */
export function rejectedLines(output: string): number[] {
  const lines = new Set<number>();
  for (const raw of output.split("\n")) {
    const m = MESSAGE.exec(stripAnsi(raw).replace(/\r$/, ""));
    if (!m) continue;
    const n = Number(m[1]);
    if (n >= 1 && !KEPT.some((k) => k.test(m[2]!))) lines.add(n);
  }
  return [...lines].sort((a, b) => a - b);
}

function rejected(output: string): string {
  const lines = rejectedLines(output);
  if (lines.length === 0) return "systemd-tmpfiles rejected some lines";
  return `systemd-tmpfiles rejected ${lines.length} ${lines.length === 1 ? "line" : "lines"} (${lines.join(", ")})`;
}

/** The last line of a dry-run: what the exit status means, which lines were rejected, and that nothing changed. */
export function describeRun(exit: Pick<Finished, "code" | "signal">, kind: RunKind, output: string): string {
  const { code, signal } = exit;
  if (kind === "isolated" && code === 69 && !signal) return describeExit(code, signal);
  const what = !signal && code === 65 ? `exit status 65: ${rejected(output)}` : describeExit(code, signal);
  if (kind === "dry-run") return `${what}; this was a dry-run: nothing was changed`;
  // Only systemd-tmpfiles' own statuses say it ran; 127, 255 or a signal may have ended the run before it started.
  if (signal || (code !== 0 && code !== 1 && code !== 65 && code !== 73))
    return `${what}; nothing on the host was changed`;
  const ran = code === 65 ? "the others ran" : "it ran";
  return `${what}; ${ran} in the scratch root, which is gone: nothing on the host was changed`;
}

/**
 * The paths of a scratch-root listing that exist only because the root
 * starts empty: directories that are parents of another listed path and
 * that no line of `source` names. On the host most of them exist already.
 */
export function impliedParents(listed: readonly string[], source: string): string[] {
  const parents = new Set<string>();
  for (const q of listed) {
    for (let i = q.lastIndexOf("/"); i > 0; i = q.lastIndexOf("/", i - 1)) parents.add(q.slice(0, i));
  }
  const named = pathsNamed(source);
  return [...new Set(listed)].filter((p) => parents.has(p) && !named.has(p)).sort();
}

/** A `C` line of the snippet that ran, and the path it copies from. */
export interface CopyLine {
  /** 1-based line of the snippet. */
  line: number;
  /** The path the line creates. */
  path: string;
  source: string;
}

/** The warning for a `C` line whose source the target lacks; `where` as describeTarget says it. */
export function missingSourceWarning(copy: CopyLine, where: string): string {
  return `Warning: line ${copy.line} (C ${copy.path}) copies ${copy.source}, which does not exist ${where}: systemd-tmpfiles skips such a line without a word, so ${copy.path} would not be created.`;
}

/** Before 256 no copy source is inside the scratch root: systemd-tmpfiles skipped every `C` line there. */
export function scratchCopiesNote(copies: number, where: string): string {
  return `The scratch root holds none of the copy sources, so systemd-tmpfiles skipped the ${copies} C ${copies === 1 ? "line" : "lines"} there without a word; the check below looks for the sources ${where}.`;
}

/** The heading before the manifest's errors, and one line per error. */
export function manifestErrorLines(name: string, errors: readonly { line: number; message: string }[]): string[] {
  if (errors.length === 0) return [];
  const n = errors.length;
  return [
    `Warning: ${name} has ${n} ${n === 1 ? "error" : "errors"} that this dry-run cannot show (the snippet that ran leaves out the entries they make invalid, or keeps one of entries that conflict):`,
    ...errors.map((e) => `  ${name} line ${e.line}: ${e.message}`),
  ];
}
