/**
 * Diagnostics as people and programs outside the editor see them: 1-based
 * lines and columns (UTF-16 code units, as LSP counts them).
 */
import type { CoreDiagnostic, Severity } from "./diagnostic.js";
import { LineIndex } from "./text.js";

export interface ReportedDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface FileReport {
  path: string;
  kind: "tmpfiles" | "manifest" | "nix";
  diagnostics: ReportedDiagnostic[];
}

export function toReported(text: string, diagnostics: CoreDiagnostic[], index?: LineIndex): ReportedDiagnostic[] {
  // A file without diagnostics needs no index of its lines.
  if (diagnostics.length === 0) return [];
  index ??= new LineIndex(text);
  return diagnostics.map((d) => {
    const s = index.position(d.offset);
    const e = index.position(d.offset + d.length);
    return {
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
  });
}
