/** From the core's offsets to LSP positions, in one place. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation, type Range, type TextEdit } from "vscode-languageserver/node";
import type { CoreDiagnostic, Severity, TextEditOffsets } from "../core/diagnostic.js";
import { LineIndex } from "../core/text.js";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(index: LineIndex, offset: number, length: number): Range {
  return { start: index.position(offset), end: index.position(offset + length) };
}

export function toTextEdit(index: LineIndex, e: TextEditOffsets): TextEdit {
  return { range: toRange(index, e.offset, e.length), newText: e.newText };
}

/** Where a related location's file is: its URI and line index, or undefined when unknown. */
export type ResolveFile = (file: string | undefined) => { uri: string; index: LineIndex } | undefined;

export function toDiagnostic(d: CoreDiagnostic, index: LineIndex, resolve: ResolveFile, source: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of d.related ?? []) {
    const where = resolve(r.file);
    if (where) related.push({ location: { uri: where.uri, range: toRange(where.index, r.offset, r.length) }, message: r.message });
  }
  return {
    range: toRange(index, d.offset, d.length),
    severity: SEVERITY[d.severity],
    code: d.code,
    source,
    message: d.message,
    ...(related.length ? { relatedInformation: related } : {}),
    ...(d.code === "deprecated-type" ? { tags: [DiagnosticTag.Deprecated] } : {}),
  };
}
