/**
 * Semantic tokens: the whole document, a delta against the last whole
 * result, or a range of lines, read a slice of lines at a time (slices.ts).
 */
import type { CancellationToken, SemanticTokens, SemanticTokensDelta } from "vscode-languageserver/node";
import type { OpenDocument } from "../documentStore.js";
import { TOKEN_ROLES, type TokenRole } from "../../core/tmpfiles/semanticTokens.js";
import { encodedLength } from "../convert.js";
import { semanticTokensDeltaParams, semanticTokensRangeParams, textDocumentParams, validated } from "../params.js";
import { TokenData } from "../tokenData.js";
import type { HandlerContext } from "./context.js";
import { ALL_LINES, inSlices } from "./slices.js";

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

function pushTokens(
  ctx: HandlerContext,
  doc: OpenDocument,
  builder: TokenData,
  lines: readonly [number, number],
  token?: CancellationToken,
): Promise<void> {
  const pos = ctx.positions();
  return inSlices(
    ctx,
    doc,
    "semantic tokens",
    (f) => f.tokens,
    lines,
    token,
    (t, index) => {
      const p = pos.position(index, t.offset);
      builder.push(
        p.line,
        p.character,
        encodedLength(index.text, t.offset, t.offset + t.length, pos.encoding),
        TOKEN_TYPES.indexOf(TOKEN_TYPE_OF_ROLE[t.role]),
        0,
      );
    },
  );
}

export async function semanticTokensFull(
  ctx: HandlerContext,
  raw: unknown,
  token?: CancellationToken,
): Promise<SemanticTokens> {
  const params = validated(textDocumentParams, raw);
  const doc = ctx.openDocument(params.textDocument.uri);
  const builder = new TokenData();
  ctx.tokenBuilders.set(doc.uri, builder);
  await pushTokens(ctx, doc, builder, ALL_LINES, token);
  return builder.build();
}

export async function semanticTokensDelta(
  ctx: HandlerContext,
  raw: unknown,
  token?: CancellationToken,
): Promise<SemanticTokens | SemanticTokensDelta> {
  const params = validated(semanticTokensDeltaParams, raw);
  const doc = ctx.openDocument(params.textDocument.uri);
  let builder = ctx.tokenBuilders.get(doc.uri);
  if (!builder) ctx.tokenBuilders.set(doc.uri, (builder = new TokenData()));
  builder.clear();
  await pushTokens(ctx, doc, builder, ALL_LINES, token);
  return builder.buildDelta(params.previousResultId);
}

export async function semanticTokensRange(
  ctx: HandlerContext,
  raw: unknown,
  token?: CancellationToken,
): Promise<SemanticTokens> {
  const params = validated(semanticTokensRangeParams, raw);
  const doc = ctx.openDocument(params.textDocument.uri);
  const builder = new TokenData();
  await pushTokens(ctx, doc, builder, [params.range.start.line, params.range.end.line + 1], token);
  return builder.build();
}
