/**
 * Formatting over the protocol (handlers/formatting.ts): a large document is
 * formatted as one edit, the same text the core's per-line edits give, and
 * a large document's formatting gives way to an edit that arrives meanwhile
 * (ContentModified), then formats the new text when asked again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TextEdit } from "vscode-languageserver-protocol";
import { formatTmpfiles } from "../../../../server/src/core/tmpfiles/format";
import { applyEdits } from "../../../../server/src/core/text";
import { parseTmpfiles } from "../../../../server/src/core/tmpfiles/parse";
import { applyTextEdits, serverForFile } from "../harness";

const { skip, client } = serverForFile();
let n = 0;

test(
  "formatting a large unformatted document is one edit, and it formats as the per-line edits do",
  { skip },
  async () => {
    const c = client();
    const uri = c.uri(`format-${n++}.tmpfiles`);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`d   /run/f-${i}    0755 root   root -`);
    const text = lines.join("\n") + "\n";
    c.open(uri, text);
    const edits = await c.request<
      {
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        newText: string;
      }[]
    >("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(edits.length, 1, "one edit instead of 3,000");
    assert.equal(applyTextEdits(text, edits), applyEdits(text, formatTmpfiles(parseTmpfiles(text))));
  },
);

test(
  "formatting a large document gives way to an edit: it ends with ContentModified, and asked again formats the new text",
  { skip, timeout: 120_000 },
  async () => {
    const c = client();
    const uri = c.uri(`format-large-${n++}.tmpfiles`);
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`d   /run/fl-${i}  0755 root root -`);
    const text = lines.join("\n") + "\n";
    c.open(uri, text);
    await c.diagnosticsOf(uri, () => true, 60_000);
    const params = { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } };
    const formatting = c.request<TextEdit[]>("textDocument/formatting", params);
    c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "d /run/bad 9999\n");
    await assert.rejects(
      formatting,
      (e: { code?: number }) => e.code === -32801,
      "ContentModified (-32801): the text the edits were for is gone",
    );
    const edits = await c.request<TextEdit[]>("textDocument/formatting", params);
    assert.equal(edits.length, 1, "one edit instead of 100,000");
    const now = "d /run/bad 9999\n" + text;
    assert.equal(applyTextEdits(now, edits), applyEdits(now, formatTmpfiles(parseTmpfiles(now))));
  },
);
