/**
 * Scenario: on a line with an error, open the quick-fix menu (Ctrl+.), apply
 * the fix, and see the line change and its error leave the Problems panel.
 */
import { ERRORS_FILE, locate, RELATIVE_PATH } from "./expectations";
import type { ScenarioEnv } from "./diagnostics";

export async function quickFix({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const name = ERRORS_FILE.split("/").pop()!;
  const text = ws.read(RELATIVE_PATH.file);
  const at = locate(text, RELATIVE_PATH.line, RELATIVE_PATH.line.replace(/^\//, ""));
  const fail = (what: string): never => {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-30).join("\n");
    throw new Error(
      [serverProblem ? `The language server is not there: ${serverProblem}` : "", what, log]
        .filter(Boolean)
        .join("\n\n"),
    );
  };

  await wb.openFile(name);
  const errorOnLine = await wb.problems(
    (rows) => rows.some((r) => r.line === at.line && r.severity === "error"),
    serverProblem ? 10_000 : 60_000,
  );
  if (!errorOnLine.some((r) => r.line === at.line && r.severity === "error"))
    fail(`No error on line ${at.line} of ${name} to fix.`);

  await wb.gotoLine(at.line, at.column);
  const titles = await wb
    .quickFixMenu()
    .catch((e: unknown) => fail(`The quick-fix menu did not open on line ${at.line}: ${String(e)}`));
  await wb.screenshot("menu");
  const title = titles.find((t) => /absolute/i.test(t));
  if (!title)
    fail(
      `The quick-fix menu on line ${at.line} offers no fix for the relative path; it offers: ${JSON.stringify(titles)}`,
    );
  await wb.pickQuickFix(title!);

  const line = await wb.editorLine(at.line);
  if (!line.includes(RELATIVE_PATH.fixed))
    fail(
      `After "${title}", line ${at.line} reads ${JSON.stringify(line)}; expected it to hold ${RELATIVE_PATH.fixed}.`,
    );
  const rows = await wb.problems((r) => !r.some((x) => x.line === at.line && x.severity === "error"), 30_000);
  await wb.screenshot("fixed");
  const left = rows.filter((r) => r.line === at.line && r.severity === "error");
  if (left.length)
    fail(
      `The error on line ${at.line} is still in the Problems panel after the fix: ${left.map((r) => r.label).join("; ")}`,
    );
}
