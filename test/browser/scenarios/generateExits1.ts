/**
 * Scenario: in VS Code's integrated terminal, `tmpfiles-lsp generate` on the
 * manifest of examples/ (two entries for one target) prints its errors on
 * stderr (stdout goes to /dev/null, so what shows came from stderr) and
 * exits with status 1.
 */
import { join } from "node:path";
import { REPO } from "../harness/paths";
import type { ScenarioEnv } from "./diagnostics";
import { GENERATE_EXITS_1 } from "./expectations";

export async function generateExits1({ wb, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const cli = join(REPO, "dist/cli.js");
  const fail = (what: string): never => {
    throw new Error(
      [serverProblem ?? "", what, cs.log().split("\n").slice(-10).join("\n")].filter(Boolean).join("\n\n"),
    );
  };
  // The shell starts in the workspace folder, a copy of examples/.
  await wb.typeInNewTerminal(`node '${cli}' generate ${GENERATE_EXITS_1.file} >/dev/null; echo "exit=$?"`);
  // The typed line reads `exit=$?`: only the shell's answer reads exit=<digits>.
  await wb.terminalText((t) => /exit=\d/.test(t), 60_000);
  await wb.runCommand("View: Toggle Maximized Panel");
  const text = await wb.terminalText((t) => /exit=\d/.test(t), 10_000);
  await wb.screenshot("terminal");
  // xterm wraps long lines at the terminal's width: match without the white space.
  const joined = text.replace(/\s+/g, "");
  const errors = joined.match(GENERATE_EXITS_1.error) ?? [];
  if (errors.length !== 2)
    fail(
      `The terminal should show generate's two conflicting-target errors (on stderr); it shows ${errors.length}:\n${text}`,
    );
  const status = /exit=(\d+)/.exec(joined.replace(/exit=\$\?/g, ""));
  if (status?.[1] !== "1")
    fail(
      `generate should exit with status 1; the terminal shows ${status ? `exit=${status[1]}` : "no exit status"}:\n${text}`,
    );
}
