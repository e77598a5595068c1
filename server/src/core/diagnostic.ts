/**
 * The diagnostic shape every part of the core produces. Positions are UTF-16
 * offsets into the document text (as JavaScript strings index it); conversion
 * to lines and columns happens at the edge (LSP server, CLI).
 */

export type Severity = "error" | "warning" | "information" | "hint";

export interface RelatedLocation {
  /** File the related span is in; undefined means the same document. */
  file?: string;
  offset: number;
  length: number;
  message: string;
}

/** A text edit in offsets of the same document. */
export interface TextEditOffsets {
  offset: number;
  length: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits to the document the diagnostic is in. */
  edits: TextEditOffsets[];
  /** True when this is the one obvious fix (used by fix-all). */
  preferred?: boolean;
}

export interface CoreDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  offset: number;
  length: number;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * The order diagnostics are reported in: by offset, then severity (errors
 * first), then code in plain code-unit order (codes are ASCII; a locale's
 * collation would cost setting one up and could differ between machines).
 */
export function compareDiagnostics(a: CoreDiagnostic, b: CoreDiagnostic): number {
  return (
    a.offset - b.offset ||
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
