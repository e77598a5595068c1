/** The outline of a tmpfiles.d file: one symbol per entry line, named by its path. */
import { lineTypeAnyVersion } from "./lineTypes.js";
import type { TmpfilesDocument } from "./parse.js";

export type SymbolKind =
  "directory" | "file" | "link" | "device" | "pipe" | "copy" | "adjust" | "remove" | "ignore" | "unknown";

export interface TmpfilesSymbol {
  /** The path as systemd reads it (quotes and escapes resolved). */
  name: string;
  /** The type as written and what it does. */
  detail: string;
  kind: SymbolKind;
  /** The line's content. */
  offset: number;
  length: number;
  /** The path field. */
  selectionOffset: number;
  selectionLength: number;
}

const KIND_BY_LETTER: Record<string, SymbolKind> = {
  d: "directory",
  D: "directory",
  e: "directory",
  v: "directory",
  q: "directory",
  Q: "directory",
  f: "file",
  F: "file",
  w: "file",
  L: "link",
  c: "device",
  b: "device",
  p: "pipe",
  C: "copy",
  z: "adjust",
  Z: "adjust",
  m: "adjust",
  t: "adjust",
  T: "adjust",
  h: "adjust",
  H: "adjust",
  a: "adjust",
  A: "adjust",
  r: "remove",
  R: "remove",
  x: "ignore",
  X: "ignore",
};

export function tmpfilesSymbols(doc: Pick<TmpfilesDocument, "lines">): TmpfilesSymbol[] {
  const out: TmpfilesSymbol[] = [];
  for (const l of doc.lines) {
    if (l.kind !== "entry") continue;
    const type = l.fields.type;
    const path = l.fields.path;
    if (!type || !path) continue;
    const lt = lineTypeAnyVersion(type.value[0] ?? "");
    out.push({
      name: path.value || path.raw,
      detail: `${type.raw}${lt ? ` ${lt.name}` : ""}`,
      kind: KIND_BY_LETTER[type.value[0] ?? ""] ?? "unknown",
      offset: l.contentOffset,
      length: l.contentLength,
      selectionOffset: path.offset,
      selectionLength: path.length,
    });
  }
  return out;
}
