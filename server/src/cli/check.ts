/** `tmpfiles-lsp check`: the same diagnostics the language server publishes, for CI. */
import type { Manifest } from "../core/manifest/index.js";
import { toReported, type FileReport } from "../core/report.js";
import type { CheckResult, LineLocation } from "../core/tmpfiles/check.js";
import { PathTable } from "../core/tmpfiles/duplicates.js";
import { checkTree, keptSideDiagnostics } from "../core/tmpfiles/tree.js";
import { LineIndex } from "../core/text.js";
import type { UserDatabase } from "../core/tmpfiles/analyzeLine.js";
import type { Input } from "./inputs.js";
import { compareDiagnostics, type CoreDiagnostic } from "../core/diagnostic.js";
import type { KeptRule } from "../core/nix/crossFiles.js";
import { crossCheck, manifestCore, nixCheck, nixCrossFiles } from "./lazy.js";

export interface CheckRun {
  version: number;
  userDatabase?: UserDatabase;
}

/**
 * Checks inputs in command-line order. tmpfiles.d files share one table of
 * paths, as when they are given to one systemd-tmpfiles run; the files of a
 * directory are read in systemd's order, with same-named files masked.
 */
export function runCheck(groups: Input[][], run: CheckRun): FileReport[] {
  const table = new PathTable<LineLocation>();
  const options = { systemdVersion: run.version, ...(run.userDatabase ? { userDatabase: run.userDatabase } : {}) };
  const reports: FileReport[] = [];
  const checked: { input: Input; diagnostics: CoreDiagnostic[] }[] = [];
  const kept: { name: string; text: string; kept: CheckResult["items"] }[] = [];
  const manifests: { name: string; manifest: Manifest }[] = [];
  const nixFiles: { name: string; kept: () => KeptRule[] }[] = [];
  for (const group of groups) {
    // A manifest is given on its own; a directory's files, or a file given alone, are a tree sharing the run's table.
    const [first] = group;
    if (group.length === 1 && first!.kind === "manifest") {
      const { checkManifest, readManifest } = manifestCore();
      const manifest = readManifest(first!.text, first!.path);
      manifests.push({ name: first!.path, manifest });
      checked.push({ input: first!, diagnostics: checkManifest(manifest, { fileName: first!.path }) });
      continue;
    }
    // A .nix file is the files NixOS makes of it, checked on their own.
    if (group.length === 1 && first!.kind === "nix") {
      const { diagnostics, kept } = nixCheck().checkNix(first!.text, options);
      checked.push({ input: first!, diagnostics });
      nixFiles.push({ name: first!.path, kept });
      continue;
    }
    const byPath = new Map(group.map((i) => [i.path, i]));
    for (const r of checkTree(group, options, table)) {
      const input = byPath.get(r.path)!;
      const result = r.result;
      // The kept items (and the parsed lines behind them) are made only when a manifest or a .nix file asks for them.
      if (result)
        kept.push({
          name: input.path,
          text: input.text,
          get kept() {
            return result.items;
          },
        });
      checked.push({ input, diagnostics: r.diagnostics });
    }
  }
  // A conflict between files shows in both: the kept line learns of the ignored one.
  const texts = new Map(checked.map((c) => [c.input.path, c.input.text]));
  // Made only for a file that another file's line conflicts with, once per file.
  const indexes = new Map<string, LineIndex>();
  const indexOf = (path: string): LineIndex => {
    let index = indexes.get(path);
    if (!index) indexes.set(path, (index = new LineIndex(texts.get(path) ?? "")));
    return index;
  };
  const extra = keptSideDiagnostics(
    checked.map((c) => ({ path: c.input.path, diagnostics: c.diagnostics })),
    (path, offset) => indexOf(path).position(offset).line + 1,
  );
  // tmpfiles.d lines on paths a manifest owns, reported on both sides.
  if (manifests.length) {
    for (const f of crossCheck().crossCheckManifests(kept, manifests)) {
      for (const side of [f.tmpfiles, f.manifest])
        extra.set(side.file, [...(extra.get(side.file) ?? []), side.diagnostic]);
    }
  }
  // .nix files' rules against the other files, read together from /etc/tmpfiles.d in the order of their names (as the server does).
  if (nixFiles.length && nixFiles.length + kept.length > 1) {
    const conf = kept.map((k) => ({
      name: k.name,
      kept: k.kept.map(({ item, entry }) => {
        const p = entry.fields.path!;
        return { readAs: k.name, item, offset: p.offset, length: p.length, line: entry.line + 1 };
      }),
    }));
    const nix = nixFiles.map((n) => ({ name: n.name, kept: n.kept() }));
    for (const f of nixCrossFiles().crossCheckNix(nix, conf))
      extra.set(f.file, [...(extra.get(f.file) ?? []), f.diagnostic]);
  }
  for (const c of checked) {
    const more = extra.get(c.input.path);
    const all = more ? [...c.diagnostics, ...more].sort(compareDiagnostics) : c.diagnostics;
    reports.push({
      path: c.input.path,
      kind: c.input.kind,
      diagnostics: toReported(c.input.text, all, indexes.get(c.input.path)),
    });
  }
  return reports;
}
