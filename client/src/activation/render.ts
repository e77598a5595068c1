/**
 * The activation plan as a readable tmpfiles.d document: a header with the
 * counts and the warnings, then the changes grouped as added, replaced,
 * removed and kept, each row the line that makes it (the old line above it
 * as a comment where there was one). Pure: the provider shows the text and
 * turns `links` into document links and Go to Definition.
 */
import { commentText, globEscape, quotePath } from "../../../server/src/core/manifest/quote";
import type {
  ChangeAction,
  EntryRef,
  LinkedChange,
  PlanPreviewResult,
  PreviewProblem,
} from "../../../server/src/protocol";

interface RenderedLink {
  /** 0-based line of the rendered text, and the span (UTF-16) of the path on it. */
  line: number;
  start: number;
  length: number;
  /** Which generation the entry is in. */
  side: "new" | "old";
  entry: EntryRef;
}

/** A manifest's problem on a line of the rendered text (`problem.line` is that line). */
interface RenderedProblem {
  side: "new" | "old";
  problem: PreviewProblem;
}

export interface RenderedPlan {
  text: string;
  links: RenderedLink[];
  problems: RenderedProblem[];
}

export interface PlanLabels {
  /** The new generation (the manifest or snippet the command ran on). */
  newName: string;
  /** The previous generation, in words ("previous.etc.json", "etc-manifest.json at git HEAD", "/etc on host"). */
  oldName: string;
}

export interface PlanWarning {
  path: string;
  message: string;
}

const SECTIONS: { action: ChangeAction; title: string }[] = [
  { action: "add", title: "added" },
  {
    action: "replace",
    title: "replaced (the old line above the new; a C copy is removed first, as C never overwrites)",
  },
  { action: "remove", title: "removed (deepest first; r removes a directory only when it is empty)" },
  { action: "keep", title: "kept" },
];

/** Span of the path field (the second field) of a tmpfiles.d line. */
export function pathSpan(line: string): { start: number; length: number } | undefined {
  const m = /^(\s*(?:#\s*was:\s*)?\S+\s+)/.exec(line);
  if (!m) return undefined;
  const start = m[1]!.length;
  const rest = line.slice(start);
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const q = rest[0]!;
    for (let i = 1; i < rest.length; i++) {
      if (rest[i] === "\\") i++;
      else if (rest[i] === q) return { start, length: i + 1 };
    }
    return { start, length: rest.length };
  }
  const end = rest.search(/\s/);
  return { start, length: end < 0 ? rest.length : end };
}

/** The `r` line that removes a path (as the plan writes it). */
export function removeLine(path: string): string {
  return `r ${quotePath(globEscape(path))} - - - -`;
}

export function renderPlan(
  result: PlanPreviewResult,
  labels: PlanLabels,
  warnings: readonly PlanWarning[] = [],
): RenderedPlan {
  const lines: string[] = [];
  const links: RenderedLink[] = [];
  const c = result.counts;
  const row = (text: string, side: "new" | "old" | undefined, entries: readonly EntryRef[]): void => {
    const span = pathSpan(text);
    if (side && span && entries[0]) links.push({ line: lines.length, ...span, side, entry: entries[0] });
    lines.push(text);
  };
  // The manifests' verdicts open the preview: their errors, and the entries the plan leaves out.
  const problems: RenderedProblem[] = [];
  for (const v of result.verdicts) {
    const first = lines.length;
    lines.push(...v.lines.map(asComment));
    for (const p of v.problems) problems.push({ side: v.side, problem: { ...p, line: first + p.line } });
    lines.push("");
  }
  lines.push(`# Activation of ${commentText(labels.newName)}`);
  lines.push(`# Previous generation: ${commentText(labels.oldName)}`);
  lines.push(`# ${c.add} added, ${c.replace} replaced, ${c.remove} removed, ${c.keep} kept`);
  lines.push("# Go to Definition (F12) or Ctrl+click on a path opens the entry it comes from.");
  if (warnings.length) {
    lines.push("#");
    lines.push(`# ${warnings.length} warning${warnings.length === 1 ? "" : "s"}: data that would be lost`);
    const byPath = new Map(result.plan.changes.map((ch) => [ch.path, ch]));
    for (const w of warnings) {
      const ch = byPath.get(w.path);
      const shown = commentText(w.path);
      const text = `# WARNING ${shown}: ${commentText(w.message)}`;
      if (ch?.newEntries[0])
        links.push({
          line: lines.length,
          start: "# WARNING ".length,
          length: shown.length,
          side: "new",
          entry: ch.newEntries[0],
        });
      lines.push(text);
    }
  }
  for (const s of SECTIONS) {
    const changes = result.plan.changes.filter((ch) => ch.action === s.action);
    if (changes.length === 0) continue;
    lines.push("");
    lines.push(`# ${s.title}: ${changes.length}`);
    for (const ch of changes) renderChange(ch, row);
  }
  return { text: lines.join("\n") + "\n", links, problems };
}

/** A verdict line as it is when it is one comment line already, else made one. */
function asComment(line: string): string {
  return line.startsWith("#") && !/[\r\n\u0085\u2028\u2029]/.test(line) ? line : `# ${commentText(line)}`;
}

function renderChange(
  ch: LinkedChange,
  row: (text: string, side: "new" | "old" | undefined, entries: readonly EntryRef[]) => void,
): void {
  switch (ch.action) {
    case "add":
    case "keep":
      row(ch.new ?? "", "new", ch.newEntries.length ? ch.newEntries : ch.oldEntries);
      return;
    case "replace":
      row(`#   was: ${ch.old ?? ""}`, "old", ch.oldEntries);
      row(ch.new ?? "", "new", ch.newEntries);
      return;
    case "remove":
      row(`#   was: ${ch.old ?? ""}`, "old", ch.oldEntries);
      row(removeLine(ch.path), "old", ch.oldEntries);
      return;
  }
}
