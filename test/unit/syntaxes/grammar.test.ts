/**
 * The TextMate grammar (syntaxes/tmpfiles.tmLanguage.json): syntax tests
 * with vscode-tmgrammar-test (grammar/*.test.tmpfiles), and every line of
 * the examples tokenized, each entry's type letter found.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");
const GRAMMAR = join(ROOT, "syntaxes", "tmpfiles.tmLanguage.json");
const CLI = join(ROOT, "node_modules", ".bin", "vscode-tmgrammar-test");

test(
  "syntax tests pass (vscode-tmgrammar-test)",
  { skip: !existsSync(CLI) && "vscode-tmgrammar-test is not installed" },
  () => {
    const r = spawnSync(CLI, ["-g", GRAMMAR, join(__dirname, "grammar", "*.test.tmpfiles")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  },
);

test("the grammar's entry regex finds the type letter of every example line", () => {
  const g = JSON.parse(readFileSync(GRAMMAR, "utf8")) as {
    scopeName: string;
    repository: { entry: { match: string } };
  };
  assert.equal(g.scopeName, "source.tmpfiles");
  // The grammar's regexes are Oniguruma; these use only what JavaScript reads the same way.
  const entry = new RegExp(g.repository.entry.match);
  const dir = join(ROOT, "examples", "tmpfiles.d");
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (/^\s*(#|$)/.test(line)) continue;
      const m = entry.exec(line);
      assert.ok(m, `${f}: ${line}`);
      assert.equal(m[1], line.trim()[0], line);
    }
  }
});
