/**
 * tmpfiles.d lines against manifests of the same workspace folder (issue 4):
 * a line that creates, removes or changes a path a manifest puts into /etc,
 * or a path inside one, is reported on both sides, each pointing at the other.
 */
import type { Manifest } from "../core/manifest/index.js";
import { targetNode } from "../core/manifest/model.js";
import { removeLineFix, type CheckResult } from "../core/tmpfiles/check.js";
import type { Problem } from "./problems.js";

export interface CrossInput {
  tmpfiles: { id: string; name: string; uri: string; text: string; kept: CheckResult["items"] }[];
  manifests: { id: string; name: string; uri: string; manifest: Manifest }[];
}

/** Types that only exclude paths from cleanup: they change nothing. */
const PASSIVE = new Set(["x", "X"]);

export function crossCheck(input: CrossInput): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const add = (id: string, p: Problem): void => {
    const list = out.get(id);
    if (list) list.push(p);
    else out.set(id, [p]);
  };
  if (!input.manifests.length || !input.tmpfiles.length) return out;
  const owned = new Map<string, { m: CrossInput["manifests"][number]; target: string; node: { offset: number; length: number } }>();
  for (const m of input.manifests) {
    for (const e of m.manifest.entries) {
      if (!e.enabled || e.normTarget === undefined) continue;
      const path = `/etc/${e.normTarget}`;
      if (!owned.has(path)) owned.set(path, { m, target: e.rawTarget ?? e.normTarget, node: targetNode(e) });
    }
  }
  for (const t of input.tmpfiles) {
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
      const remove = removeLineFix(t.text, entry, "", false).edits;
      add(t.id, {
        core: {
          code: "manifest-owned-path",
          severity: "warning",
          message: `${o.m.name} puts ${owner} into /etc (entry "${o.target}"); this '${type}' line acts on ${inside ? "a path inside it" : "the same path"}, so whichever runs last decides what is there.`,
          offset: pathField.offset,
          length: pathField.length,
          related: [{ file: o.m.name, offset: o.node.offset, length: o.node.length, message: "The manifest entry that owns the path" }],
        },
        fixes: [{ title: "Remove this tmpfiles.d line", preferred: false, edits: [{ uri: t.uri, edits: remove }] }],
      });
      add(o.m.id, {
        core: {
          code: "tmpfiles-line-on-entry",
          severity: "warning",
          message: `${t.name}:${entry.line + 1} has a '${type}' line for ${item.key}, ${inside ? "inside what" : "which"} this entry puts into /etc; whichever runs last decides what is there.`,
          offset: o.node.offset,
          length: o.node.length,
          related: [{ file: t.name, offset: pathField.offset, length: pathField.length, message: "The tmpfiles.d line on the same path" }],
        },
        fixes: [{ title: `Remove the conflicting line ${t.name}:${entry.line + 1}`, preferred: false, edits: [{ uri: t.uri, edits: remove }] }],
      });
    }
  }
  return out;
}
