// The document store's text in pieces (server/src/lsp/pieceText.ts) reads
// as the plain string the same edits make: its characters, slices, lines
// and positions, after random edits of every kind (line breaks typed beside
// or between "\r" and "\n", pieces emptied, joined and split), with pieces
// small enough that every edit meets their edges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LineIndex } from "../../../server/src/core/text.js";
import { PieceText } from "../../../server/src/lsp/pieceText.js";
import { mulberry32 as rng } from "../../support/random.js";

const PIECES = ["\n", "\r\n", "\r", "a", "bc", "d /run/x 0755\n", "😀", "\n\n", "x\r", "\ny", ""];

function same(t: PieceText, want: string, what: string): void {
  assert.equal(t.length, want.length, what);
  assert.equal(t.slice(0, t.length), want, what);
  assert.equal(t.toString(), want, what);
  for (let i = 0; i < want.length; i++) assert.equal(t.charCodeAt(i), want.charCodeAt(i), `${what}: char ${i}`);
  const index = new LineIndex(want);
  const doc = TextDocument.create("file:///a", "tmpfiles", 1, want);
  assert.equal(t.lineCount, index.lineCount, `${what}: lines`);
  for (let l = 0; l < index.lineCount; l++) assert.equal(t.lineStart(l), index.lineStart(l), `${what}: line ${l}`);
  for (let o = 0; o <= want.length; o++) assert.deepEqual(t.positionAt(o), index.position(o), `${what}: offset ${o}`);
  for (let l = -1; l <= index.lineCount; l++) {
    for (const c of [-1, 0, 1, 2, 5, 1000]) {
      assert.equal(t.offsetAt(l, c), doc.offsetAt({ line: l, character: c }), `${what}: ${l}:${c}`);
    }
  }
}

test("a text kept in pieces reads as the string the same edits make", () => {
  for (const size of [1, 4, 16]) {
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed * 31 + size);
      const pick = (): string => PIECES[Math.floor(r() * PIECES.length)]!;
      let want = "";
      for (let k = 0; k < 30; k++) want += pick();
      let t = PieceText.of(want, size);
      same(t, want, `size ${size}, seed ${seed}, opened`);
      for (let step = 0; step < 60; step++) {
        const a = Math.floor(r() * (want.length + 1));
        const b = Math.min(want.length, a + Math.floor(r() * 8));
        const insert = r() < 0.3 ? "" : pick() + (r() < 0.3 ? pick() : "");
        const before = t;
        const beforeText = want;
        t = t.edited(a, b, insert);
        want = want.slice(0, a) + insert + want.slice(b);
        same(t, want, `size ${size}, seed ${seed}, step ${step}: ${JSON.stringify(want)}`);
        // The version before reads as it did.
        assert.equal(before.slice(0, before.length), beforeText);
      }
    }
  }
});
