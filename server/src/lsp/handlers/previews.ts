/**
 * The client's previews (server/src/protocol.ts): the tmpfiles.d lines a
 * manifest becomes, and the plan of an activation from a previous
 * generation, both with the links from each line back to its entry.
 */
import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import { PlanInputError, readManifest } from "../../core/manifest/index.js";
import { LineIndex } from "../../core/text.js";
import type { GeneratePreviewResult, PlanInputProblems, PlanPreviewResult } from "../../protocol.js";
import { generateParams, planParams, validated } from "../params.js";
import * as previews from "../previews.js";
import type { HandlerContext } from "./context.js";

export async function generatePreview(ctx: HandlerContext, raw: unknown): Promise<GeneratePreviewResult> {
  const params = validated(generateParams, raw);
  const src = await ctx.sourceOf(params.uri);
  const manifest = readManifest(src.text, src.fileName);
  const fatal = manifest.diagnostics.find((d) => d.code === "json-syntax" || d.code === "manifest-shape");
  if (fatal)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `${params.uri} is not a manifest that can be read: ${fatal.message}`,
    );
  const g = previews.generatePreview(src, ctx.positions(), params.staticDir);
  return { uri: params.uri, version: ctx.versionNow(params.uri) ?? null, ...g };
}

/** Throws a ResponseError with the PlanInputProblems of the input that cannot be read. */
export async function planPreview(ctx: HandlerContext, raw: unknown): Promise<PlanPreviewResult> {
  const params = validated(planParams, raw);
  const oldSource: previews.Source =
    "uri" in params.old
      ? await ctx.sourceOf(params.old.uri)
      : { text: params.old.text, ...(params.old.fileName !== undefined ? { fileName: params.old.fileName } : {}) };
  const newSource = await ctx.sourceOf(params.new.uri);
  const pos = ctx.positions();
  try {
    return previews.planPreview(oldSource, newSource, pos, params.staticDir);
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw e;
    const src = e.which === "old" ? oldSource : newSource;
    const idx = new LineIndex(src.text);
    const data: PlanInputProblems = {
      which: e.which,
      problems: e.problems.map((p) => ({
        message: p.message,
        code: p.code,
        range: pos.range(idx, p.offset, p.length),
      })),
    };
    throw new ResponseError(ErrorCodes.InvalidParams, e.message, data);
  }
}
