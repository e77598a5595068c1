/** The previews of issue 5, computed from the manifest core and linked back to the manifest's entries. */
import { formatItems, formatPlanText, generateItems, looksLikeManifest, plan, planToJson, readManifest, type Manifest, type ManifestEntry } from "../core/manifest/index.js";
import { LineIndex } from "../core/text.js";
import type { ChangeAction, EntryRef, GeneratedLineLink, LinkedChange, PlanPreviewResult } from "../protocol.js";
import type { Positions } from "./convert.js";

export interface Source {
  text: string;
  fileName?: string;
}

function ref(e: ManifestEntry, index: LineIndex, pos: Positions): EntryRef {
  const n = e.container;
  return { index: e.index, ...(e.rawTarget !== undefined ? { target: e.rawTarget } : {}), offset: n.offset, length: n.length, range: pos.range(index, n.offset, n.length) };
}

/** The entries behind a path under /etc (relative): the first enabled entry for the path itself, or every entry below a directory. */
function entriesFor(m: Manifest, rel: string, index: LineIndex, directory: boolean, pos: Positions): EntryRef[] {
  if (!directory) {
    const e = m.entries.find((x) => x.enabled && x.normTarget === rel);
    return e ? [ref(e, index, pos)] : [];
  }
  return m.entries.filter((x) => x.enabled && x.normTarget !== undefined && x.normTarget.startsWith(rel + "/")).map((x) => ref(x, index, pos));
}

export function generatePreview(source: Source, pos: Positions, staticDir?: string): { text: string; links: GeneratedLineLink[] } {
  const m = readManifest(source.text, source.fileName);
  const items = generateItems(m, staticDir !== undefined ? { staticDir } : {});
  const index = new LineIndex(source.text);
  const links = items.map((item, line) => ({ line, path: `/etc/${item.path}`, entries: entriesFor(m, item.path, index, item.type === "d", pos) }));
  return { text: formatItems(items), links };
}

export function planPreview(oldSource: Source, newSource: Source, pos: Positions, staticDir?: string): PlanPreviewResult {
  const p = plan(oldSource.text, newSource.text, {
    ...(staticDir !== undefined ? { staticDir } : {}),
    ...(oldSource.fileName !== undefined ? { oldFileName: oldSource.fileName } : {}),
    ...(newSource.fileName !== undefined ? { newFileName: newSource.fileName } : {}),
  });
  const read = (s: Source): { m: Manifest; index: LineIndex } | undefined =>
    looksLikeManifest(s.text, s.fileName) ? { m: readManifest(s.text, s.fileName), index: new LineIndex(s.text) } : undefined;
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
  return { plan: { ...json, changes }, text: formatPlanText(p), counts };
}
