/** `tmpfiles-lsp check`: the same diagnostics the language server publishes, for CI. */
import { checkManifest, readManifest, type Manifest } from "../core/manifest/index.js";
import { crossCheckManifests } from "../core/crossCheck.js";
import { toReported, type FileReport } from "../core/report.js";
import { checkTmpfiles, type CheckResult, type LineLocation } from "../core/tmpfiles/check.js";
import { PathTable } from "../core/tmpfiles/duplicates.js";
import { keptSideDiagnostics, maskedMessage, orderTree } from "../core/tmpfiles/tree.js";
import { LineIndex } from "../core/text.js";
import type { UserDatabase } from "../core/tmpfiles/analyzeLine.js";
import type { Input } from "./inputs.js";
import { compareDiagnostics, type CoreDiagnostic } from "../core/diagnostic.js";

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
  const reports: FileReport[] = [];
  const checked: { input: Input; diagnostics: CoreDiagnostic[] }[] = [];
  const kept: { name: string; text: string; kept: CheckResult["items"] }[] = [];
  const manifests: { name: string; manifest: Manifest }[] = [];
  for (const group of groups) {
    const ordered: { file: Input; maskedBy?: { path: string } }[] =
      group.length > 1 ? (orderTree(group) as { file: Input; maskedBy?: Input }[]) : group.map((file) => ({ file }));
    for (const { file, maskedBy } of ordered) {
      const input = file;
      let diagnostics: CoreDiagnostic[];
      if (maskedBy) {
        diagnostics = [{ code: "masked-file", severity: "information", message: maskedMessage(maskedBy.path), offset: 0, length: 0 }];
      } else if (input.kind === "manifest") {
        const manifest = readManifest(input.text, input.path);
        manifests.push({ name: input.path, manifest });
        diagnostics = checkManifest(manifest, { fileName: input.path });
      } else {
        const r = checkTmpfiles(input.text, { systemdVersion: run.version, fileName: input.path, ...(run.userDatabase ? { userDatabase: run.userDatabase } : {}) }, table);
        // The kept items (and the parsed lines behind them) are made only when a manifest asks for them.
        kept.push({ name: input.path, text: input.text, get kept() { return r.items; } });
        diagnostics = r.diagnostics;
      }
      checked.push({ input, diagnostics });
    }
  }
  // A conflict between files shows in both: the kept line learns of the ignored one.
  const texts = new Map(checked.map((c) => [c.input.path, c.input.text]));
  const extra = keptSideDiagnostics(
    checked.map((c) => ({ path: c.input.path, diagnostics: c.diagnostics })),
    (path, offset) => new LineIndex(texts.get(path) ?? "").position(offset).line + 1,
  );
  // tmpfiles.d lines on paths a manifest owns, reported on both sides.
  for (const f of crossCheckManifests(kept, manifests)) {
    for (const side of [f.tmpfiles, f.manifest]) extra.set(side.file, [...(extra.get(side.file) ?? []), side.diagnostic]);
  }
  for (const c of checked) {
    const more = extra.get(c.input.path);
    const all = more ? [...c.diagnostics, ...more].sort(compareDiagnostics) : c.diagnostics;
    reports.push({ path: c.input.path, kind: c.input.kind, diagnostics: toReported(c.input.text, all) });
  }
  return reports;
}
