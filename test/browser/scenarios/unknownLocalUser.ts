/**
 * Scenario: a tmpfiles.d file owned by a user this machine does not have.
 * The Problems panel warns (owner-not-on-host, "not in this machine's user
 * database"), and "Run systemd-tmpfiles Dry-Run", run here (no
 * tmpfiles.remote.host), shows systemd's own refusal of that line in the
 * terminal.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioEnv } from "./diagnostics";
import type { ProblemRow } from "../harness/workbench";
import { UNKNOWN_LOCAL_USER } from "./expectations";

export async function unknownLocalUser({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  writeFileSync(join(ws.dir, UNKNOWN_LOCAL_USER.file), `${UNKNOWN_LOCAL_USER.line}\n`);
  const name = UNKNOWN_LOCAL_USER.file.split("/").pop()!;
  const fail = (what: string): never => {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-30).join("\n");
    throw new Error(
      [serverProblem ? `The language server is not there: ${serverProblem}` : "", what, log]
        .filter(Boolean)
        .join("\n\n"),
    );
  };
  const warned = (row: { label: string; text: string }): boolean =>
    row.text.includes("owner-not-on-host") && row.label.includes("not in this machine's user database");

  await wb.openFile(name);
  // Other files of the workspace have problems on line 1 too: list this file's only.
  const onLine1 = (x: ProblemRow): boolean => x.line === 1 && warned(x);
  const found = (r: ProblemRow[]): boolean => r.some(onLine1);
  await wb.filterProblems(name);
  let rows = await wb.problems(found, serverProblem ? 10_000 : 30_000);
  if (!found(rows) && !serverProblem) {
    // The list is virtual: a filter typed while the panel was busy can leave this file's rows unrendered. Type it again.
    await wb.filterProblems(name);
    rows = await wb.problems(found, 30_000);
  }
  await wb.screenshot("problems");
  const row = rows.find(onLine1);
  if (!row) fail(`No owner-not-on-host warning on line 1 of ${name}: ${JSON.stringify(rows.map((r) => r.text))}`);
  if (row!.severity !== "warning")
    fail(`The unknown user is listed as ${row!.severity}, not as a warning: ${row!.label}`);
  if (!row!.label.includes(`'${UNKNOWN_LOCAL_USER.user}'`))
    fail(`The warning does not name the user '${UNKNOWN_LOCAL_USER.user}': ${row!.label}`);

  await wb.openFile(name);
  await wb.page.locator(".part.statusbar .statusbar-item", { hasText: "systemd" }).first().waitFor({ timeout: 30_000 });
  await wb.runCommand("tmpfiles: Run systemd-tmpfiles Dry-Run");
  await wb.terminalText((t) => /Press Enter to close/.test(t), 90_000);
  // xterm renders only the rows on screen: give the terminal the whole window before reading it all.
  await wb.runCommand("View: Toggle Maximized Panel");
  const text = await wb.terminalText((t) => /Press Enter to close/.test(t), 10_000);
  await wb.screenshot("terminal");
  const flat = text.replace(/\s+/g, "");
  const refusal = `<stdin>:1:Failedtoresolveuser'${UNKNOWN_LOCAL_USER.user}'`;
  if (!flat.includes(refusal))
    fail(
      `The dry-run terminal does not show systemd's refusal of line 1 (<stdin>:1: Failed to resolve user '${UNKNOWN_LOCAL_USER.user}'):\n${text}`,
    );
  const summary = /exit status 65: systemd-tmpfiles rejected 1 line \(1\)/.test(text.replace(/\s*\n\s*/g, " "));
  if (!summary) fail(`The dry-run terminal does not end with the rejected line 1 in its summary:\n${text}`);
}
