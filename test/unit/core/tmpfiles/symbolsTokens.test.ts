import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTmpfiles } from "../../../../server/src/core/tmpfiles/parse";
import { tmpfilesSymbols } from "../../../../server/src/core/tmpfiles/symbols";
import { semanticTokens } from "../../../../server/src/core/tmpfiles/semanticTokens";

test("one symbol per entry line, named by its path", () => {
  const text = "# c\nd /run/app 0755\nL+ '/etc/a b' - - - - /x\nbad\n";
  const s = tmpfilesSymbols(parseTmpfiles(text));
  assert.deepEqual(
    s.map((x) => [x.name, x.detail, x.kind]),
    [
      ["/run/app", "d create directory", "directory"],
      ["/etc/a b", "L+ create symlink", "link"],
    ],
  );
  assert.equal(text.slice(s[1]!.selectionOffset, s[1]!.selectionOffset + s[1]!.selectionLength), "'/etc/a b'");
});

test("tokens by role, specifiers and modifiers apart, in order and disjoint", () => {
  const text = "# note\nd! /run/%m/x 0755 - root 10d\nf /y - - - - a%bc\n";
  const toks = semanticTokens(parseTmpfiles(text));
  const shown = toks.map((t) => `${t.role}:${text.slice(t.offset, t.offset + t.length)}`);
  assert.deepEqual(shown, [
    "comment:# note",
    "type:d",
    "modifier:!",
    "path:/run/",
    "specifier:%m",
    "path:/x",
    "mode:0755",
    "unset:-",
    "owner:root",
    "age:10d",
    "type:f",
    "path:/y",
    "unset:-",
    "unset:-",
    "unset:-",
    "unset:-",
    "argument:a",
    "specifier:%b",
    "argument:c",
  ]);
  for (let i = 1; i < toks.length; i++) assert.ok(toks[i]!.offset >= toks[i - 1]!.offset + toks[i - 1]!.length);
});
