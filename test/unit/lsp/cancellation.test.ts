/**
 * $/cancelRequest over the protocol: the long requests of a large document
 * (semantic tokens, symbols, formatting), made a slice at a time
 * (handlers/slices.ts), stop at the next slice when the client cancels them
 * and answer RequestCancelled instead of the whole result.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CancellationTokenSource, type SemanticTokens } from "vscode-languageserver-protocol";
import { serverForFile } from "./harness";

const { skip, client } = serverForFile();

test(
  "a large document's tokens, symbols and formatting stop when the client cancels them: RequestCancelled",
  { skip, timeout: 120_000 },
  async () => {
    const c = client();
    const uri = c.uri("cancel.tmpfiles");
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`d   /run/cancel-${i}  0755 root root -`);
    c.open(uri, lines.join("\n") + "\n");
    await c.diagnosticsOf(uri, () => true, 60_000);
    const requests: [string, unknown][] = [
      ["textDocument/semanticTokens/full", { textDocument: { uri } }],
      ["textDocument/documentSymbol", { textDocument: { uri } }],
      ["textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
    ];
    for (const [method, params] of requests) {
      const source = new CancellationTokenSource();
      const answer = c.request(method, params, source.token);
      source.cancel();
      await assert.rejects(
        answer,
        (e: { code?: number }) => e.code === -32800,
        `${method}: RequestCancelled (-32800), not the whole answer`,
      );
    }
    // Asked again without cancelling, the whole answer comes: one token per field, 5 numbers each.
    const tokens = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    assert.ok(tokens.data.length >= 5 * 100_000, `${tokens.data.length / 5} tokens for 100,000 lines`);
  },
);
