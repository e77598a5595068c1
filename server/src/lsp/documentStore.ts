/**
 * The open documents (incremental sync), each version's text kept as
 * pieces of lines (pieceText.ts) so an edit does not copy the whole text,
 * and beside them where each version differs from the text last checked,
 * so a check re-reads only those lines.
 */
import { TextDocumentContentChangeEvent, TextDocuments, type Position, type Range } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { composeChanges, type TextChange } from "../core/tmpfiles/incremental.js";
import type { Positions } from "./convert.js";
import { PieceText } from "./pieceText.js";

/** Changes to an open document since its lines were last brought up to date: one range in offsets of `base`, or unknown. */
export interface PendingChange {
  base: PieceText;
  change?: TextChange;
  unknown?: boolean;
}

/** One version of an open document: a TextDocument whose text is kept in pieces (`getText()` makes the whole string, once). */
export class OpenDocument implements TextDocument {
  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    readonly text: PieceText,
  ) {}

  get lineCount(): number {
    return this.text.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.text.toString();
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  getLineRange(line: number): Range {
    const start = this.text.lineStart(line);
    const end = this.text.offsetAt(line, Number.MAX_SAFE_INTEGER);
    return { start: { line, character: 0 }, end: { line, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    return this.text.slice(this.text.offsetAt(line, Number.MAX_SAFE_INTEGER), this.text.lineStart(line + 1));
  }

  positionAt(offset: number): Position {
    return this.text.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.text.offsetAt(position.line, position.character);
  }
}

/** Open documents that record their pending changes in `edits`; `positions` says how the client counts a range. */
export function trackedDocuments(
  edits: Map<string, PendingChange>,
  positions: () => Positions,
): TextDocuments<OpenDocument> {
  return new TextDocuments<OpenDocument>({
    create: (uri, languageId, version, content) => {
      edits.delete(uri);
      return new OpenDocument(uri, languageId, version, PieceText.of(content));
    },
    update: (document, changes, version) => {
      let pending = edits.get(document.uri);
      if (!pending) edits.set(document.uri, (pending = { base: document.text }));
      const pos = positions();
      let text = document.text;
      for (const c of changes) {
        if (!TextDocumentContentChangeEvent.isIncremental(c)) {
          pending.unknown = true;
          text = PieceText.of(c.text);
          continue;
        }
        // A range in another encoding is converted against the text it applies to; one that ends before it starts is swapped.
        const a = pos.offsetIn(text, c.range.start);
        const b = pos.offsetIn(text, c.range.end);
        const start = Math.min(a, b);
        const end = Math.max(a, b);
        if (!pending.unknown) pending.change = composeChanges(pending.change, start, end, c.text.length);
        text = text.edited(start, end, c.text);
      }
      return new OpenDocument(document.uri, document.languageId, version, text);
    },
  });
}
