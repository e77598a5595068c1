// package.json's contributes.commands and menus against the commands the extension registers
// (the Commands table of client/src/extension.ts, read as text: that file needs VS Code to load).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
};

function registered(): string[] {
  const src = readFileSync(join(ROOT, "client", "src", "extension.ts"), "utf8");
  const table = /export const Commands = \{([^}]*)\}/.exec(src);
  assert.ok(table, "extension.ts has its Commands table");
  return [...table[1]!.matchAll(/"(tmpfiles\.[A-Za-z]+)"/g)].map((m) => m[1]!);
}

test("every registered command is contributed once, with the tmpfiles category, and every menu entry names one of them", () => {
  const ids = registered();
  const contributed = pkg.contributes.commands.map((c) => c.command);
  assert.deepEqual([...contributed].sort(), [...ids].sort());
  for (const c of pkg.contributes.commands) assert.equal(c.category, "tmpfiles", c.command);
  for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
    for (const e of entries) assert.ok(ids.includes(e.command), `${menu}: ${e.command} is registered`);
  }
});

test("Preview Activation as Diff is where Preview Activation is, and a button of the activation report", () => {
  const when = (menu: string, command: string): (string | undefined)[] =>
    pkg.contributes.menus[menu]!.filter((e) => e.command === command).map((e) => e.when);
  for (const menu of ["commandPalette", "editor/context"])
    assert.deepEqual(when(menu, "tmpfiles.previewActivationDiff"), when(menu, "tmpfiles.previewActivation"), menu);
  assert.deepEqual(when("editor/title", "tmpfiles.previewActivationDiff"), ["tmpfiles.isActivationReport"]);
});
