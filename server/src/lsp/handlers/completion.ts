/** Completion: types, modifiers, specifiers, modes, names and ages in tmpfiles.d lines; keys and values in manifests. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from "vscode-languageserver/node";
import type { Completion } from "../../core/service.js";
import { positionParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";

const COMPLETION_KIND: Record<Completion["kind"], CompletionItemKind> = {
  type: CompletionItemKind.Keyword,
  modifier: CompletionItemKind.Operator,
  specifier: CompletionItemKind.Variable,
  mode: CompletionItemKind.Value,
  user: CompletionItemKind.Constant,
  group: CompletionItemKind.Constant,
  age: CompletionItemKind.Unit,
  "age-by": CompletionItemKind.EnumMember,
  attribute: CompletionItemKind.EnumMember,
  acl: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  entry: CompletionItemKind.Snippet,
};

export async function completion(ctx: HandlerContext, raw: unknown): Promise<CompletionItem[]> {
  const params = validated(positionParams, raw);
  const v = await ctx.view(ctx.openDocument(params.textDocument.uri));
  if (!v) return [];
  const pos = ctx.positions();
  return v.features.completions(pos.offset(v.index, params.position)).map((c): CompletionItem => ({
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    ...(c.detail !== undefined ? { detail: c.detail } : {}),
    ...(c.documentation !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    ...(c.sortText !== undefined ? { sortText: c.sortText } : {}),
    ...(c.filterText !== undefined ? { filterText: c.filterText } : {}),
    ...(c.snippet !== undefined
      ? { insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText }
      : {}),
    textEdit: { range: pos.range(v.index, c.offset, c.length), newText: c.insertText },
  }));
}
