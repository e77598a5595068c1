/**
 * The requests that go over a whole document: the outline, formatting and
 * semantic tokens (whole, as a delta against the last result, or for a
 * range). A tmpfiles.d document is read a slice of lines at a time, giving
 * the event loop back between slices, so edits and their diagnostics go on
 * while a large file's tokens or symbols are made; a request whose document
 * changed meanwhile ends with ContentModified, a cancelled one with
 * RequestCancelled.
 */
import {
  LSPErrorCodes,
  ResponseError,
  SemanticTokensBuilder,
  SymbolKind,
  type CancellationToken,
  type DocumentSymbol,
  type SemanticTokens,
  type SemanticTokensDelta,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { readManifest } from "../../core/manifest/index.js";
import { LineIndex } from "../../core/text.js";
import { coalesceEdits, formatTmpfiles } from "../../core/tmpfiles/format.js";
import { parseLinesOf, type TmpfilesDocument } from "../../core/tmpfiles/parse.js";
import { semanticTokens, TOKEN_ROLES, type TokenRole } from "../../core/tmpfiles/semanticTokens.js";
import { tmpfilesSymbols, type SymbolKind as CoreSymbolKind } from "../../core/tmpfiles/symbols.js";
import { SINCE } from "../../core/versions.js";
import { encodedLength } from "../convert.js";
import { semanticTokensDeltaParams, semanticTokensRangeParams, textDocumentParams, validated } from "../params.js";
import { uriToPath } from "../workspace.js";
import type { HandlerContext } from "./context.js";

/**
 * Lines read between two returns to the event loop: 500 lines of tokens
 * take about 1 ms, so a didChange waits about that long behind them.
 */
const SLICE_LINES = 500;

/** Token types of the legend, one per role of the core (by index). */
const TOKEN_TYPE_OF_ROLE: Record<TokenRole, string> = {
  type: "keyword",
  modifier: "modifier",
  path: "string",
  specifier: "macro",
  mode: "number",
  owner: "variable",
  age: "number",
  argument: "parameter",
  comment: "comment",
  unset: "operator",
};
export const TOKEN_TYPES = [...new Set(TOKEN_ROLES.map((r) => TOKEN_TYPE_OF_ROLE[r]))];

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

/** Registers the handlers; `forget` drops what is kept for a document once it is closed. */
export function registerWholeDocumentHandlers(ctx: HandlerContext): { forget(uri: string): void } {
  const connection = ctx.connection;
  const guard = ctx.guard.bind(ctx);
  const openDocument = (uri: string) => ctx.openDocument(uri);
  const kindOfDocument = (doc: TextDocument) => ctx.kindOfDocument(doc);
  /** The builder of each open document's last whole-document tokens, for answering a delta against them. */
  const tokenBuilders = new Map<string, SemanticTokensBuilder>();

  /** Runs `each` over lines [fromLine, toLine) of a tmpfiles.d document, SLICE_LINES at a time. */
  async function inSlices(doc: TextDocument, what: string, fromLine: number, toLine: number, token: CancellationToken | undefined, each: (slice: TmpfilesDocument, index: LineIndex) => void): Promise<void> {
    // TextDocument.update changes a document in place: the version asked for is kept here.
    const version = doc.version;
    const m = await ctx.model(doc);
    const escapes = m.version >= SINCE.escapesInFields;
    const index = m.index;
    const text = index.text;
    const last = Math.min(toLine, index.lineCount);
    for (let l = Math.max(0, fromLine); l < last; l += SLICE_LINES) {
      const end = Math.min(last, l + SLICE_LINES);
      each(parseLinesOf(text, index.lineStart(l), end >= index.lineCount ? text.length : index.lineStart(end), l, { escapes }), index);
      if (end < last) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `The ${what} request was cancelled.`);
        if (ctx.versionNow(doc.uri) !== version) throw new ResponseError(LSPErrorCodes.ContentModified, `The document changed while its ${what} were computed.`);
      }
    }
  }

  function pushTokens(doc: TextDocument, builder: SemanticTokensBuilder, fromLine: number, toLine: number, token?: CancellationToken): Promise<void> {
    return inSlices(doc, "semantic tokens", fromLine, toLine, token, (slice, index) => {
      const pos = ctx.positions();
      for (const t of semanticTokens(slice)) {
        const p = pos.position(index, t.offset);
        builder.push(p.line, p.character, encodedLength(index.text, t.offset, t.offset + t.length, pos.encoding), TOKEN_TYPES.indexOf(TOKEN_TYPE_OF_ROLE[t.role]), 0);
      }
    });
  }

  connection.onDocumentSymbol(
    guard("textDocument/documentSymbol", async (raw: unknown, token) => {
      const params = validated(textDocumentParams, raw);
      const doc = openDocument(params.textDocument.uri);
      const kind = kindOfDocument(doc);
      const pos = ctx.positions();
      if (kind === "tmpfiles") {
        const out: DocumentSymbol[] = [];
        await inSlices(doc, "symbols", 0, Number.MAX_SAFE_INTEGER, token, (slice, index) => {
          for (const s of tmpfilesSymbols(slice)) {
            out.push({
              name: s.name || "(empty path)",
              detail: s.detail,
              kind: SYMBOL_KIND[s.kind],
              range: pos.range(index, s.offset, s.length),
              selectionRange: pos.range(index, s.selectionOffset, s.selectionLength),
            });
          }
        });
        return out;
      }
      if (kind === "manifest") {
        const text = doc.getText();
        const idx = new LineIndex(text);
        const manifest = readManifest(text, uriToPath(doc.uri));
        return manifest.entries.map(
          (e): DocumentSymbol => {
            const sel = e.fields.get("target")?.value ?? e.nameNode ?? e.node;
            return {
              name: e.rawTarget || `entry ${e.index + 1}`,
              detail: e.mode ?? "symlink",
              // A copy and a link are both a file in /etc; the mode in the detail tells them apart.
              kind: SymbolKind.File,
              range: pos.range(idx, e.container.offset, e.container.length),
              selectionRange: pos.range(idx, sel.offset, sel.length),
            };
          },
        );
      }
      return [];
    }),
  );

  connection.onDocumentFormatting(
    guard("textDocument/formatting", async (raw: unknown) => {
      const params = validated(textDocumentParams, raw);
      const doc = openDocument(params.textDocument.uri);
      if (kindOfDocument(doc) !== "tmpfiles") return [];
      const m = await ctx.model(doc);
      const pos = ctx.positions();
      return coalesceEdits(m.doc.text, formatTmpfiles(m.doc)).map((e) => pos.textEdit(m.index, e));
    }),
  );

  connection.languages.semanticTokens.on(
    guard<unknown, SemanticTokens>("textDocument/semanticTokens/full", async (raw: unknown, token) => {
      const params = validated(textDocumentParams, raw);
      const doc = openDocument(params.textDocument.uri);
      const builder = new SemanticTokensBuilder();
      tokenBuilders.set(doc.uri, builder);
      if (kindOfDocument(doc) === "tmpfiles") await pushTokens(doc, builder, 0, Number.MAX_SAFE_INTEGER, token);
      return builder.build();
    }),
  );

  connection.languages.semanticTokens.onDelta(
    guard<unknown, SemanticTokens | SemanticTokensDelta>("textDocument/semanticTokens/full/delta", async (raw: unknown, token) => {
      const params = validated(semanticTokensDeltaParams, raw);
      const doc = openDocument(params.textDocument.uri);
      let builder = tokenBuilders.get(doc.uri);
      if (!builder) tokenBuilders.set(doc.uri, (builder = new SemanticTokensBuilder()));
      builder.previousResult(params.previousResultId);
      if (kindOfDocument(doc) === "tmpfiles") await pushTokens(doc, builder, 0, Number.MAX_SAFE_INTEGER, token);
      return builder.buildEdits();
    }),
  );

  connection.languages.semanticTokens.onRange(
    guard<unknown, SemanticTokens>("textDocument/semanticTokens/range", async (raw: unknown, token) => {
      const params = validated(semanticTokensRangeParams, raw);
      const doc = openDocument(params.textDocument.uri);
      const builder = new SemanticTokensBuilder();
      if (kindOfDocument(doc) === "tmpfiles") await pushTokens(doc, builder, params.range.start.line, params.range.end.line + 1, token);
      return builder.build();
    }),
  );

  return { forget: (uri) => void tokenBuilders.delete(uri) };
}
