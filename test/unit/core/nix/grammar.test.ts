// The Nix grammar reads the constructs that tmpfiles.d rules are written in,
// as Nix itself reads them, and parser.ts is what scripts/nix-grammar.mjs makes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseNix } from "../../../../server/src/core/nix/parse";

function shape(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Lezer's Tree prints itself at run time; its types do not declare toString
  return parseNix(text).toString();
}

function errors(text: string): number {
  let n = 0;
  parseNix(text).iterate({ enter: (node) => void (node.type.isError && n++) });
  return n;
}

test("parser.ts is made from the published grammar by scripts/nix-grammar.mjs", () => {
  const r = spawnSync(process.execPath, [join(__dirname, "../../../../scripts/nix-grammar.mjs"), "--check"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
});

test("an indented string's escapes (''$, ''', ''\\x) stay inside the string", () => {
  const text = "{ a = ''\n  x ''${y} ''' ''\\n\n''; b = [ \"d /x 0755 - - -\" ]; }";
  assert.equal(errors(text), 0);
  assert.equal(
    shape(text),
    'Program(AttrSet("{",Bind(AttrPath(Identifier),IndentedString),Bind(AttrPath(Identifier),List("[",String,"]")),"}"))',
  );
});

test("interpolations open at ${ but not at $${, in both string forms", () => {
  assert.equal(shape('"a ${b} $${c}"'), 'Program(String(Interpolation(Identifier,"}")))');
  assert.equal(shape("''a ${b} $${c}''"), 'Program(IndentedString(Interpolation(Identifier,"}")))');
});

test("a backslash escapes in \"…\" and is a character in ''…''", () => {
  assert.equal(shape('"a \\" b"'), "Program(String)");
  assert.equal(shape("''a \\'' b"), "Program(App(IndentedString,Identifier))");
});

test("++ is one operator, and formals may end with a comma", () => {
  assert.equal(shape('[ "a" ] ++ b'), 'Program(BinaryExpr(List("[",String,"]"),Identifier))');
  assert.equal(errors("{ lib, pkgs, }: lib"), 0);
  assert.equal(errors("{ lib, pkgs, ... }: lib"), 0);
});
