/**
 * The workspace's tmpfiles.d lines against its manifests (the core's
 * crossCheckManifests), as problems with fixes that may edit the other file.
 */
import type { Manifest } from "../core/manifest/index.js";
import type { CheckResult } from "../core/tmpfiles/check.js";
import { crossCheckManifests } from "../core/crossCheck.js";
import type { Problem } from "./problems.js";
import type { FileResult } from "./results.js";
import type { Folder, IndexedFile } from "./workspace.js";

interface CrossInput {
  tmpfiles: { id: string; name: string; uri: string; text: string; kept: CheckResult["items"] }[];
  manifests: { id: string; name: string; uri: string; manifest: Manifest }[];
}

function crossCheck(input: CrossInput): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const add = (id: string, p: Problem): void => {
    const list = out.get(id);
    if (list) list.push(p);
    else out.set(id, [p]);
  };
  const tByName = new Map(input.tmpfiles.map((t) => [t.name, t]));
  const mByName = new Map(input.manifests.map((m) => [m.name, m]));
  for (const f of crossCheckManifests(input.tmpfiles, input.manifests)) {
    const t = tByName.get(f.tmpfiles.file)!;
    const m = mByName.get(f.manifest.file)!;
    const remove = f.tmpfiles.diagnostic.fixes![0]!.edits;
    add(t.id, {
      core: f.tmpfiles.diagnostic,
      fixes: f.tmpfiles.diagnostic.fixes!.map((x) => ({
        title: x.title,
        preferred: false,
        edits: [{ uri: t.uri, edits: x.edits }],
      })),
    });
    add(m.id, {
      core: f.manifest.diagnostic,
      fixes: [
        {
          title: `Remove the conflicting line ${t.name}:${f.tmpfiles.entry.line + 1}`,
          preferred: false,
          edits: [{ uri: t.uri, edits: remove }],
        },
      ],
    });
  }
  return out;
}

/**
 * Re-runs the cross-check over the results of a folder, keeping each file's
 * findings in `cross`; returns the files whose findings changed.
 */
export function crossCheckFolder(
  results: Iterable<FileResult>,
  cross: Map<string, Problem[]>,
  folder: Folder | undefined,
): IndexedFile[] {
  const inFolder = [...results].filter((r) => r.file.folder?.uri === folder?.uri);
  const manifests = inFolder
    .filter((r) => r.manifest)
    .map((r) => ({ id: r.file.key, name: r.file.name, uri: r.file.uri, manifest: r.manifest! }));
  const input: CrossInput = {
    // The kept lines are made only when a manifest can conflict with them.
    tmpfiles: manifests.length
      ? inFolder
          .filter((r) => r.kept)
          .map((r) => ({ id: r.file.key, name: r.file.name, uri: r.file.uri, text: String(r.text), kept: r.kept!() }))
      : [],
    manifests,
  };
  const found = crossCheck(input);
  const changed: IndexedFile[] = [];
  for (const r of inFolder) {
    const before = JSON.stringify(cross.get(r.file.key) ?? []);
    const now = found.get(r.file.key) ?? [];
    if (JSON.stringify(now) !== before) {
      if (now.length) cross.set(r.file.key, now);
      else cross.delete(r.file.key);
      changed.push(r.file);
    }
  }
  return changed;
}
