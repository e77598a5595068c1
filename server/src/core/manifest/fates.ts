/**
 * What `generate` does with each entry: used (it makes its line), disabled,
 * no line (it cannot be laid out on its own), or dropped for another entry
 * (an earlier entry for the same target, or an entry whose link or file the
 * target lies inside). The same decisions as `layOut` in generate.ts, told
 * per entry so that previews can say them.
 */
import { entryItem, type GenerateOptions } from "./generate.js";
import type { EntryKind, Manifest, ManifestEntry } from "./model.js";
import { ancestors } from "./paths.js";

export type EntryFate =
  | { kind: "used"; entry: ManifestEntry }
  | { kind: "disabled"; entry: ManifestEntry }
  | { kind: "no-line"; entry: ManifestEntry }
  /** `by` is the entry used for the same target. */
  | { kind: "same-target"; entry: ManifestEntry; by: ManifestEntry }
  /** `by` is the entry whose target (`inside`, a link, a file or a glob-linked directory) holds this one's. */
  | { kind: "inside"; entry: ManifestEntry; by: ManifestEntry; inside: string };

/** The fate of every entry, in the manifest's order. */
export function entryFates(m: Manifest, opts: GenerateOptions = {}): EntryFate[] {
  const items = m.entries.map((e) => entryItem(e, opts));
  // The entry that makes each path: the first one with a line, as generate's stable sort keeps the first.
  const firstOf = new Map<string, ManifestEntry>();
  m.entries.forEach((e, i) => {
    const item = items[i];
    if (item && !firstOf.has(item.path)) firstOf.set(item.path, e);
  });
  return m.entries.map((entry, i): EntryFate => {
    const item = items[i];
    if (!item) return entry.enabled ? { kind: "no-line", entry } : { kind: "disabled", entry };
    // The outermost ancestor with a line is the one taken: everything inside it is left out.
    for (const dir of ancestors(item.path)) {
      const by = firstOf.get(dir);
      if (by) return { kind: "inside", entry, by, inside: dir };
    }
    const by = firstOf.get(item.path)!;
    return by === entry ? { kind: "used", entry } : { kind: "same-target", entry, by };
  });
}

/** What an entry puts at its target, in words: "a link", "a copied file", "a directory of links". */
export function madeKind(e: { glob: boolean; kind?: EntryKind | undefined }): string {
  if (e.glob) return "a directory of links";
  return e.kind === "copy" ? "a copied file" : "a link";
}
