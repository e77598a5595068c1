/**
 * The workspace's tmpfiles.d lines against its manifests (the core's
 * crossCheckManifests), as problems with fixes that may edit the other file.
 */
import type { Manifest } from "../core/manifest/index.js";
import type { CheckResult } from "../core/tmpfiles/check.js";
import { crossCheckManifests } from "../core/crossCheck.js";
import type { Problem } from "./problems.js";

export interface CrossInput {
  tmpfiles: { id: string; name: string; uri: string; text: string; kept: CheckResult["items"] }[];
  manifests: { id: string; name: string; uri: string; manifest: Manifest }[];
}

export function crossCheck(input: CrossInput): Map<string, Problem[]> {
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
    add(t.id, { core: f.tmpfiles.diagnostic, fixes: f.tmpfiles.diagnostic.fixes!.map((x) => ({ title: x.title, preferred: false, edits: [{ uri: t.uri, edits: x.edits }] })) });
    add(m.id, {
      core: f.manifest.diagnostic,
      fixes: [{ title: `Remove the conflicting line ${t.name}:${f.tmpfiles.entry.line + 1}`, preferred: false, edits: [{ uri: t.uri, edits: remove }] }],
    });
  }
  return out;
}
