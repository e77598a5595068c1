/** The outline (textDocument/documentSymbol), read a slice of lines at a time (slices.ts). */
import { SymbolKind, type CancellationToken, type DocumentSymbol } from "vscode-languageserver/node";
import type { SymbolKind as CoreSymbolKind } from "../../core/tmpfiles/symbols.js";
import { textDocumentParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";
import { ALL_LINES, inSlices } from "./slices.js";

/**
 * Outline kinds that read naturally in editors that print them (Helix,
 * Neovim): LSP has no Folder, so a directory is a Package (VS Code draws a
 * box); whatever makes a file-system entry (files, links, devices, pipes,
 * copies) is a File, its type in the detail; lines that adjust what exists
 * are Properties; removals are Null (the path made not to be); exclusions
 * are Constants (left as they are). docs/editors.md has the table.
 */
const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  directory: SymbolKind.Package,
  file: SymbolKind.File,
  link: SymbolKind.File,
  device: SymbolKind.File,
  pipe: SymbolKind.File,
  copy: SymbolKind.File,
  adjust: SymbolKind.Property,
  remove: SymbolKind.Null,
  ignore: SymbolKind.Constant,
  unknown: SymbolKind.Variable,
};

export async function documentSymbols(
  ctx: HandlerContext,
  raw: unknown,
  token?: CancellationToken,
): Promise<DocumentSymbol[]> {
  const params = validated(textDocumentParams, raw);
  const doc = ctx.openDocument(params.textDocument.uri);
  const pos = ctx.positions();
  const out: DocumentSymbol[] = [];
  await inSlices(
    ctx,
    doc,
    "symbols",
    (f) => f.symbols,
    ALL_LINES,
    token,
    (s, index) => {
      out.push({
        name: s.name,
        detail: s.detail,
        kind: SYMBOL_KIND[s.kind],
        range: pos.range(index, s.offset, s.length),
        selectionRange: pos.range(index, s.selectionOffset, s.selectionLength),
      });
    },
  );
  return out;
}
