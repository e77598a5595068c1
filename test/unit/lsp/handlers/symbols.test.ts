/**
 * The outline over the protocol (handlers/symbols.ts): a document longer
 * than a slice (handlers/slices.ts) gets the core's symbols of the whole
 * document, on the lines the core places them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTmpfiles } from "../../../../server/src/core/tmpfiles/parse";
import { tmpfilesSymbols } from "../../../../server/src/core/tmpfiles/symbols";
import { serverForFile } from "../harness";

const { skip, client } = serverForFile();
let n = 0;

test("symbols of a document longer than a slice are the core's symbols of the whole document", { skip }, async () => {
  const c = client();
  const uri = c.uri(`symbols-${n++}.tmpfiles`);
  const lines: string[] = [];
  for (let i = 0; i < 1700; i++)
    lines.push(
      i % 7 === 0 ? "" : i % 11 === 0 ? `# c ${i}` : `${"dfLzR"[i % 5]} /run/s-${i} - - - -${i % 5 === 2 ? " /x" : ""}`,
    );
  const joined = lines.join("\r\n") + "\n";
  c.open(uri, joined);
  const symbols = await c.request<{ name: string; range: { start: { line: number } } }[]>(
    "textDocument/documentSymbol",
    { textDocument: { uri } },
  );
  const core = tmpfilesSymbols(parseTmpfiles(joined));
  assert.equal(symbols.length, core.length);
  assert.deepEqual(
    symbols.map((s) => s.name),
    core.map((s) => s.name),
  );
  assert.deepEqual(
    symbols.map((s) => s.range.start.line),
    core.map((s) => joined.slice(0, s.offset).split("\r\n").length - 1),
  );
});
