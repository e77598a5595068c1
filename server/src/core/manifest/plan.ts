/**
 * From one generation of /etc to the next (docs/contracts.md §2): three tmpfiles.d
 * snippets run in order, and the list of what happens to each path.
 *
 * 1. `replace`, run before anything is created: `r` for every path whose
 *    NEW line is a `C` (which never overwrites) or a `d` (which fails on a
 *    file or link) and whose OLD line differs; and, where a directory of OLD
 *    becomes a link or a file, `r` for everything OLD held inside it, deepest
 *    first, while the directory is still a directory (removing it later would
 *    follow the new link).
 * 2. `create`: what `generate` gives for NEW (`L+` replaces links, files and
 *    directories in place).
 * 3. `remove`: `r` for every other path only OLD held, deepest first, so a
 *    directory is emptied before its own `r` (which removes only an empty one).
 */
import { stripComments } from "jsonc-parser";
import type { CoreDiagnostic } from "../diagnostic.js";
import {
  etcPath,
  etcPathField,
  formatItem,
  generateItems,
  plainJsonItems,
  type EtcItem,
  type GenerateOptions,
} from "./generate.js";
import { readGenerated } from "./generated-read.js";
import type { Manifest } from "./model.js";
import { compareTreeOrder, depth } from "./paths.js";
import { commentText, globEscape } from "./quote.js";
import { readManifest } from "./read.js";

/** A manifest (text or read), a generated snippet (text), or items. */
export type PlanInput = string | Manifest | { items: readonly EtcItem[] };

export interface PlanOptions extends GenerateOptions {
  /** Names of the inputs, to tell a manifest (`*.json`) from a snippet when the text alone does not. */
  oldFileName?: string | undefined;
  newFileName?: string | undefined;
}

type ChangeAction = "add" | "replace" | "remove" | "keep";

interface PlanChange {
  /** Absolute path under /etc. */
  path: string;
  action: ChangeAction;
  /** The OLD line for the path, or null. */
  old: string | null;
  /** The NEW line for the path, or null. */
  new: string | null;
}

export interface Plan {
  replace: string[];
  create: string[];
  remove: string[];
  changes: PlanChange[];
}

/** An input that cannot be read well enough to plan from; `problems` say where. */
export class PlanInputError extends Error {
  constructor(
    readonly which: "old" | "new",
    readonly problems: CoreDiagnostic[],
  ) {
    super(`${which === "old" ? "OLD" : "NEW"} cannot be read: ${problems[0]?.message ?? "unknown problem"}`);
  }
}

/** Whether a text is a manifest (JSON list or object) rather than a tmpfiles.d snippet. */
export function looksLikeManifest(text: string, fileName?: string): boolean {
  if (fileName?.endsWith(".json")) return true;
  if (fileName && /\.(conf|tmpfiles)$/.test(fileName)) return false;
  const first = stripComments(text).trimStart()[0];
  return first === "[" || first === "{";
}

const FATAL = new Set(["json-syntax", "manifest-shape"]);

/**
 * The items an input stands for, in tree order with one item per path;
 * throws PlanInputError when it cannot be read. Manifests come out of
 * `generateItems` that way. A snippet is taken as systemd-tmpfiles takes it:
 * of two lines for one path, the first one counts.
 */
function planItems(input: PlanInput, which: "old" | "new", opts: PlanOptions = {}): EtcItem[] {
  if (typeof input === "object" && "items" in input) return inTreeOrder(input.items);
  const fileName = which === "old" ? opts.oldFileName : opts.newFileName;
  if (typeof input === "string" && !looksLikeManifest(input, fileName)) {
    const g = readGenerated(input);
    if (g.problems.length) throw new PlanInputError(which, g.problems);
    return inTreeOrder(g.items);
  }
  if (typeof input === "string") {
    // Plain JSON is read without positions; anything else (and every problem) by readManifest.
    const plain = plainJsonItems(input, opts);
    if (plain) return plain.items;
  }
  const m = typeof input === "string" ? readManifest(input, fileName) : input;
  const fatal = m.diagnostics.filter((d) => FATAL.has(d.code));
  if (fatal.length) throw new PlanInputError(which, fatal);
  return generateItems(m, opts);
}

/** Items sorted by path in tree order, the first of each path kept (a copy unless they already are). */
function inTreeOrder(items: readonly EtcItem[]): EtcItem[] {
  let ordered = true;
  for (let i = 1; i < items.length && ordered; i++) ordered = compareTreeOrder(items[i - 1]!.path, items[i]!.path) < 0;
  if (ordered) return [...items];
  const sorted = [...items].sort((a, b) => compareTreeOrder(a.path, b.path));
  return sorted.filter((item, i) => i === 0 || sorted[i - 1]!.path !== item.path);
}

