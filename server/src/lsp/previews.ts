/** The generated-snippet and activation previews, computed from the manifest core and linked back to the manifest's entries. */
import {
  checkManifest,
  formatItems,
  formatPlanText,
  generateItems,
  looksLikeManifest,
  manifestVerdict,
  planOf,
  planToJson,
  planWalk,
  readManifest,
  verdictText,
  type Manifest,
  type ManifestEntry,
} from "../core/manifest/index.js";
import { LineIndex } from "../core/text.js";
import type {
  ChangeAction,
  EntryRef,
  GeneratedLineLink,
  LinkedChange,
  PlanPreviewResult,
  PreviewProblem,
  PreviewVerdict,
} from "../protocol.js";
import type { Positions } from "./convert.js";

export interface Source {
  text: string;
  fileName?: string;
}

function ref(e: ManifestEntry, index: LineIndex, pos: Positions): EntryRef {
  const n = e.container;
  return {
    index: e.index,
    ...(e.rawTarget !== undefined ? { target: e.rawTarget } : {}),
    offset: n.offset,
    length: n.length,
    range: pos.range(index, n.offset, n.length),
  };
}

/** The entries behind a path under /etc (relative): the first enabled entry for the path itself, or every entry below a directory. */
function entriesFor(m: Manifest, rel: string, index: LineIndex, directory: boolean, pos: Positions): EntryRef[] {
  if (!directory) {
    const e = m.entries.find((x) => x.enabled && x.normTarget === rel);
    return e ? [ref(e, index, pos)] : [];
  }
  return m.entries
    .filter((x) => x.enabled && x.normTarget !== undefined && x.normTarget.startsWith(rel + "/"))
    .map((x) => ref(x, index, pos));
}

/** The file name a verdict names: the last component of the path or URI. */
function shownName(source: Source): string {
  return source.fileName?.split("/").pop() || "the manifest";
}

/** A manifest's verdict with its problems as LSP ranges; `errors` counts its errors. */
function verdictOf(
  m: Manifest,
  source: Source,
  index: LineIndex,
  pos: Positions,
  side: "new" | "old",
  staticDir?: string,
): PreviewVerdict & { errors: number; text: string } {
  const diagnostics = checkManifest(m, {
    ...(source.fileName !== undefined ? { fileName: source.fileName } : {}),
    ...(staticDir !== undefined ? { staticDir } : {}),
  });
  const name = side === "old" ? `${shownName(source)} (the previous generation)` : shownName(source);
  const lines = manifestVerdict(m, { name, diagnostics, ...(staticDir !== undefined ? { staticDir } : {}) });
  const problems: PreviewProblem[] = [];
  lines.forEach((l, line) => {
    const p = l.problem;
    if (!p) return;
    problems.push({
      line,
      severity: p.severity,
      ...(p.code !== undefined ? { code: p.code } : {}),
      message: p.message,
      range: pos.range(index, p.offset, p.length),
      related: p.related.map((r) => ({ range: pos.range(index, r.offset, r.length), message: r.message })),
    });
  });
  return {
    side,
    lines: lines.map((l) => l.text),
    problems,
    errors: diagnostics.filter((d) => d.severity === "error").length,
    text: verdictText(lines),
  };
}

export function generatePreview(
  source: Source,
  pos: Positions,
  staticDir?: string,
): { text: string; links: GeneratedLineLink[]; problems: PreviewProblem[]; errors: number } {
  const m = readManifest(source.text, source.fileName);
  const opts = staticDir !== undefined ? { staticDir } : {};
  const items = generateItems(m, opts);
  const index = new LineIndex(source.text);
  const verdict = verdictOf(m, source, index, pos, "new", staticDir);
  // The verdict and an empty line come first; the snippet's lines follow.
  const shift = verdict.lines.length ? verdict.lines.length + 1 : 0;
  const links = items.map((item, line) => ({
    line: line + shift,
    path: `/etc/${item.path}`,
    entries: entriesFor(m, item.path, index, item.type === "d", pos),
    ...(item.type === "C" && item.argument !== undefined ? { copySource: item.argument } : {}),
  }));
  return { text: verdict.text + formatItems(items), links, problems: verdict.problems, errors: verdict.errors };
}

export function planPreview(
  oldSource: Source,
  newSource: Source,
  pos: Positions,
  staticDir?: string,
): PlanPreviewResult {
  const walk = planWalk(oldSource.text, newSource.text, {
    ...(staticDir !== undefined ? { staticDir } : {}),
    ...(oldSource.fileName !== undefined ? { oldFileName: oldSource.fileName } : {}),
    ...(newSource.fileName !== undefined ? { newFileName: newSource.fileName } : {}),
  });
  const p = planOf(walk);
  const read = (s: Source): { m: Manifest; index: LineIndex } | undefined =>
    looksLikeManifest(s.text, s.fileName)
      ? { m: readManifest(s.text, s.fileName), index: new LineIndex(s.text) }
      : undefined;
  const oldM = read(oldSource);
  const newM = read(newSource);
  const counts: Record<ChangeAction, number> = { add: 0, replace: 0, remove: 0, keep: 0 };
  const changes: LinkedChange[] = p.changes.map((c) => {
    counts[c.action]++;
    const rel = c.path.replace(/^\/etc\//, "");
    const isDir = (line: string | null): boolean => line !== null && line.startsWith("d ");
    return {
      ...c,
      newEntries: newM && c.new !== null ? entriesFor(newM.m, rel, newM.index, isDir(c.new), pos) : [],
      oldEntries: oldM && c.old !== null ? entriesFor(oldM.m, rel, oldM.index, isDir(c.old), pos) : [],
    };
  });
  const json = planToJson(p);
  const verdicts: PreviewVerdict[] = [];
  for (const [side, source, read] of [
    ["new", newSource, newM],
    ["old", oldSource, oldM],
  ] as const) {
    if (!read) continue;
    const v = verdictOf(read.m, source, read.index, pos, side, staticDir);
    if (v.lines.length) verdicts.push({ side: v.side, lines: v.lines, problems: v.problems });
  }
  return { plan: { ...json, changes }, text: formatPlanText(walk), counts, verdicts };
}
