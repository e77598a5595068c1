/**
 * tmpfiles.d lines against etc manifests: a line that creates, removes or
 * changes a path a manifest puts into /etc (or a path inside one) fights
 * with the activation over it. Reported on both sides, each pointing at the
 * other. The language server and `check` both use it.
 */
import type { CoreDiagnostic } from "./diagnostic.js";
import type { Manifest } from "./manifest/index.js";
import { targetNode } from "./manifest/model.js";
import { removeLineFix, type CheckResult } from "./tmpfiles/check.js";
import type { EntryLine } from "./tmpfiles/parse.js";

export interface CrossTmpfiles {
  name: string;
  text: string;
  kept: CheckResult["items"];
}

export interface CrossManifest {
  name: string;
  manifest: Manifest;
}

export interface CrossFinding {
  /** The diagnostic for the tmpfiles.d file (its fix removes the line). */
  tmpfiles: { file: string; diagnostic: CoreDiagnostic; entry: EntryLine };
  /** The diagnostic for the manifest. */
  manifest: { file: string; diagnostic: CoreDiagnostic };
}

/** Types that only exclude paths from cleanup: they change nothing. */
const PASSIVE = new Set(["x", "X"]);

export function crossCheckManifests(tmpfiles: CrossTmpfiles[], manifests: CrossManifest[]): CrossFinding[] {
  const out: CrossFinding[] = [];
  if (!manifests.length || !tmpfiles.length) return out;
  const owned = new Map<string, { m: CrossManifest; target: string; node: { offset: number; length: number } }>();
  for (const m of manifests) {
    for (const e of m.manifest.entries) {
      if (!e.enabled || e.normTarget === undefined) continue;
      const path = `/etc/${e.normTarget}`;
      if (!owned.has(path)) owned.set(path, { m, target: e.rawTarget ?? e.normTarget, node: targetNode(e) });
    }
  }
  for (const t of tmpfiles) {
    for (const { item, entry } of t.kept) {
      if (PASSIVE.has(item.type) || !item.key.startsWith("/etc/")) continue;
      let owner: string | undefined;
      for (let p = item.key; p.length > 4; p = p.slice(0, p.lastIndexOf("/"))) {
        if (owned.has(p)) {
          owner = p;
          break;
        }
      }
      if (!owner) continue;
      const o = owned.get(owner)!;
      const pathField = entry.fields.path!;
      const type = entry.fields.type!.raw;
      const inside = item.key !== owner;
      out.push({
        tmpfiles: {
          file: t.name,
          entry,
          diagnostic: {
            code: "manifest-owned-path",
            severity: "warning",
            message: `${o.m.name} puts ${owner} into /etc (entry "${o.target}"); this '${type}' line acts on ${inside ? "a path inside it" : "the same path"}, so whichever runs last decides what is there.`,
            offset: pathField.offset,
            length: pathField.length,
            related: [
              {
                file: o.m.name,
                offset: o.node.offset,
                length: o.node.length,
                message: "The manifest entry that owns the path",
              },
            ],
            fixes: [
              { title: "Remove this tmpfiles.d line", edits: removeLineFix(t.text, entry, "", false).edits },
              // An L line leaves whatever is already there alone; L+ replaces it.
              ...(item.type === "L" && !item.append && entry.fields.type!.raw === entry.fields.type!.value
                ? [
                    {
                      title: "Turn L into L+ (replace what is there)",
                      edits: [{ offset: entry.fields.type!.offset + 1, length: 0, newText: "+" }],
                    },
                  ]
                : []),
            ],
          },
        },
        manifest: {
          file: o.m.name,
          diagnostic: {
            code: "tmpfiles-line-on-entry",
            severity: "warning",
            message: `${t.name}:${entry.line + 1} has a '${type}' line for ${item.key}, ${inside ? "inside what" : "which"} this entry puts into /etc; whichever runs last decides what is there.`,
            offset: o.node.offset,
            length: o.node.length,
            related: [
              {
                file: t.name,
                offset: pathField.offset,
                length: pathField.length,
                message: "The tmpfiles.d line on the same path",
              },
            ],
          },
        },
      });
    }
  }
  return out;
}
