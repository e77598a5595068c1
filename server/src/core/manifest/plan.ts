/**
 * From one generation of /etc to the next (CONTRACTS §2): three tmpfiles.d
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
import { etcPath, formatItem, generateItems, type EtcItem, type GenerateOptions } from "./generate.js";
import { readGenerated } from "./generated-read.js";
import type { Manifest } from "./model.js";
import { compareDeepestFirst, compareTreeOrder } from "./paths.js";
import { globEscape, quotePath } from "./quote.js";
import { readEntryValues, readManifest } from "./read.js";

/** A manifest (text or read), a generated snippet (text), or items. */
export type PlanInput = string | Manifest | { items: readonly EtcItem[] };

export interface PlanOptions extends GenerateOptions {
  /** Names of the inputs, to tell a manifest (`*.json`) from a snippet when the text alone does not. */
  oldFileName?: string;
  newFileName?: string;
}

export type ChangeAction = "add" | "replace" | "remove" | "keep";

export interface PlanChange {
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

/** The items an input stands for; throws PlanInputError when it cannot be read. */
export function planItems(input: PlanInput, which: "old" | "new", opts: PlanOptions = {}): EtcItem[] {
  if (typeof input === "object" && "items" in input) return [...input.items];
  const fileName = which === "old" ? opts.oldFileName : opts.newFileName;
  if (typeof input === "string" && !looksLikeManifest(input, fileName)) {
    const g = readGenerated(input);
    if (g.problems.length) throw new PlanInputError(which, g.problems);
    return g.items;
  }
  if (typeof input === "string") {
    // Plain JSON is read without positions; anything else (and every problem) by readManifest.
    const values = readEntryValues(input);
    if (values) return generateItems(values, opts);
  }
  const m = typeof input === "string" ? readManifest(input, fileName) : input;
  const fatal = m.diagnostics.filter((d) => FATAL.has(d.code));
  if (fatal.length) throw new PlanInputError(which, fatal);
  return generateItems(m, opts);
}

function sameItem(a: EtcItem, b: EtcItem): boolean {
  return a.type === b.type && a.path === b.path && a.mode === b.mode && a.user === b.user && a.group === b.group && a.argument === b.argument;
}

function removeLine(path: string): string {
  return `r ${quotePath(globEscape(etcPath(path)))} - - - -`;
}

/** `plan` of CONTRACTS §2. */
export function plan(oldInput: PlanInput, newInput: PlanInput, opts: PlanOptions = {}): Plan {
  const oldItems = planItems(oldInput, "old", opts);
  const newItems = planItems(newInput, "new", opts).sort((a, b) => compareTreeOrder(a.path, b.path));
  const oldBy = new Map(oldItems.map((i) => [i.path, i]));
  const newBy = new Map(newItems.map((i) => [i.path, i]));

  // OLD's children, to empty a directory that becomes a link or a file.
  const oldChildren = new Map<string, string[]>();
  for (const i of oldItems) {
    const slash = i.path.lastIndexOf("/");
    if (slash < 0) continue;
    const parent = i.path.slice(0, slash);
    const list = oldChildren.get(parent);
    if (list) list.push(i.path);
    else oldChildren.set(parent, [i.path]);
  }
  const descendants = (p: string, out: string[]): string[] => {
    for (const c of oldChildren.get(p) ?? []) {
      out.push(c);
      descendants(c, out);
    }
    return out;
  };

  const replacePaths: string[] = [];
  const removedEarly = new Set<string>();
  const changes = new Map<string, PlanChange>();
  for (const n of newItems) {
    const o = oldBy.get(n.path);
    const line = formatItem(n);
    if (!o) {
      changes.set(n.path, { path: etcPath(n.path), action: "add", old: null, new: line });
      continue;
    }
    if (sameItem(o, n)) {
      changes.set(n.path, { path: etcPath(n.path), action: "keep", old: formatItem(o), new: line });
      continue;
    }
    changes.set(n.path, { path: etcPath(n.path), action: "replace", old: formatItem(o), new: line });
    if (o.type === "d" && n.type !== "d") {
      for (const c of descendants(n.path, [])) {
        if (newBy.has(c) || removedEarly.has(c)) continue;
        removedEarly.add(c);
        replacePaths.push(c);
      }
    }
    if (n.type === "C" || (n.type === "d" && o.type !== "d")) replacePaths.push(n.path);
  }
  const removePaths: string[] = [];
  for (const o of oldItems) {
    if (newBy.has(o.path)) continue;
    if (!removedEarly.has(o.path)) removePaths.push(o.path);
    changes.set(o.path, { path: etcPath(o.path), action: "remove", old: formatItem(o), new: null });
  }
  replacePaths.sort(compareDeepestFirst);
  removePaths.sort(compareDeepestFirst);
  return {
    replace: replacePaths.map(removeLine),
    create: newItems.map(formatItem),
    remove: removePaths.map(removeLine),
    changes: [...changes.keys()].sort(compareTreeOrder).map((k) => changes.get(k)!),
  };
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
  const summary = p.changes.filter((c) => c.action !== "keep").map((c) => `# ${actionMark[c.action]} ${c.path}\n`).join("");
  return [
    section("1. replace: run first, with systemd-tmpfiles --remove", p.replace),
    section("2. create: run with systemd-tmpfiles --create", p.create),
    section("3. remove: run last, with systemd-tmpfiles --remove", p.remove),
    `# changes: ${counts.add} added, ${counts.replace} replaced, ${counts.remove} removed, ${counts.keep} kept\n${summary}`,
  ].join("\n");
}
