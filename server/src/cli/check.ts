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
import { crossCheck, manifestCore, nixCheck } from "./lazy.js";

export interface CheckRun {
  version: number;
  userDatabase?: UserDatabase;
}

/**
 * Checks inputs in command-line order. tmpfiles.d files share one table of
 * paths, as when they are given to one systemd-tmpfiles run; the files of a
 * directory are read in systemd's order, with same-named files masked. With
 * .nix files, the files NixOS makes of them and all tmpfiles.d files given
 * are one tree read in systemd's order (core/nix/tree.ts).
 */
export function runCheck(groups: Input[][], run: CheckRun): FileReport[] {
  const table = new PathTable<LineLocation>();
  const options = { systemdVersion: run.version, ...(run.userDatabase ? { userDatabase: run.userDatabase } : {}) };
  const reports: FileReport[] = [];
  const checked: { input: Input; diagnostics: CoreDiagnostic[] }[] = [];
  const kept: { name: string; text: string; kept: CheckResult["items"] }[] = [];
  const manifests: { name: string; manifest: Manifest }[] = [];
  const nixFiles = groups.filter((g) => g.length === 1 && g[0]!.kind === "nix").map((g) => g[0]!);
  // With .nix files, their machine rules and every tmpfiles.d file given are one tree, as NixOS links them into /etc/tmpfiles.d.
  const trees: Input[][] = [];
  for (const group of groups) {
    const [first] = group;
    if (group.length === 1 && first!.kind === "manifest") {
      const { checkManifest, readManifest } = manifestCore();
      const manifest = readManifest(first!.text, first!.path);
      manifests.push({ name: first!.path, manifest });
      checked.push({ input: first!, diagnostics: checkManifest(manifest, { fileName: first!.path }) });
    } else if (!(group.length === 1 && first!.kind === "nix")) trees.push(group);
  }
  const keep = (input: Input, result: CheckResult | undefined): void => {
    // The kept items (and the parsed lines behind them) are made only when a manifest asks for them.
    if (result)
      kept.push({
        name: input.path,
        text: input.text,
        get kept() {
          return result.items;
        },
      });
  };
  // The conflicts between files already show on both sides in a tree with .nix files.
  let sided: Set<string> = new Set();
  if (nixFiles.length) {
    const conf = trees.flat();
    const byPath = new Map(conf.map((i) => [i.path, i]));
    const r = nixCheck().checkNixTree(
      nixFiles.map((n) => ({ name: n.path, text: n.text })),
      conf,
      options,
    );
    for (const n of nixFiles) checked.push({ input: n, diagnostics: r.nix.get(n.path)! });
    for (const c of r.conf) {
      keep(byPath.get(c.path)!, c.result);
      checked.push({ input: byPath.get(c.path)!, diagnostics: c.diagnostics });
    }
    sided = new Set([...nixFiles, ...conf].map((i) => i.path));
  } else {
    // A directory's files, or a file given alone, are a tree sharing the run's table.
    for (const group of trees) {
      const byPath = new Map(group.map((i) => [i.path, i]));
      for (const r of checkTree(group, options, table)) {
        keep(byPath.get(r.path)!, r.result);
        checked.push({ input: byPath.get(r.path)!, diagnostics: r.diagnostics });
      }
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
    checked.filter((c) => !sided.has(c.input.path)).map((c) => ({ path: c.input.path, diagnostics: c.diagnostics })),
    (path, offset) => indexOf(path).position(offset).line + 1,
  );
  // tmpfiles.d lines on paths a manifest owns, reported on both sides.
  if (manifests.length) {
    for (const f of crossCheck().crossCheckManifests(kept, manifests)) {
      for (const side of [f.tmpfiles, f.manifest])
        extra.set(side.file, [...(extra.get(side.file) ?? []), side.diagnostic]);
    }
  }
  // Reported in the order the inputs were given.
  const given = new Map(groups.flat().map((i, n) => [i, n]));
  checked.sort((a, b) => given.get(a.input)! - given.get(b.input)!);
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