function sameItem(a: EtcItem, b: EtcItem): boolean {
  return (
    a.type === b.type &&
    a.path === b.path &&
    a.mode === b.mode &&
    a.user === b.user &&
    a.group === b.group &&
    a.argument === b.argument
  );
}

function removeLine(path: string): string {
  return `r ${etcPathField(globEscape(path))} - - - -`;
}

/** Paths bucketed by depth, each bucket in the order given: read back deepest first. */
class DeepestFirst {
  private readonly byDepth: string[][] = [];
  add(path: string): void {
    const d = depth(path);
    (this.byDepth[d] ??= []).push(path);
  }
  lines(): string[] {
    const out: string[] = [];
    for (let d = this.byDepth.length - 1; d >= 0; d--) for (const p of this.byDepth[d] ?? []) out.push(removeLine(p));
    return out;
  }
}

/**
 * `plan` of docs/contracts.md §2. OLD and NEW are walked side by side in tree order,
 * so every path is met once, and everything inside a directory comes right
 * after it: a directory that becomes a link or a file is emptied by taking
 * the OLD paths that follow it while they lie inside it. Paths met in tree
 * order and kept in one list per depth read back deepest first without a
 * sort.
 */
export function plan(oldInput: PlanInput, newInput: PlanInput, opts: PlanOptions = {}): Plan {
  const oldItems = planItems(oldInput, "old", opts);
  const newItems = planItems(newInput, "new", opts);
  const create = newItems.map(formatItem);
  const replace = new DeepestFirst();
  const remove = new DeepestFirst();
  const changes: PlanChange[] = [];
  /** Set while inside an OLD directory that NEW turns into a link or a file: what OLD alone holds there goes first. */
  let emptying: string | undefined;
  let i = 0;
  let j = 0;
  while (i < oldItems.length || j < newItems.length) {
    const o = oldItems[i];
    const n = newItems[j];
    const order = o === undefined ? 1 : n === undefined ? -1 : compareTreeOrder(o.path, n.path);
    const path = order < 0 ? o!.path : n!.path;
    if (emptying !== undefined && !path.startsWith(emptying)) emptying = undefined;
    if (order < 0) {
      // Only OLD has it.
      i++;
      if (emptying !== undefined) replace.add(path);
      else remove.add(path);
      changes.push({ path: etcPath(path), action: "remove", old: formatItem(o!), new: null });
      continue;
    }
    j++;
    const line = create[j - 1]!;
    if (order > 0) {
      changes.push({ path: etcPath(path), action: "add", old: null, new: line });
      continue;
    }
    i++;
    if (sameItem(o!, n!)) {
      changes.push({ path: etcPath(path), action: "keep", old: line, new: line });
      continue;
    }
    changes.push({ path: etcPath(path), action: "replace", old: formatItem(o!), new: line });
    if (o!.type === "d" && n!.type !== "d" && emptying === undefined) emptying = path + "/";
    if (n!.type === "C" || (n!.type === "d" && o!.type !== "d")) replace.add(path);
  }
  return { replace: replace.lines(), create, remove: remove.lines(), changes };
}

/** The JSON document of `plan --format json`. */
export function planToJson(p: Plan): { version: 1 } & Plan {
  return { version: 1, replace: p.replace, create: p.create, remove: p.remove, changes: p.changes };
}

const actionMark: Record<ChangeAction, string> = { add: "+", replace: "~", remove: "-", keep: "=" };

/**
 * The text form of a plan: the three snippets under comment headers (so the
 * whole output is itself a tmpfiles.d file), then a summary of the changes,
 * unchanged paths left out.
 */
export function formatPlanText(p: Plan): string {
  const section = (title: string, lines: string[]): string => `# ${title}\n${lines.map((l) => l + "\n").join("")}`;
  const counts = { add: 0, replace: 0, remove: 0, keep: 0 };
  for (const c of p.changes) counts[c.action]++;
  const summary = p.changes
    .filter((c) => c.action !== "keep")
    .map((c) => `# ${actionMark[c.action]} ${commentText(c.path)}\n`)
    .join("");
  return [
    section("1. replace: run first, with systemd-tmpfiles --remove", p.replace),
    section("2. create: run with systemd-tmpfiles --create", p.create),
    section("3. remove: run last, with systemd-tmpfiles --remove", p.remove),
    `# changes: ${counts.add} added, ${counts.replace} replaced, ${counts.remove} removed, ${counts.keep} kept\n${summary}`,
  ].join("\n");
}
