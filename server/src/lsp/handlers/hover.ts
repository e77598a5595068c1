/** Hover: what the field under the cursor means, from the document's service. */
import { MarkupKind, type Hover } from "vscode-languageserver/node";
import { positionParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";

export async function hover(ctx: HandlerContext, raw: unknown): Promise<Hover | null> {
  const params = validated(positionParams, raw);
  const v = await ctx.view(ctx.openDocument(params.textDocument.uri));
  if (!v) return null;
  const pos = ctx.positions();
  const h = v.features.hover(pos.offset(v.index, params.position));
  return h
    ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: pos.range(v.index, h.offset, h.length) }
    : null;
}
