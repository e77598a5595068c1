/** Hover: what the field under the cursor means, for tmpfiles.d lines and manifest entries alike. */
import { MarkupKind } from "vscode-languageserver/node";
import { manifestHover, readManifest } from "../../core/manifest/index.js";
import { LineIndex } from "../../core/text.js";
import { tmpfilesHover } from "../../core/tmpfiles/hover.js";
import { positionParams, validated } from "../params.js";
import { uriToPath } from "../workspace.js";
import type { HandlerContext } from "./context.js";

export function registerHover(ctx: HandlerContext): void {
  ctx.connection.onHover(
    ctx.guard("textDocument/hover", async (raw: unknown) => {
      const params = validated(positionParams, raw);
      const doc = ctx.openDocument(params.textDocument.uri);
      const kind = ctx.kindOfDocument(doc);
      const pos = ctx.positions();
      if (kind === "tmpfiles") {
        const m = await ctx.model(doc);
        const offset = pos.offset(m.index, params.position);
        const h = tmpfilesHover(m.lineDoc(offset), offset, { systemdVersion: m.version });
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: pos.range(m.index, h.offset, h.length) } : null;
      }
      if (kind === "manifest") {
        const text = doc.getText();
        const idx = new LineIndex(text);
        const h = manifestHover(readManifest(text, uriToPath(doc.uri)), pos.offset(idx, params.position));
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: pos.range(idx, h.offset, h.length) } : null;
      }
      return null;
    }),
  );
}
