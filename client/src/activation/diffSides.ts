/**
 * "Preview Activation as Diff": the two sides of VS Code's diff editor,
 * from the server's plan. Pure (no `vscode`): the previous generation's
 * snippet and the new one, each as `tmpfiles-lsp generate` would print it
 * (one line per path, in tree order), so the diff pairs the lines of one
 * path, and the names of the two virtual documents.
 */
import type { PlanPreviewResult } from "../../../server/src/protocol";

export interface DiffSides {
  /** The previous generation's snippet: the OLD line of every path it held. */
  previous: string;
  /** The new generation's snippet: what `create` runs (the NEW line of every path). */
  next: string;
}

const joined = (lines: readonly string[]): string => lines.map((l) => l + "\n").join("");

/** The snippets of the previous and the new generation, from a plan (its changes are in tree order, one per path). */
export function diffSides(result: Pick<PlanPreviewResult, "plan">): DiffSides {
  const previous: string[] = [];
  const next: string[] = [];
  for (const c of result.plan.changes) {
    if (c.old !== null) previous.push(c.old);
    if (c.new !== null) next.push(c.new);
  }
  return { previous: joined(previous), next: joined(next) };
}

/**
 * The paths of the two virtual documents of a manifest's diff: the same
 * each time, so one diff tab is reused per manifest; readable in the tab's
 * tooltip and the breadcrumbs; ending in `.tmpfiles`, the language.
 */
export function diffPaths(manifestName: string): { previous: string; next: string } {
  const name = manifestName.replace(/\//g, "_") || "manifest";
  return {
    previous: `/activation/${name}/previous generation.tmpfiles`,
    next: `/activation/${name}/new generation.tmpfiles`,
  };
}

/** The diff editor's title: previous on the left, new on the right, as VS Code writes diff titles. */
export function diffTitle(newName: string, oldName: string): string {
  return `${oldName} ↔ ${newName} (activation)`;
}
