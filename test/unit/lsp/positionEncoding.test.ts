// Positions in each encoding a client can offer (LSP 3.17 general.positionEncodings):
// every range that goes out and every position that comes in counts characters
// as agreed, on lines where UTF-8, UTF-16 and UTF-32 differ (é is 2 bytes and
// 1 unit, 😀 is 4 bytes, 2 UTF-16 units and 1 code point).
import { test } from "node:test";
import assert from "node:assert/strict";
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  Hover,
  Range,
  SemanticTokens,
  TextEdit,
} from "vscode-languageserver-protocol";
import { choosePositionEncoding, encodedLength, offsetAfter } from "../../../server/src/lsp/convert";
import { applyTextEdits, startClient, serverBuilt } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

type Enc = "utf-8" | "utf-16" | "utf-32";

/** The test's own count of a line's first `col16` UTF-16 units in `enc`, independent of the server's. */
function toEnc(line: string, col16: number, enc: Enc): number {
  const head = line.slice(0, col16);
  if (enc === "utf-16") return head.length;
  if (enc === "utf-8") return Buffer.byteLength(head, "utf8");
  return [...head].length;
}
/** The UTF-16 column where `n` units of `enc` end on a line. */
function fromEnc(line: string, n: number, enc: Enc): number {
  const insidePair = (col: number): boolean =>
    /[\ud800-\udbff]/.test(line[col - 1] ?? "") && /[\udc00-\udfff]/.test(line[col] ?? "");
  for (let col = 0; col <= line.length; col++) if (!insidePair(col) && toEnc(line, col, enc) >= n) return col;
  return line.length;
}

test("choosing the encoding: UTF-16 whenever offered or nothing is said, else the client's first of UTF-8 and UTF-32", () => {
  assert.equal(choosePositionEncoding(undefined), "utf-16");
  assert.equal(choosePositionEncoding([]), "utf-16");
  assert.equal(choosePositionEncoding(["utf-8", "utf-16"]), "utf-16");
  assert.equal(choosePositionEncoding(["utf-8"]), "utf-8");
  assert.equal(choosePositionEncoding(["utf-32", "utf-8"]), "utf-32");
  assert.equal(choosePositionEncoding(["ebcdic"]), "utf-16");
});

test("encoded lengths and back, with a lone surrogate counted as U+FFFD", () => {
  const s = "aé😀\ud800b";
  assert.deepEqual(
    [
      encodedLength(s, 0, s.length, "utf-8"),
      encodedLength(s, 0, s.length, "utf-16"),
      encodedLength(s, 0, s.length, "utf-32"),
    ],
    [1 + 2 + 4 + 3 + 1, 6, 5],
  );
  assert.equal(offsetAfter(s, 0, s.length, 3, "utf-8"), 2, "after aé");
  assert.equal(offsetAfter(s, 0, s.length, 5, "utf-8"), 2, "inside 😀: its start");
  assert.equal(offsetAfter(s, 0, s.length, 7, "utf-8"), 4, "after 😀");
  assert.equal(offsetAfter(s, 0, s.length, 3, "utf-32"), 4);
  assert.equal(offsetAfter(s, 0, s.length, 99, "utf-32"), s.length, "clamped to the line");
});

