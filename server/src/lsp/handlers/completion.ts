/** Completion: types, modifiers, specifiers, modes, names and ages in tmpfiles.d lines; keys and values in manifests. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from "vscode-languageserver/node";
import { manifestCompletions } from "../../core/manifest/index.js";
import { LineIndex } from "../../core/text.js";
import { tmpfilesCompletions, type CompletionKind } from "../../core/tmpfiles/complete.js";
import { positionParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
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
};

export function registerCompletion(ctx: HandlerContext): void {
  ctx.connection.onCompletion(
    ctx.guard("textDocument/completion", async (raw: unknown) => {
      const params = validated(positionParams, raw);
      const doc = ctx.openDocument(params.textDocument.uri);
      const kind = ctx.kindOfDocument(doc);
      const text = doc.getText();
      const pos = ctx.positions();
      if (kind === "tmpfiles") {
        const m = await ctx.model(doc);
        const names = m.names();
        const offset = pos.offset(m.index, params.position);
        return tmpfilesCompletions(text, offset, { systemdVersion: m.version, users: names.users, groups: names.groups, usersFrom: names.usersFrom, groupsFrom: names.groupsFrom }).map(
          (c): CompletionItem => ({
            label: c.label,
            kind: COMPLETION_KIND[c.kind],
            ...(c.detail !== undefined ? { detail: c.detail } : {}),
            ...(c.documentation !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
            ...(c.sortText !== undefined ? { sortText: c.sortText } : {}),
            filterText: c.insertText,
            textEdit: { range: pos.range(m.index, c.offset, c.length), newText: c.insertText },
          }),
        );
      }
      if (kind === "manifest") {
        const idx = new LineIndex(text);
        const offset = pos.offset(idx, params.position);
        return manifestCompletions(text, offset).map(
          (c): CompletionItem => ({
            label: c.label,
            kind: c.kind === "property" ? CompletionItemKind.Property : c.kind === "entry" ? CompletionItemKind.Snippet : CompletionItemKind.Value,
            ...(c.detail !== undefined ? { detail: c.detail } : {}),
            ...(c.documentation !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
            insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
            textEdit: { range: pos.range(idx, c.offset, c.length), newText: c.insertText },
          }),
        );
      }
      return [];
    }),
  );
}
