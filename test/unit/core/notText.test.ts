// A file that is not text gets one diagnostic, from the same core function in
// check (checkTmpfiles) and the language server (TmpfilesTree); a text file
// with a stray NUL or a few bytes that are not UTF-8 is checked line by line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { notTextDiagnostic, notTextReason } from "../../../server/src/core/notText";
import { checkTmpfiles } from "../../../server/src/core/tmpfiles/check";
import { TmpfilesTree } from "../../../server/src/core/tmpfiles/incremental";

/** Something like the start of an ELF file: mostly NUL bytes and bytes that are not UTF-8, decoded as a reader decodes them. */
const BINARY = Buffer.from(
  Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? 0 : i % 5 === 0 ? 0xff : 0x41 + (i % 26))),
).toString("utf8");

test("what is not text: many NULs, invalid UTF-8 or controls at the start; not a stray one", () => {
  assert.ok(notTextReason(BINARY));
  assert.ok(notTextReason("\0\0\0"));
  assert.ok(
    notTextReason(Buffer.from("d /run/x 0755\n", "utf16le").toString("utf8")),
    "a UTF-16 file: every other byte NUL",
  );
  assert.equal(notTextReason(""), undefined);
  assert.equal(notTextReason("d /run/x 0755\n\0d /run/y 0755\n"), undefined, "one NUL among text");
  assert.equal(notTextReason("d /run/caf\ufffd 0755\nd /run/y 0755\n"), undefined, "one Latin-1 byte");
  assert.equal(notTextReason("d /run/x\t0755\r\n\fd /run/é😀\n"), undefined);
});

test("check gives a binary file one not-text diagnostic and puts none of its lines in the table", () => {
  const r = checkTmpfiles(BINARY, { fileName: "bin.conf" });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.offset, d.length]),
    [["not-text", "error", 0, 0]],
  );
  assert.deepEqual(r.items, []);
  assert.match(
    r.diagnostics[0]!.message,
    /^This is not a text file: its 6000 characters hold 2000 NUL bytes and 800 invalid UTF-8 sequences\./,
  );
  // Without the rule, the same text is a flood of line diagnostics.
  assert.ok(checkTmpfiles(BINARY.replace(/\0/g, "\n").replace(/\ufffd/g, "x")).diagnostics.length > 100);
});

test("the server's tree says the same, and back to the lines once the text is text", () => {
  const tree = new TmpfilesTree({});
  tree.update([{ path: "bin.conf", text: BINARY }]);
  assert.deepEqual(tree.file("bin.conf")!.diagnostics, [notTextDiagnostic(BINARY)]);
  assert.deepEqual(tree.file("bin.conf")!.diagnostics, checkTmpfiles(BINARY).diagnostics);
  const touched = tree.update([{ path: "bin.conf", text: "d run/x\n" }]);
  assert.ok(touched.has("bin.conf"));
  assert.deepEqual(
    tree.file("bin.conf")!.diagnostics.map((d) => d.code),
    ["path-not-absolute"],
  );
  tree.update([{ path: "bin.conf", text: BINARY }]);
  assert.deepEqual(
    tree.file("bin.conf")!.diagnostics.map((d) => d.code),
    ["not-text"],
  );
});
