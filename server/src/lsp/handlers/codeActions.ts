/**
 * Code actions: the fixes of every problem on the lines a request's range
 * touches (Helix and other editors ask with the cursor alone, which is
 * seldom inside the problem's range), and "apply every preferred fix".
 */
import { CodeActionKind, type CodeAction, type TextEdit, type WorkspaceEdit } from "vscode-languageserver/node";
import { serviceOf } from "../../core/services.js";
import { fixAllEdits, fixAllTitle, type FileFix } from "../../core/fixAll.js";
import { linesRemovedBy, type LineIndex } from "../../core/text.js";
import type { Positions } from "../convert.js";
import { rangeParams, validated } from "../params.js";
import type { HandlerContext } from "./context.js";

/** A fix as a workspace edit, or undefined when a file it edits has no line index here. */
function workspaceEdit(
  fix: FileFix,
  pos: Positions,
  indexOf: (uri: string) => LineIndex | undefined,
): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) {
    const idx = indexOf(e.uri);
    if (!idx) return undefined;
    changes[e.uri] = [...(changes[e.uri] ?? []), ...e.edits.map((x) => pos.textEdit(idx, x))];
  }
  return { changes };
}

export async function codeActions(ctx: HandlerContext, raw: unknown): Promise<CodeAction[]> {
  const params = validated(rangeParams, raw);
  const doc = ctx.openDocument(params.textDocument.uri);
  const r = await ctx.checked(doc);
  if (!r) return [];
  const pos = ctx.positions();
  // A range that ends at the start of a line does not take that line.
  const { start, end } = params.range;
  const lastLine = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
  const from = r.index.lineStart(Math.min(start.line, lastLine));
  const to = r.index.lineEnd(Math.min(Math.max(start.line, lastLine), r.index.lineCount - 1));
  const only = params.context?.only;
  const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(o + "."));
  const indexOf = (uri: string): LineIndex | undefined => (uri === r.uri ? r.index : ctx.indexOf(uri));
  const source = serviceOf(r.kind).diagnosticSource;
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const p of r.problems) {
      const problemEnd = p.core.offset + p.core.length;
      if (!(p.core.offset <= to && problemEnd >= from)) continue;
      for (const fix of p.fixes) {
        const edit = workspaceEdit(fix, pos, indexOf);
        if (!edit) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [pos.diagnostic(p.core, r.index, r.resolve, source)],
          isPreferred: fix.preferred,
          edit,
        });
      }
    }
  }
  if (
    wants(CodeActionKind.SourceFixAll) &&
    (only !== undefined || actions.length > 0 || r.problems.some((p) => p.fixes.some((x) => x.preferred)))
  ) {
    const chosen = fixAllEdits(r.problems, r.uri);
    if (chosen.length) {
      actions.push({
        title: fixAllTitle(linesRemovedBy(String(r.text), chosen)),
        kind: CodeActionKind.SourceFixAll,
        edit: { changes: { [r.uri]: chosen.map((e) => pos.textEdit(r.index, e)) } },
      });
    }
  }
  return actions;
}
