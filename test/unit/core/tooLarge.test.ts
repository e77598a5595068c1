// A tmpfiles.d file too large to read is one diagnostic, from the same core
// function in check (checkTree) and the language server (TmpfilesTree), and
// none of its lines are in the table of paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkTree } from "../../../server/src/core/tmpfiles/tree";
import { TmpfilesTree } from "../../../server/src/core/tmpfiles/incremental";
import { LARGEST_CHECKED_BYTES, tooLargeDiagnostic } from "../../../server/src/core/tooLarge";
import { readTextFile, readTextFileSync, TooLargeInput } from "../../../server/src/core/readTextFile";
import { sparseFile } from "../../support/sparseFile";

test("the limit lets a 100,000-line file be checked: twice its 3.9 MB", () => {
  assert.ok(LARGEST_CHECKED_BYTES >= 2 * 3_898_532, `${LARGEST_CHECKED_BYTES}`);
});

test("checkTree gives a file not read one too-large warning, with its size, and keeps none of its lines", () => {
  const big = { path: "a.conf", text: "", tooLarge: { bytes: 12 * 1024 * 1024 } };
  const later = { path: "b.conf", text: "d /run/x 0755\n" };
  const r = checkTree([big, later]);
  assert.deepEqual(
    r[0]!.diagnostics.map((d) => [d.code, d.severity, d.offset, d.length]),
    [["too-large", "warning", 0, 0]],
  );
  assert.match(
    r[0]!.diagnostics[0]!.message,
    /^This file is larger than 8 MiB \(12\.0 MiB\), the most checked line by line/,
  );
  assert.equal(r[0]!.result, undefined);
  assert.deepEqual(r[1]!.diagnostics, []);
  assert.doesNotMatch(tooLargeDiagnostic().message, /\(/, "no size when none is known");
});

test("the server's tree says the same, and checks the lines again once the file is read", () => {
  const tree = new TmpfilesTree({});
  tree.update([{ path: "a.conf", text: "", tooLarge: { bytes: 9 * 1024 * 1024 } }]);
  assert.deepEqual(
    tree.file("a.conf")!.diagnostics,
    checkTree([{ path: "a.conf", text: "", tooLarge: { bytes: 9 * 1024 * 1024 } }])[0]!.diagnostics,
  );
  const touched = tree.update([{ path: "a.conf", text: "d run/x\n" }]);
  assert.ok(touched.has("a.conf"));
  assert.deepEqual(
    tree.file("a.conf")!.diagnostics.map((d) => d.code),
    ["path-not-absolute"],
  );
  tree.update([{ path: "a.conf", text: "", tooLarge: {} }]);
  assert.deepEqual(
    tree.file("a.conf")!.diagnostics.map((d) => d.code),
    ["too-large"],
  );
});

test("the reader refuses a file one byte over its cap as too large, with the size stat gives", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-lsp-large-"));
  const path = join(dir, "big.conf");
  sparseFile(path, 1001);
  assert.throws(
    () => readTextFileSync(path, { maxBytes: 1000 }),
    (e: unknown) => e instanceof TooLargeInput && e.bytes === 1001,
  );
  await assert.rejects(
    readTextFile(path, { maxBytes: 1000 }),
    (e: unknown) => e instanceof TooLargeInput && e.bytes === 1001,
  );
  assert.equal(readTextFileSync(path, { maxBytes: 1001 }).length, 1001);
});
