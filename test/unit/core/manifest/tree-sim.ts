/**
 * A model of what systemd-tmpfiles does with the lines generate and plan
 * write (d, L+, C, r), on an in-memory tree, for property tests. The real
 * systemd-tmpfiles is run against the same plans in test/systemd.
 */
import { sdLine } from "./sd-rules.js";

export type Node =
  | { kind: "dir"; mode: string }
  | { kind: "link"; target: string }
  | { kind: "file"; source: string; mode: string; user: string; group: string };

export type Tree = Map<string, Node>;

function parent(p: string): string {
  return p.slice(0, p.lastIndexOf("/")) || "/";
}

function ensureParents(t: Tree, p: string): void {
  const chain: string[] = [];
  for (let q = parent(p); q !== "/"; q = parent(q)) chain.unshift(q);
  for (const q of chain) {
    const n = t.get(q);
    if (!n) t.set(q, { kind: "dir", mode: "0755" });
    else if (n.kind !== "dir") throw new Error(`${q} is not a directory (creating ${p})`);
  }
}

function removeTree(t: Tree, p: string): void {
  for (const k of [...t.keys()]) if (k === p || k.startsWith(p + "/")) t.delete(k);
}

function hasChildren(t: Tree, p: string): boolean {
  for (const k of t.keys()) if (k.startsWith(p + "/")) return true;
  return false;
}

/** Apply one line; throws where systemd would log an error for it. */
export function applyLine(t: Tree, line: string): void {
  const l = sdLine(line);
  const p = l.path;
  switch (l.type) {
    case "d": {
      ensureParents(t, p);
      const n = t.get(p);
      if (n && n.kind !== "dir") throw new Error(`${p} exists and is not a directory`);
      if (!n) t.set(p, { kind: "dir", mode: l.mode ?? "0755" });
      return;
    }
    case "L+": {
      ensureParents(t, p);
      removeTree(t, p);
      t.set(p, { kind: "link", target: l.argument! });
      return;
    }
    case "C": {
      ensureParents(t, p);
      if (t.has(p)) return; // C never overwrites
      t.set(p, { kind: "file", source: l.argument!, mode: l.mode!, user: l.user!, group: l.group! });
      return;
    }
    case "r": {
      const n = t.get(p);
      if (!n) return;
      for (let q = parent(p); q !== "/"; q = parent(q))
        if (t.get(q)?.kind !== "dir") throw new Error(`r ${p} would go through ${q}`);
      if (n.kind === "dir" && hasChildren(t, p)) return; // r leaves a non-empty directory
      t.delete(p);
      return;
    }
  }
  throw new Error(`unexpected line ${line}`);
}

export function applyLines(t: Tree, lines: readonly string[]): Tree {
  for (const l of lines) {
    const s = l.replace(/^[ \t\r]+|[ \t\r]+$/g, "");
    if (s && !s.startsWith("#")) applyLine(t, l);
  }
  return t;
}

export function layout(snippet: string): Tree {
  return applyLines(new Map(), snippet.split("\n"));
}

/** The tree below /etc (which itself is never managed), sorted, one line per path. */
export function dump(t: Tree): string[] {
  return [...t.entries()]
    .filter(([k]) => k !== "/etc")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`);
}
