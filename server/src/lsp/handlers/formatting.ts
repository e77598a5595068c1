/** Formatting (textDocument/formatting): the document's service's edits, for the kinds that format. */
import type { TextEdit } from "vscode-languageserver/node";
import { textDocumentParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";

export async function formatting(ctx: HandlerContext, raw: unknown): Promise<TextEdit[]> {
  const params = validated(textDocumentParams, raw);
  const v = await ctx.view(ctx.openDocument(params.textDocument.uri));
  const format = v?.features.format;
  if (!v || !format) return [];
  const pos = ctx.positions();
  return format().map((e) => pos.textEdit(v.index, e));
}
