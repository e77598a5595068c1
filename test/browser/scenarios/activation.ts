/**
 * Scenario: open the manifest, run "tmpfiles: Preview Activation", pick
 * another manifest of the workspace as the previous generation, and see the
 * plan beside it: the counts, the removed, added and replaced rows.
 */
import type { ScenarioEnv } from "./diagnostics";
import { ACTIVATION } from "./expectations";

const nbsp = (s: string): string => s.replace(/ /g, "\u00a0");

export async function activationPreview({ wb, cs, serverProblem }: ScenarioEnv): Promise<void> {
  await wb.openFile(ACTIVATION.file);
  await wb.page.locator(".part.statusbar .statusbar-item", { hasText: "systemd" }).first().waitFor({ timeout: 30_000 });
  await wb.runCommand("tmpfiles: Preview Activation");
  await wb.pick("Another manifest or generated file");
  await wb.screenshot("pick-previous");
  await wb.pick(ACTIVATION.previous, ACTIVATION.previous);
  const tab = wb.page.locator(`.tabs-container .tab[aria-label^="${ACTIVATION.tab}"]`);
  const lines = wb.page.locator(".editor-group-container .monaco-editor .view-lines");
  try {
    await tab.waitFor({ state: "visible", timeout: 30_000 });
    for (const want of [ACTIVATION.counts, ACTIVATION.replacedWas, ...ACTIVATION.rows]) {
      await lines
        .locator(".view-line", { hasText: nbsp(want) })
        .first()
        .waitFor({ state: "visible", timeout: 30_000 });
    }
  } catch (err) {
    await wb.screenshot("plan-incomplete");
    const shown = (await lines.allInnerTexts().catch(() => [])).join("\n---\n");
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-20).join("\n");
    throw new Error(
      [
        serverProblem ?? "",
        `The activation preview did not show the expected plan: ${String(err)}`,
        `Editors show:\n${shown}`,
        log,
      ]
        .filter(Boolean)
        .join("\n\n"),
      { cause: err },
    );
  }
  await wb.screenshot("plan");
}
