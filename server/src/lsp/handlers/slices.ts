/**
 * The requests that go over a whole document (the outline, semantic
 * tokens) read it a slice of lines at a time, giving the event loop back
 * between slices, so edits and their diagnostics go on while a large file's
 * tokens or symbols are made; a request whose document changed meanwhile
 * ends with ContentModified, a cancelled one with RequestCancelled.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from "vscode-languageserver/node";
import type { OpenDocument } from "../documentStore.js";
import type { DocumentFeatures } from "../../core/service.js";
import type { LineIndex } from "../../core/text.js";
import type { HandlerContext } from "./context.js";

/**
 * Lines read between two returns to the event loop: 500 lines of tokens
 * take about 1 ms, so a didChange waits about that long behind them.
 */
const SLICE_LINES = 500;

/** Every line of a document. */
export const ALL_LINES: readonly [number, number] = [0, Number.MAX_SAFE_INTEGER];

/**
 * Reads lines [from, to) of a document with the feature `read` picks (nothing
 * when its kind has none), SLICE_LINES at a time, handing each item to `each`.
 */
export async function inSlices<T>(
  ctx: HandlerContext,
  doc: OpenDocument,
  what: string,
  read: (f: DocumentFeatures) => ((fromLine: number, toLine: number) => T[]) | undefined,
  [fromLine, toLine]: readonly [number, number],
  token: CancellationToken | undefined,
  each: (item: T, index: LineIndex) => void,
): Promise<void> {
  // The document may change while this runs: the version asked for is kept here.
  const version = doc.version;
  const v = await ctx.view(doc);
  const feature = v && read(v.features);
  if (!v || !feature) return;
  const index = v.index;
  const last = Math.min(toLine, index.lineCount);
  for (let l = Math.max(0, fromLine); l < last; l += SLICE_LINES) {
    const end = Math.min(last, l + SLICE_LINES);
    for (const item of feature(l, end)) each(item, index);
    if (end < last) await betweenSlices(ctx, doc.uri, version, what, token);
  }
}

/**
 * Gives the event loop back between two slices of a request on document
 * `uri` of `version`; throws RequestCancelled when the request was
 * cancelled meanwhile, ContentModified when the document changed.
 */
export async function betweenSlices(
  ctx: HandlerContext,
  uri: string,
  version: number,
  what: string,
  token: CancellationToken | undefined,
): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (token?.isCancellationRequested)
    throw new ResponseError(LSPErrorCodes.RequestCancelled, `The ${what} request was cancelled.`);
  if (ctx.versionNow(uri) !== version)
    throw new ResponseError(LSPErrorCodes.ContentModified, `The document changed while its ${what} were computed.`);
}
