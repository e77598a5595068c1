/** `tmpfiles-lsp check`: the same diagnostics the language server publishes, for CI. */
import { checkManifest } from "../core/manifest/index.js";
import { toReported, type FileReport } from "../core/report.js";
import { checkTmpfiles, type LineLocation } from "../core/tmpfiles/check.js";
import { PathTable } from "../core/tmpfiles/duplicates.js";
import { orderTree } from "../core/tmpfiles/tree.js";
import type { UserDatabase } from "../core/tmpfiles/analyzeLine.js";
import type { Input } from "./inputs.js";
import type { CoreDiagnostic } from "../core/diagnostic.js";

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
  for (const group of groups) {
    const ordered: { file: Input; maskedBy?: { path: string } }[] =
      group.length > 1 ? (orderTree(group) as { file: Input; maskedBy?: Input }[]) : group.map((file) => ({ file }));
    for (const { file, maskedBy } of ordered) {
      const input = file;
      let diagnostics: CoreDiagnostic[];
      if (maskedBy) {
        diagnostics = [{ code: "masked-file", severity: "information", message: `${maskedBy.path} has the same name in a directory of higher precedence; systemd-tmpfiles reads that file, not this one.`, offset: 0, length: 0 }];
      } else if (input.kind === "manifest") {
        diagnostics = checkManifest(input.text, { fileName: input.path });
      } else {
        diagnostics = checkTmpfiles(input.text, { systemdVersion: run.version, fileName: input.path, ...(run.userDatabase ? { userDatabase: run.userDatabase } : {}) }, table).diagnostics;
      }
      reports.push({ path: input.path, kind: input.kind, diagnostics: toReported(input.text, diagnostics) });
    }
  }
  return reports;
}
