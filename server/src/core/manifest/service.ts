/**
 * The editor features of an etc manifest (core/service.ts): hover,
 * completion and the outline, from the manifest read once per version.
 */
import type { DocumentService, OutlineSymbol, ServiceInput } from "../service.js";
import { manifestCompletions } from "./complete.js";
import { manifestHover } from "./hover.js";
import { targetNode, type Manifest } from "./model.js";
import { readManifest } from "./read.js";

/** The outline: one File per entry (a copy and a link are both a file in /etc; the mode in the detail tells them apart). */
function outline(m: Manifest): OutlineSymbol[] {
  return m.entries.map((e) => {
    const sel = targetNode(e);
    return {
      name: e.rawTarget || `entry ${e.index + 1}`,
      detail: e.mode ?? "symlink",
      kind: "file",
      offset: e.container.offset,
      length: e.container.length,
      selectionOffset: sel.offset,
      selectionLength: sel.length,
    };
  });
}

function open(input: ServiceInput): ReturnType<DocumentService["open"]> {
  let manifest: Manifest | undefined;
  let symbols: OutlineSymbol[] | undefined;
  const read = (): Manifest => (manifest ??= readManifest(input.text, input.fileName));
  return {
    hover: (offset) => manifestHover(read(), offset),
    completions: (offset) =>
      manifestCompletions(input.text, offset).map((c) => ({ ...c, snippet: c.snippet === true })),
    symbols(from, to) {
      const index = input.index;
      const start = index.lineStart(from);
      const end = to >= index.lineCount ? Number.POSITIVE_INFINITY : index.lineStart(to);
      return (symbols ??= outline(read())).filter((s) => s.offset >= start && s.offset < end);
    },
  };
}

export const manifestService: DocumentService = { kind: "manifest", diagnosticSource: "tmpfiles-manifest", open };
