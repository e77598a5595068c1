// The core is a pure library: nothing under server/src/core imports the
// editor, the protocol, or runs programs. The CLI, the server and the tests
// all call it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

test("server/src/core imports no editor, protocol or process code", () => {
  const core = join(__dirname, "../../server/src/core");
  const forbidden =
    /from\s+["'](vscode|vscode-languageserver[^"']*|vscode-languageclient[^"']*|vscode-jsonrpc[^"']*|node:child_process|child_process)["']/;
  const offenders = files(core).filter((f) => forbidden.test(readFileSync(f, "utf8")));
  assert.deepEqual(offenders, []);
  assert.ok(files(core).length > 20, "the core has its files");
});

test("the client, the server and the command line tell documents apart with one module (server/src/core/documentKind.ts)", () => {
  const root = join(__dirname, "../..");
  const sources = [
    ...files(join(root, "client/src")),
    ...files(join(root, "server/src/lsp")),
    ...files(join(root, "server/src/cli")),
  ];
  // The names and the $schema mark of docs/contracts.md §3 are spelled only there.
  const own = sources.filter((f) =>
    /["'`/][^"'`\n]*(\\?\.etc\\?\.json|etc-manifest)/.test(
      readFileSync(f, "utf8").replace(/^\s*(\/\/|\*|\/\*).*$/gm, ""),
    ),
  );
  assert.deepEqual(own, []);
  for (const f of [
    "client/src/selectors.ts",
    "server/src/lsp/state.ts",
    "server/src/lsp/workspace.ts",
    "server/src/cli/inputs.ts",
  ]) {
    assert.match(readFileSync(join(root, f), "utf8"), /from "[./]+(server\/src\/)?core\/documentKind(\.js)?"/, f);
  }
});

test("the language server's handlers ask each kind's service (core/service.ts), never compare the kind themselves", () => {
  const handlers = join(__dirname, "../../server/src/lsp/handlers");
  const branching = files(handlers).filter((f) => /\bkind\s*[!=]==?\s*["'`]/.test(readFileSync(f, "utf8")));
  assert.deepEqual(branching, []);
  assert.ok(files(handlers).length > 8, "the handlers have their files");
});
