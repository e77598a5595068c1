/**
 * From the core's offsets to LSP positions and back, in one place.
 *
 * The core counts in UTF-16 code units (JavaScript strings). The client and
 * server agree on how a position's `character` counts at initialize
 * (`general.positionEncodings`, LSP 3.17): UTF-16 (the default, and what the
 * server picks whenever the client offers it, since it needs no conversion),
 * UTF-8 bytes or UTF-32 code points. Every position that comes in or goes out
 * passes through a `Positions` of the agreed encoding.
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type TextEdit,
} from "vscode-languageserver/node";
import type { CoreDiagnostic, Severity, TextEditOffsets } from "../core/diagnostic.js";
import type { LineIndex, TextLike } from "../core/text.js";
import { codeDocsUrl } from "../core/codeLinks.js";
import type { PieceText } from "./pieceText.js";

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export type PositionEncoding = "utf-16" | "utf-8" | "utf-32";

/**
 * The encoding the server uses with a client that offers `offered` (in its
 * order of preference): UTF-16 when offered or when the client says nothing
 * (LSP's default), else the first of UTF-8 and UTF-32 it offers, else UTF-16,
 * the one encoding every client must support.
 */
export function choosePositionEncoding(offered: readonly string[] | undefined): PositionEncoding {
  if (!offered || offered.length === 0 || offered.includes("utf-16")) return "utf-16";
  return (offered.find((e) => e === "utf-8" || e === "utf-32") as PositionEncoding | undefined) ?? "utf-16";
}

/** How many units of `encoding` the UTF-16 code unit at `i` (with a following low surrogate, the pair) takes, and how many code units it spans. */
function unitsAt(text: TextLike, i: number, encoding: "utf-8" | "utf-32"): { units: number; span: number } {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return { units: encoding === "utf-8" ? 4 : 1, span: 2 };
  }
  if (encoding === "utf-32") return { units: 1, span: 1 };
  // A lone surrogate goes out as U+FFFD, three bytes.
  return { units: c < 0x80 ? 1 : c < 0x800 ? 2 : 3, span: 1 };
}

/** The length in units of `encoding` of `text[from, to)`. */
export function encodedLength(text: TextLike, from: number, to: number, encoding: PositionEncoding): number {
  if (encoding === "utf-16") return to - from;
  let n = 0;
  for (let i = from; i < to;) {
    const u = unitsAt(text, i, encoding);
    n += u.units;
    i += u.span;
  }
  return n;
}

/**
 * The offset in `text` that is `units` units of `encoding` after `from`,
 * never past `end`; a count that ends inside a character gives that
 * character's start.
 */
export function offsetAfter(
  text: TextLike,
  from: number,
  end: number,
  units: number,
  encoding: PositionEncoding,
): number {
  if (encoding === "utf-16") return Math.min(from + Math.max(0, units), end);
  let n = 0;
  let i = from;
  while (i < end) {
    const u = unitsAt(text, i, encoding);
    if (n + u.units > units) break;
    n += u.units;
    i += u.span;
  }
  return i;
}

/** Where a related location's file is: its URI and line index, or undefined when unknown. */
export type ResolveFile = (file: string | undefined) => { uri: string; index: LineIndex } | undefined;

/** Conversions between the core's offsets and positions in one encoding. */
export class Positions {
  constructor(readonly encoding: PositionEncoding = "utf-16") {}

  position(index: LineIndex, offset: number): Position {
    const p = index.position(offset);
    if (this.encoding === "utf-16") return p;
    const start = index.lineStart(p.line);
    return { line: p.line, character: encodedLength(index.text, start, start + p.character, this.encoding) };
  }

  range(index: LineIndex, offset: number, length: number): Range {
    const start = this.position(index, offset);
    // Most ranges end on the line they start on: its end needs no search of the line index.
    if (this.encoding === "utf-16" && offset >= 0 && length >= 0) {
      const end = offset + length;
      if (end <= index.lineEnd(start.line) && end <= index.text.length)
        return { start, end: { line: start.line, character: start.character + length } };
    }
    return { start, end: this.position(index, offset + length) };
  }

  /** The offset of a position from the client (clamped to its line, as LineIndex.offset clamps). */
  offset(index: LineIndex, p: Position): number {
    if (this.encoding === "utf-16" || p.line < 0 || p.line >= index.lineCount) return index.offset(p.line, p.character);
    return offsetAfter(index.text, index.lineStart(p.line), index.lineEnd(p.line), p.character, this.encoding);
  }

  /** The offset in an open document's text of a position from the client (clamped to its line, as TextDocument clamps). */
  offsetIn(text: PieceText, p: Position): number {
    if (this.encoding === "utf-16" || p.line < 0 || p.line >= text.lineCount) return text.offsetAt(p.line, p.character);
    const start = text.lineStart(p.line);
    return offsetAfter(text, start, text.offsetAt(p.line, Number.MAX_SAFE_INTEGER), p.character, this.encoding);
  }

  textEdit(index: LineIndex, e: TextEditOffsets): TextEdit {
    return { range: this.range(index, e.offset, e.length), newText: e.newText };
  }

  diagnostic(d: CoreDiagnostic, index: LineIndex, resolve: ResolveFile, source: string): Diagnostic {
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of d.related ?? []) {
      const where = resolve(r.file);
      if (where)
        related.push({
          location: { uri: where.uri, range: this.range(where.index, r.offset, r.length) },
          message: r.message,
        });
    }
    const href = codeDocsUrl(d.code);
    return {
      range: this.range(index, d.offset, d.length),
      severity: SEVERITY[d.severity],
      code: d.code,
      ...(href ? { codeDescription: { href } } : {}),
      source,
      message: d.message,
      ...(related.length ? { relatedInformation: related } : {}),
      ...(d.code === "deprecated-type" ? { tags: [DiagnosticTag.Deprecated] } : {}),
    };
  }
}
