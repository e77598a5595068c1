// A file read a piece at a time gives the text readTextFileSync gives, in order, with the same refusals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTextFilePiecesSync, readTextFileSync, TooLargeInput } from "../../../server/src/core/readTextFile";

test("the pieces of a file, joined, are its text: characters of several bytes cut by the 64 KiB reads included", () => {
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-lsp-pieces-"));
  const path = join(dir, "f.json");
  // 3- and 4-byte characters laid so that some straddle the 65,536-byte boundaries of the reads.
  writeFileSync(path, "a€😀".repeat(40_000) + "z");
  const pieces: string[] = [];
  readTextFilePiecesSync(path, { maxBytes: 1 << 24 }, (p) => pieces.push(p));
  assert.ok(pieces.length > 3);
  assert.equal(pieces.join(""), readTextFileSync(path, { maxBytes: 1 << 24 }));
  assert.throws(() => readTextFilePiecesSync(path, { maxBytes: 1000 }, () => undefined), TooLargeInput);
});
