/**
 * A manifest's problems written on the verdict lines a preview opens with,
 * as diagnostics of the preview document: each on its comment line, related
 * to the manifest where it is (and to the other entries it names).
 */
import * as vscode from "vscode";
import type { PreviewProblem } from "../../server/src/protocol";

const severities: Record<PreviewProblem["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function range(r: PreviewProblem["range"]): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Diagnostics of a preview whose text is `text`, for problems of the manifest `manifest`. */
export function previewDiagnostics(
  problems: readonly PreviewProblem[],
  text: string,
  manifest: vscode.Uri,
): vscode.Diagnostic[] {
  const lines = text.split("\n");
  const name = manifest.path.split("/").pop() ?? manifest.toString();
  return problems.map((p) => {
    const d = new vscode.Diagnostic(
      new vscode.Range(p.line, 0, p.line, lines[p.line]?.length ?? 0),
      p.message,
      severities[p.severity],
    );
    d.source = "tmpfiles";
    if (p.code !== undefined) d.code = p.code;
    d.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(new vscode.Location(manifest, range(p.range)), `here in ${name}`),
      ...p.related.map(
        (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(manifest, range(r.range)), r.message),
      ),
    ];
    return d;
  });
}
