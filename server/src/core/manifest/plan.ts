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
  paths(): string[] {
    const out: string[] = [];
    for (let d = this.byDepth.length - 1; d >= 0; d--) for (const p of this.byDepth[d] ?? []) out.push(p);
    return out;
  }
}

/**
 * A plan as it is first found: what becomes of each path, and the paths of
 * the two `r` steps, without any line. The lines are made when the plan is
 * printed (`writePlanText`) or asked for (`planOf`), so printing a plan of
 * 100,000 paths never holds every line and change at once.
 */
export interface PlanWalk {
  readonly oldItems: readonly EtcItem[];
  readonly newItems: readonly EtcItem[];
  /**
   * What happens to each path, in tree order: a `remove` is of the next OLD
   * item, an `add` of the next NEW one, a `keep` or `replace` of one of each.
   */
  readonly actions: readonly ChangeAction[];
  /** The paths of step 1 and of step 3, deepest first. */
  readonly replace: readonly string[];
  readonly remove: readonly string[];
}

/**
 * `plan` of docs/contracts.md §2, as a walk. OLD and NEW are walked side by side in tree order,
 * so every path is met once, and everything inside a directory comes right
 * after it: a directory that becomes a link or a file is emptied by taking
 * the OLD paths that follow it while they lie inside it. Paths met in tree
 * order and kept in one list per depth read back deepest first without a
 * sort.
 */
export function planWalk(oldInput: PlanInput, newInput: PlanInput, opts: PlanOptions = {}): PlanWalk {
  const oldItems = planItems(oldInput, "old", opts);
  const newItems = planItems(newInput, "new", opts);
  const replace = new DeepestFirst();
  const remove = new DeepestFirst();
  const actions: ChangeAction[] = [];
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
      actions.push("remove");
      continue;
    }
    j++;
    if (order > 0) {
      actions.push("add");
      continue;
    }
    i++;
    if (sameItem(o!, n!)) {
      actions.push("keep");
      continue;
    }
    actions.push("replace");
    if (o!.type === "d" && n!.type !== "d" && emptying === undefined) emptying = path + "/";
    if (n!.type === "C" || (n!.type === "d" && o!.type !== "d")) replace.add(path);
  }
  return { oldItems, newItems, actions, replace: replace.paths(), remove: remove.paths() };
}

/** Calls `each` for every path of a walk, in tree order, with its OLD and NEW item (undefined where it has none). */
function forEachChange(
  w: PlanWalk,
  each: (action: ChangeAction, o: EtcItem | undefined, n: EtcItem | undefined) => void,
): void {
  let i = 0;
  let j = 0;
  for (const action of w.actions) {
    const o = action === "add" ? undefined : w.oldItems[i++];
    const n = action === "remove" ? undefined : w.newItems[j++];
    each(action, o, n);
  }
}

/** Every line and change of a walk. */
export function planOf(w: PlanWalk): Plan {
  const create = w.newItems.map(formatItem);
  const changes: PlanChange[] = [];
  let j = 0;
  forEachChange(w, (action, o, n) => {
    const line = n === undefined ? null : create[j++]!;
    const old = o === undefined ? null : action === "keep" ? line : formatItem(o);
    changes.push({ path: etcPath((o ?? n)!.path), action, old, new: line });
  });
  return { replace: w.replace.map(removeLine), create, remove: w.remove.map(removeLine), changes };
}

/** `plan` of docs/contracts.md §2: its three snippets' lines and what happens to each path. */
export function plan(oldInput: PlanInput, newInput: PlanInput, opts: PlanOptions = {}): Plan {
  return planOf(planWalk(oldInput, newInput, opts));
}

/** The JSON document of `plan --format json`. */
export function planToJson(p: Plan): { version: 1 } & Plan {
  return { version: 1, replace: p.replace, create: p.create, remove: p.remove, changes: p.changes };
}

const actionMark: Record<ChangeAction, string> = { add: "+", replace: "~", remove: "-", keep: "=" };

/**
 * The text form of a plan, one line at a time (each without its newline):
 * the three snippets under comment headers (so the whole output is itself a
 * tmpfiles.d file), then a summary of the changes, unchanged paths left out.
 */
export function writePlanText(w: PlanWalk, line: (text: string) => void): void {
  line("# 1. replace: run first, with systemd-tmpfiles --remove");
  for (const p of w.replace) line(removeLine(p));
  line("");
  line("# 2. create: run with systemd-tmpfiles --create");
  for (const item of w.newItems) line(formatItem(item));
  line("");
  line("# 3. remove: run last, with systemd-tmpfiles --remove");
  for (const p of w.remove) line(removeLine(p));
  line("");
  const counts = { add: 0, replace: 0, remove: 0, keep: 0 };
  for (const a of w.actions) counts[a]++;
  line(`# changes: ${counts.add} added, ${counts.replace} replaced, ${counts.remove} removed, ${counts.keep} kept`);
  forEachChange(w, (action, o, n) => {
    if (action !== "keep") line(`# ${actionMark[action]} ${commentText(etcPath((o ?? n)!.path))}`);
  });
}

/** `writePlanText` as one string. */
export function formatPlanText(w: PlanWalk): string {
  const lines: string[] = [];
  writePlanText(w, (l) => lines.push(l));
  return lines.join("\n") + "\n";
}
