/**
 * `generate` and `plan` as the command line runs them on a manifest's text:
 * positions are for the errors only, so plain JSON without any is read by
 * JSON.parse alone (`plainJsonItems`), and a manifest is read again with
 * positions (`readManifest`) only when it may have an error or JSON.parse
 * cannot read it. Either way the lines and the errors are the same.
 */
import { formatItems, generateItems, plainJsonItems, type EtcItem, type GenerateOptions } from "./generate.js";
import type { Manifest } from "./model.js";
import { readManifest, type TextPieces } from "./read.js";

/** The manifest read by JSON.parse when it can be, and again with positions when it may have an error. */
function readForCommand(text: string, fileName: string, opts: GenerateOptions) {
  const plain = plainJsonItems(text, opts);
  return { plain, checked: plain?.errorFree ? undefined : readManifest(text, fileName) };
}

/** The snippet `generate` writes, and the manifest with positions when its errors must be listed. */
export function generateCommand(
  text: string,
  fileName: string,
  opts: GenerateOptions = {},
): { output: string; checked: Manifest | undefined } {
  const { plain, checked } = readForCommand(text, fileName, opts);
  return { output: formatItems(plain ? plain.items : generateItems(checked!, opts)), checked };
}

/**
 * A manifest as `plan` takes it: its items when JSON.parse reads it, else its
 * text; and the manifest with positions when its errors must be listed (the
 * caller drops it before reading the next, so that only one tree is held).
 */
export function planInputOf(
  text: string,
  fileName: string,
  opts: GenerateOptions = {},
): { input: string | { items: EtcItem[] }; checked: Manifest | undefined } {
  const { plain, checked } = readForCommand(text, fileName, opts);
  return { input: plain ? { items: plain.items } : text, checked };
}

/**
 * A manifest list as `plan` takes it, read as its file is read (`pieces`
 * gives the text), so that the text is never held whole: its items, when it
 * is plain JSON without errors. Undefined otherwise (an object, comments, an
 * error): then `planInputOf` of the whole text says what it holds.
 */
export function plainPlanInputOf(pieces: TextPieces, opts: GenerateOptions = {}): { items: EtcItem[] } | undefined {
  const plain = plainJsonItems(pieces, opts);
  return plain?.errorFree ? { items: plain.items } : undefined;
}