for (const enc of ["utf-8", "utf-16", "utf-32"] as const) {
  test(
    `over the protocol in ${enc}: diagnostics, hover, completion, code actions, semantic tokens and edits on a line with é and 😀`,
    { skip },
    async () => {
      const c = await startClient({ positionEncodings: [enc] });
      try {
        assert.equal(c.initializeResult?.capabilities.positionEncoding, enc);
        const lines = ["d /run/é😀 0777 - -", "d /run/é😀/%z", "d /run/é😀/%"];
        const text = lines.join("\n") + "\n";
        const uri = c.uri("tmpfiles.d/café-😀.conf");
        c.open(uri, text);
        const at = (line: number, col16: number) => ({ line, character: toEnc(lines[line]!, col16, enc) });
        const textOf = (r: Range): string => {
          assert.equal(r.start.line, r.end.line);
          const line = lines[r.start.line]!;
          return line.slice(fromEnc(line, r.start.character, enc), fromEnc(line, r.end.character, enc));
        };
        const toUtf16 = (e: TextEdit): TextEdit => {
          const p = (q: { line: number; character: number }) => ({
            line: q.line,
            character: fromEnc(lines[q.line] ?? "", q.character, enc),
          });
          return { range: { start: p(e.range.start), end: p(e.range.end) }, newText: e.newText };
        };

        const diagnostics = await c.diagnosticsOf(uri, (d) => d.length >= 2);
        const byCode = (code: string): Diagnostic =>
          diagnostics.find((d) => d.code === code) ?? assert.fail(`${code} in ${JSON.stringify(diagnostics)}`);
        assert.equal(textOf(byCode("world-writable").range), "0777");
        assert.match(textOf(byCode("unknown-specifier").range), /^%z?$/);

        const modeAt = lines[0]!.indexOf("0777");
        const hover = await c.request<Hover>("textDocument/hover", {
          textDocument: { uri },
          position: at(0, modeAt + 1),
        });
        assert.match(JSON.stringify(hover.contents), /rwxrwxrwx/);
        assert.equal(textOf(hover.range!), "0777");

        const items = await c.request<CompletionItem[]>("textDocument/completion", {
          textDocument: { uri },
          position: at(2, lines[2]!.length),
        });
        const m = items.find((i) => i.label === "%m") ?? assert.fail("%m offered");
        assert.equal(textOf((m.textEdit as TextEdit).range), "/run/é😀/%");

        const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
          textDocument: { uri },
          range: { start: at(0, modeAt), end: at(0, modeAt + 4) },
          context: { diagnostics: [byCode("world-writable")] },
        });
        const sticky =
          actions.find((a) => /sticky/.test(a.title)) ??
          assert.fail(`a sticky-bit fix in ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.equal(
          applyTextEdits(text, sticky.edit!.changes![uri]!.map(toUtf16)).split("\n")[0],
          "d /run/é😀 1777 - -",
        );
        const pct = await c.request<CodeAction[]>("textDocument/codeAction", {
          textDocument: { uri },
          range: { start: at(1, lines[1]!.indexOf("%")), end: at(1, lines[1]!.indexOf("%")) },
          context: { diagnostics: [byCode("unknown-specifier")] },
        });
        const literal = pct.find((a) => /%%/.test(a.title)) ?? assert.fail("the %% fix");
        assert.equal(applyTextEdits(text, literal.edit!.changes![uri]!.map(toUtf16)).split("\n")[1], "d /run/é😀/%%z");

        const tokens = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
        const seen: string[] = [];
        let line = 0;
        let char = 0;
        for (let i = 0; i < tokens.data.length; i += 5) {
          const [dl, dc, len] = tokens.data.slice(i, i + 3) as [number, number, number];
          line += dl;
          char = dl ? dc : char + dc;
          if (line === 0) seen.push(textOf({ start: { line, character: char }, end: { line, character: char + len } }));
        }
        assert.deepEqual(seen, ["d", "/run/é😀", "0777", "-", "-"]);

        // An incremental edit in this encoding: the mode replaced by its range.
        c.edit(uri, { start: at(0, modeAt), end: at(0, modeAt + 4) }, "0755");
        const after = await c.diagnosticsOf(uri);
        assert.ok(!after.some((d) => d.code === "world-writable" || d.code === "mode-invalid"), JSON.stringify(after));
        const h2 = await c.request<Hover>("textDocument/hover", { textDocument: { uri }, position: at(0, modeAt + 1) });
        assert.match(JSON.stringify(h2.contents), /rwxr-xr-x/);
        assert.deepEqual(h2.range, hover.range, "the same span, now 0755");
      } finally {
        await c.stop();
      }
    },
  );
}
