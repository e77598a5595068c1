/**
 * Scenario: a NixOS module with a bad mode in each string form of
 * `systemd.tmpfiles.rules`. The errors show in the Problems panel on their
 * lines, a hover over the mode explains it, and the quick fix writes the
 * mode inside the string, in "…" and in ''…''.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioEnv } from "./diagnostics";
import { locate } from "./expectations";

const FILE = "tmpfiles-module.nix";
const MODULE = `{ config, lib, ... }:
{
  config = lib.mkIf config.services.example.enable {
    systemd.tmpfiles.rules = [
      "d /var/lib/example 0985 root root -"
    ] ++ [
      ''
        d /var/lib/example-cache 07777777 root root 10d
      ''
    ];
  };
}
`;

export async function nixModule({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  writeFileSync(join(ws.dir, FILE), MODULE);
  const quoted = locate(MODULE, "0985");
  const indented = locate(MODULE, "07777777");
  const fail = (what: string): never => {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-30).join("\n");
    throw new Error(
      [serverProblem ? `The language server is not there: ${serverProblem}` : "", what, log]
        .filter(Boolean)
        .join("\n\n"),
    );
  };

  await wb.openFile(FILE);
  const both = (rows: { line: number | undefined; severity: string }[]): boolean =>
    [quoted.line, indented.line].every((line) => rows.some((r) => r.line === line && r.severity === "error"));
  const rows = await wb.problems(both, serverProblem ? 10_000 : 60_000);
  await wb.screenshot("problems");
  if (!both(rows))
    fail(
      `Expected errors on lines ${quoted.line} and ${indented.line} of ${FILE}; the panel shows:\n${rows.map((r) => `  ${r.severity} line ${r.line}: ${r.label}`).join("\n")}`,
    );
  const at = rows.find((r) => r.line === quoted.line && r.severity === "error")!;
  // VS Code's label says "at line L and character C" (1-based).
  if (!new RegExp(`character ${quoted.column}\\b`).test(at.label)) {
    fail(
      `The error on line ${quoted.line} should start at column ${quoted.column}, on the mode inside the string: ${at.label}`,
    );
  }

  // VS Code may show the diagnostic's part of the hover before the server's answer: ask again until the answer is in.
  let hover = "";
  for (let i = 0; i < 3 && !/Mode/.test(hover); i++) {
    await wb.gotoLine(quoted.line, quoted.column + 1);
    hover = await wb
      .hoverAtCursor()
      .catch((e: unknown) => fail(`No hover over the mode on line ${quoted.line}: ${String(e)}`));
  }
  await wb.screenshot("hover");
  if (!/Mode/.test(hover)) fail(`The hover over the mode should explain it; it says:\n${hover}`);

  for (const [where, line, expect] of [
    [quoted, quoted.line, '"d /var/lib/example 0755 root root -"'],
    [indented, indented.line, "d /var/lib/example-cache 0755 root root 10d"],
  ] as const) {
    await wb.gotoLine(line, where.column + 1);
    const titles = await wb
      .quickFixMenu()
      .catch((e: unknown) => fail(`The quick-fix menu did not open on line ${line}: ${String(e)}`));
    const title = titles.find((t) => /0755/.test(t));
    if (!title) fail(`The quick-fix menu on line ${line} offers no mode: ${JSON.stringify(titles)}`);
    await wb.pickQuickFix(title!);
    const text = await wb.editorLine(line);
    if (!text.includes(expect))
      fail(`After "${title}", line ${line} reads ${JSON.stringify(text)}; expected ${JSON.stringify(expect)}.`);
  }
  await wb.screenshot("fixed");
  const after = await wb.problems(
    (r) => !r.some((x) => x.severity === "error" && (x.line === quoted.line || x.line === indented.line)),
    30_000,
  );
  if (after.some((x) => x.severity === "error" && (x.line === quoted.line || x.line === indented.line)))
    fail(`Errors are left after the fixes: ${after.map((r) => r.label).join("; ")}`);
}
