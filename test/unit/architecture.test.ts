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
  const forbidden = /from\s+["'](vscode|vscode-languageserver[^"']*|vscode-languageclient[^"']*|vscode-jsonrpc[^"']*|node:child_process|child_process)["']/;
  const offenders = files(core).filter((f) => forbidden.test(readFileSync(f, "utf8")));
  assert.deepEqual(offenders, []);
  assert.ok(files(core).length > 20, "the core has its files");
});
