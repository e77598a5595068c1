/**
 * Scenario: the Problems panel shows each diagnostic's code as a link to
 * its page in docs/codes, and on the line with the mode 0999 the quick-fix
 * menu offers the usual directory mode; picking it clears the error.
 */
import type { ScenarioEnv } from "./diagnostics";
import { BAD_MODE, ERRORS_FILE, locate } from "./expectations";
import { codeDocsUrl } from "../../../server/src/core/codeLinks";

export async function codeLinksAndGuesses({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const name = ERRORS_FILE.split("/").pop()!;
  const text = ws.read(ERRORS_FILE);
  const at = locate(text, BAD_MODE.line, BAD_MODE.token);
  const fail = (what: string): never => {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-30).join("\n");
    throw new Error(
      [serverProblem ? `The language server is not there: ${serverProblem}` : "", what, log]
        .filter(Boolean)
        .join("\n\n"),
    );
  };

  await wb.openFile(name);
  const rows = await wb.problems(
    (r) => r.some((x) => x.line === at.line && x.severity === "error"),
    serverProblem ? 10_000 : 60_000,
  );
  if (!rows.some((r) => r.line === at.line && r.severity === "error")) fail(`No error on line ${at.line} of ${name}.`);
  const links = await wb.problemCodeLinks();
  await wb.screenshot("code-links");
  const want = codeDocsUrl("mode-invalid")!;
  if (!links.some((l) => l.href === want))
    fail(`No code in the Problems panel links to ${want}; the links are ${JSON.stringify(links)}.`);

  await wb.gotoLine(at.line, at.column);
  const titles = await wb
    .quickFixMenu()
    .catch((e: unknown) => fail(`The quick-fix menu did not open on line ${at.line}: ${String(e)}`));
  await wb.screenshot("menu");
  if (!titles.includes(BAD_MODE.fix))
    fail(
      `The quick-fix menu on line ${at.line} does not offer ${JSON.stringify(BAD_MODE.fix)}; it offers ${JSON.stringify(titles)}.`,
    );
  await wb.pickQuickFix(BAD_MODE.fix);
  const line = await wb.editorLine(at.line);
  if (!line.includes(BAD_MODE.fixed)) fail(`After "${BAD_MODE.fix}", line ${at.line} reads ${JSON.stringify(line)}.`);
  const after = await wb.problems((r) => !r.some((x) => x.line === at.line && x.severity === "error"), 30_000);
  await wb.screenshot("fixed");
  if (after.some((x) => x.line === at.line && x.severity === "error"))
    fail(`The error on line ${at.line} is still in the Problems panel after the fix.`);
}
