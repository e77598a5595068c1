/**
 * The verdict a preview opens with: the manifest's errors, each on a comment
 * line with its line number, then what generating did with the entries that
 * make no line (which entry of a conflict was used and which dropped, which
 * entries cannot be laid out). Every line is a tmpfiles.d comment whose
 * text is escaped with `commentText`, so no target or message can end it.
 */
import type { CoreDiagnostic, RelatedLocation, Severity } from "../diagnostic.js";
import { LineIndex } from "../text.js";
import { checkManifest } from "./checks/index.js";
import { describeEntry } from "./checks/conflicts.js";
import { entryFates, madeKind, type EntryFate } from "./fates.js";
import type { GenerateOptions } from "./generate.js";
import { targetNode, type Manifest, type ManifestEntry } from "./model.js";
import { commentText } from "./quote.js";

/** A problem a verdict line is about, to show on that line: where in the manifest, and the entries involved. */
interface VerdictProblem {
  severity: Severity;
  /** The manifest check's code; fate lines have none. */
  code?: string;
  message: string;
  offset: number;
  length: number;
  related: RelatedLocation[];
}

export interface VerdictLine {
  /** The comment line, `# …`, without its line break. */
  text: string;
  problem?: VerdictProblem;
}

export interface VerdictOptions extends GenerateOptions {
  /** The manifest as the reader knows it (a file name), for the first line. */
  name: string;
  /** The manifest's diagnostics when already computed (`checkManifest`). */
  diagnostics?: readonly CoreDiagnostic[];
}

/**
 * The verdict of a manifest, empty when it has no error and every entry that
 * is enabled makes its line.
 */
export function manifestVerdict(m: Manifest, opts: VerdictOptions): VerdictLine[] {
  const diagnostics =
    opts.diagnostics ??
    checkManifest(m, {
      ...(m.fileName !== undefined ? { fileName: m.fileName } : {}),
      ...(opts.staticDir !== undefined ? { staticDir: opts.staticDir } : {}),
    });
  const errors = diagnostics.filter((d) => d.severity === "error");
  const fates = entryFates(m, opts).filter((f) => f.kind !== "used" && f.kind !== "disabled");
  if (errors.length === 0 && fates.length === 0) return [];
  const index = new LineIndex(m.text);
  const lineOf = (offset: number): number => index.position(offset).line + 1;
  const out: VerdictLine[] = [];
  const comment = (text: string): string => `# ${commentText(text)}`;
  if (errors.length)
    out.push({
      text: comment(
        `${opts.name} has ${errors.length} error${errors.length === 1 ? "" : "s"} (tmpfiles-lsp generate and plan exit 1 on it):`,
      ),
    });
  for (const d of errors) {
    out.push({
      text: comment(`line ${lineOf(d.offset)}: error: ${d.message} [${d.code}]`),
      problem: {
        severity: "error",
        code: d.code,
        message: d.message,
        offset: d.offset,
        length: d.length,
        related: d.related ?? [],
      },
    });
  }
  if (fates.length) {
    out.push({
      text: comment(
        errors.length
          ? "So the lines below leave out:"
          : `Not every entry of ${opts.name} makes a line; the lines below leave out:`,
      ),
    });
    const hasError = entriesWithErrors(m, errors);
    for (const f of fates) {
      const message = fateMessage(f, lineOf);
      const n = targetNode(f.entry);
      const related: RelatedLocation[] =
        "by" in f ? [{ ...span(f.by), message: `${describeEntry(f.by)} is used` }] : [];
      out.push({
        text: comment(`line ${lineOf(n.offset)}: ${message}`),
        problem: {
          severity: hasError.has(f.entry) ? "warning" : "information",
          message,
          offset: n.offset,
          length: n.length,
          related,
        },
      });
    }
  }
  return out;
}

function span(e: ManifestEntry): { offset: number; length: number } {
  const n = targetNode(e);
  return { offset: n.offset, length: n.length };
}

function shownTarget(e: ManifestEntry): string {
  return e.normTarget !== undefined ? ` (/etc/${e.normTarget})` : "";
}

function fateMessage(f: EntryFate, lineOf: (offset: number) => number): string {
  const what = `${describeEntry(f.entry)}${shownTarget(f.entry)}`;
  switch (f.kind) {
    case "same-target":
      return `${what} is dropped: ${describeEntry(f.by)} (line ${lineOf(span(f.by).offset)}) is used instead.`;
    case "inside":
      return `${what} is dropped: it lies inside /etc/${f.inside}, ${madeKind(f.by)} made by ${describeEntry(f.by)} (line ${lineOf(span(f.by).offset)}).`;
    default:
      return `${what} makes no line.`;
  }
}

/** The entries that an error lies in (entries are in offset order, so each error is found by bisection). */
function entriesWithErrors(m: Manifest, errors: readonly CoreDiagnostic[]): Set<ManifestEntry> {
  const out = new Set<ManifestEntry>();
  const es = m.entries;
  for (const d of errors) {
    let lo = 0;
    let hi = es.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (es[mid]!.container.offset <= d.offset) lo = mid + 1;
      else hi = mid;
    }
    const e = es[lo - 1];
    if (e && d.offset < e.container.offset + e.container.length) out.add(e);
  }
  return out;
}

/** The verdict as text: its lines, then an empty line to set it apart; nothing when it is empty. */
export function verdictText(lines: readonly VerdictLine[]): string {
  return lines.length ? lines.map((l) => l.text + "\n").join("") + "\n" : "";
}
