/**
 * The open documents, as TextDocuments keeps them (incremental sync), and
 * beside them where each version differs from the text last checked, so a
 * check re-reads only those lines.
 */
import { TextDocumentContentChangeEvent, TextDocuments } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { composeChanges, type TextChange } from "../core/tmpfiles/incremental.js";
import type { Positions } from "./convert.js";

/** Changes to an open document since its lines were last brought up to date: one range in offsets of `base`, or unknown. */
export interface PendingChange {
  base: string;
  change?: TextChange;
  unknown?: boolean;
}

/** Open documents that record their pending changes in `edits`; `positions` says how the client counts a range. */
export function trackedDocuments(
  edits: Map<string, PendingChange>,
  positions: () => Positions,
): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      edits.delete(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      let pending = edits.get(document.uri);
      if (!pending) edits.set(document.uri, (pending = { base: document.getText() }));
      const pos = positions();
      let doc = document;
      for (const raw of changes) {
        // TextDocument counts in UTF-16: a range in another encoding is converted against the text it applies to.
        const c = TextDocumentContentChangeEvent.isIncremental(raw)
          ? { ...raw, range: { start: pos.inDocument(doc, raw.range.start), end: pos.inDocument(doc, raw.range.end) } }
          : raw;
        if (!pending.unknown && TextDocumentContentChangeEvent.isIncremental(c)) {
          // TextDocument.update swaps a range that ends before it starts; the change recorded is the one it applies.
          const a = doc.offsetAt(c.range.start);
          const b = doc.offsetAt(c.range.end);
          pending.change = composeChanges(pending.change, Math.min(a, b), Math.max(a, b), c.text.length);
        } else pending.unknown = true;
        doc = TextDocument.update(doc, [c], version);
      }
      return doc;
    },
  });
}
