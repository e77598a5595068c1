/**
 * Scenario: a tmpfiles.d file with a mistyped mode, type and age. On each
 * line, Ctrl+. offers the guessed fixes; the one picked rewrites the field,
 * and the line's error leaves the Problems panel (the others stay until
 * their turn).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioEnv } from "./diagnostics";
import { GUESSED_FIXES, locate } from "./expectations";

export async function guessedFixes({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const text = GUESSED_FIXES.lines.map((l) => l.text + "\n").join("");
  writeFileSync(join(ws.dir, GUESSED_FIXES.file), text);
  const name = GUESSED_FIXES.file.split("/").pop()!;
  const at = GUESSED_FIXES.lines.map((l) => ({ ...l, ...locate(text, l.text, l.token) }));
  const fail = (what: string): never => {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-30).join("\n");
    throw new Error(
      [serverProblem ? `The language server is not there: ${serverProblem}` : "", what, log]
        .filter(Boolean)
        .join("\n\n"),
    );
  };
  const errorOn = (rows: { line: number | undefined; severity: string }[], line: number): boolean =>
    rows.some((r) => r.line === line && r.severity === "error");

  await wb.openFile(name);
  // The workspace's other files have problems on the same line numbers: list this file's only.
  await wb.filterProblems(name);
  const first = await wb.problems((rows) => at.every((l) => errorOn(rows, l.line)), serverProblem ? 10_000 : 60_000);
  await wb.screenshot("errors");
  const missing = at.filter((l) => !errorOn(first, l.line));
  if (missing.length)
    fail(
      `No error on ${missing.map((l) => `line ${l.line} (${l.text})`).join(", ")} of ${name}: ${JSON.stringify(first.map((r) => r.label))}`,
    );

  for (const [i, l] of at.entries()) {
    await wb.openFile(name);
    await wb.gotoLine(l.line, l.column);
    const titles = await wb
      .quickFixMenu()
      .catch((e: unknown) => fail(`The quick-fix menu did not open on line ${l.line} (${l.text}): ${String(e)}`));
    await wb.screenshot(`menu-${i + 1}`);
    const title = titles.find((t) => t.includes(l.fix));
    if (!title)
      fail(
        `The quick-fix menu on ${JSON.stringify(l.text)} has no fix with ${JSON.stringify(l.fix)}; it offers ${JSON.stringify(titles)}`,
      );
    await wb.pickQuickFix(title!);
    const shown = await wb.editorLine(l.line);
    if (shown.trimEnd() !== l.fixed)
      fail(`After "${title}", line ${l.line} reads ${JSON.stringify(shown)}; expected ${JSON.stringify(l.fixed)}.`);
    const rows = await wb.problems((r) => !errorOn(r, l.line), 30_000);
    await wb.screenshot(`fixed-${i + 1}`);
    if (errorOn(rows, l.line))
      fail(
        `The error on line ${l.line} is still in the Problems panel after "${title}": ${rows
          .filter((r) => r.line === l.line)
          .map((r) => r.label)
          .join("; ")}`,
      );
    for (const later of at.slice(i + 1))
      if (!errorOn(rows, later.line))
        fail(`Fixing line ${l.line} also cleared the error of line ${later.line}, which is not fixed yet.`);
  }
}
