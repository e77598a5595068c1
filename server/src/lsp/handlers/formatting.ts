/**
 * Formatting (textDocument/formatting): the document's service's edits, for
 * the kinds that format. They are made a slice of lines at a time, with the
 * event loop given back between slices (see slices.ts), so a large file's
 * formatting does not hold up edits and their diagnostics, and a cancelled
 * request stops.
 */
import type { CancellationToken, TextEdit } from "vscode-languageserver/node";
import { textDocumentParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";
import { betweenSlices } from "./slices.js";

export async function formatting(ctx: HandlerContext, raw: unknown, token?: CancellationToken): Promise<TextEdit[]> {
  const params = validated(textDocumentParams, raw);
  const doc = ctx.openDocument(params.textDocument.uri);
  // The document may change while this runs: the version asked for is kept here.
  const version = doc.version;
  const v = await ctx.view(doc);
  const format = v?.features.format;
  if (!v || !format) return [];
  const steps = format();
  let step = steps.next();
  while (!step.done) {
    await betweenSlices(ctx, doc.uri, version, "formatting edits", token);
    step = steps.next();
  }
  const pos = ctx.positions();
  return step.value.map((e) => pos.textEdit(v.index, e));
}
