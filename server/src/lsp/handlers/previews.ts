/**
 * The client's previews (server/src/protocol.ts): the tmpfiles.d lines a
 * manifest becomes, and the plan of an activation from a previous
 * generation, both with the links from each line back to its entry.
 */
import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import { PlanInputError, readManifest } from "../../core/manifest/index.js";
import { LineIndex } from "../../core/text.js";
import { GeneratePreviewRequest, PlanPreviewRequest, type PlanInputProblems, type PlanPreviewResult } from "../../protocol.js";
import { generateParams, planParams, validated } from "../params.js";
import { generatePreview, planPreview, type Source } from "../previews.js";
import type { HandlerContext } from "./context.js";

export function registerPreviews(ctx: HandlerContext): void {
  ctx.connection.onRequest(
    GeneratePreviewRequest,
    ctx.guard(GeneratePreviewRequest.method, async (raw: unknown) => {
      const params = validated(generateParams, raw);
      const src = await ctx.sourceOf(params.uri);
      const manifest = readManifest(src.text, src.fileName);
      const fatal = manifest.diagnostics.find((d) => d.code === "json-syntax" || d.code === "manifest-shape");
      if (fatal) throw new ResponseError(ErrorCodes.InvalidParams, `${params.uri} is not a manifest that can be read: ${fatal.message}`);
      const g = generatePreview(src, ctx.positions(), params.staticDir);
      return { uri: params.uri, version: ctx.versionNow(params.uri) ?? null, ...g };
    }),
  );

  ctx.connection.onRequest(
    PlanPreviewRequest,
    ctx.guard<unknown, PlanPreviewResult, PlanInputProblems>(PlanPreviewRequest.method, async (raw: unknown) => {
      const params = validated(planParams, raw);
      const oldSource: Source = "uri" in params.old ? await ctx.sourceOf(params.old.uri) : { text: params.old.text, ...(params.old.fileName !== undefined ? { fileName: params.old.fileName } : {}) };
      const newSource = await ctx.sourceOf(params.new.uri);
      const pos = ctx.positions();
      try {
        return planPreview(oldSource, newSource, pos, params.staticDir);
      } catch (e) {
        if (!(e instanceof PlanInputError)) throw e;
        const src = e.which === "old" ? oldSource : newSource;
        const idx = new LineIndex(src.text);
        const data: PlanInputProblems = { which: e.which, problems: e.problems.map((p) => ({ message: p.message, code: p.code, range: pos.range(idx, p.offset, p.length) })) };
        throw new ResponseError(ErrorCodes.InvalidParams, e.message, data);
      }
    }),
  );
}
