/**
 * Scenario: open a tmpfiles.d file with errors, see them in the Problems
 * panel, hover over a field. Screenshots at each step.
 */
import type { CodeServer } from "../harness/codeServer";
import type { ProblemRow, Workbench } from "../harness/workbench";
import type { Workspace } from "../harness/workspace";
import { ERROR_LINES, ERRORS_FILE, HOVER, locate } from "./expectations";

const FILE = ERRORS_FILE.split("/").pop()!;

export interface ScenarioEnv {
  wb: Workbench;
  ws: Workspace;
  cs: CodeServer;
  /** Known reason the server cannot answer (e.g. it is not built); prefixed to failures. */
  serverProblem: string | undefined;
}

export async function diagnosticsAndHover({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const text = ws.read(ERRORS_FILE);
  const expected = ERROR_LINES.map((needle) => locate(text, needle).line);
  const fail = (what: string): never => {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-30).join("\n");
    throw new Error(
      [
        serverProblem ? `The language server is not there: ${serverProblem}` : "",
        what,
        log ? `Language server output:\n${log}` : "No output from the language server.",
      ]
        .filter(Boolean)
        .join("\n\n"),
    );
  };

  await wb.openFile(FILE);
  await wb.screenshot("opened");

  const missing = (rows: ProblemRow[]): number[] =>
    expected.filter((line) => !rows.some((r) => r.line === line && r.severity === "error"));
  // When the server is known to be missing, there is no point waiting long.
  const waitMs = serverProblem ? 10_000 : 60_000;
  const rows = await wb.problems((r) => missing(r).length === 0, waitMs);
  await wb.screenshot("problems");
  const notShown = missing(rows);
  if (notShown.length > 0) {
    fail(
      `Expected errors on lines ${expected.join(", ")} of ${FILE} in the Problems panel within ${waitMs / 1000} s; ` +
        `lines ${notShown.join(", ")} have none. The panel shows ${rows.length} problem(s):\n` +
        rows.map((r) => `  ${r.severity} line ${r.line}: ${r.label}`).join("\n"),
    );
  }

  // Hover over the mode of the relative-path line: 0755 reads as rwxr-xr-x.
  const at = locate(text, HOVER.line, HOVER.token);
  await wb.gotoLine(at.line, at.column + 1);
  const hover = await wb
    .hoverAtCursor()
    .catch((e: unknown) => fail(`No hover appeared over "${HOVER.token}" at line ${at.line}: ${String(e)}`));
  await wb.screenshot("hover-mode");
  if (!hover.includes(HOVER.expect)) {
    fail(
      `The hover over mode "${HOVER.token}" at line ${at.line} should spell it out as ${HOVER.expect}; it says:\n${hover}`,
    );
  }
}
