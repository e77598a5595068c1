/**
 * Scenario: open the manifest, run "tmpfiles: Preview Generated tmpfiles.d"
 * from the command palette, and see the generated lines beside it.
 */
import type { ScenarioEnv } from "./diagnostics";
import { MANIFEST_PREVIEW } from "./expectations";

export async function generatedPreview({ wb, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const name = MANIFEST_PREVIEW.file.split("/").pop()!;
  await wb.openFile(name);
  // The extension is active for the manifest once its status bar item shows.
  await wb.page.locator(".part.statusbar .statusbar-item", { hasText: "systemd" }).first().waitFor({ timeout: 30_000 });
  await wb.runCommand("tmpfiles: Preview Generated tmpfiles.d");
  const tab = wb.page.locator(`.tabs-container .tab[aria-label^="${name}.tmpfiles"]`);
  try {
    await tab.waitFor({ state: "visible", timeout: 30_000 });
    // The preview's text as rendered (Monaco renders spaces as no-break spaces).
    await wb.page
      .locator(".monaco-editor .view-lines .view-line", {
        hasText: MANIFEST_PREVIEW.linkLine.trim().replace(/ /g, "\u00a0"),
      })
      .first()
      .waitFor({ state: "visible", timeout: 30_000 });
  } catch (err) {
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-20).join("\n");
    throw new Error(
      [
        serverProblem ?? "",
        `The preview of ${name} did not show ${JSON.stringify(MANIFEST_PREVIEW.linkLine)}: ${String(err)}`,
        log,
      ]
        .filter(Boolean)
        .join("\n\n"),
      { cause: err },
    );
  }
  // Highlighted as tmpfiles.d: the type column gets a token colour of its own (not the default mtk1).
  const colored = wb.page
    .locator(".editor-group-container:not(.active) .monaco-editor .view-lines .view-line span span:not(.mtk1)")
    .first();
  const highlighted = await colored.waitFor({ state: "attached", timeout: 15_000 }).then(
    () => true,
    () => false,
  );
  await wb.screenshot("preview");
  if (!highlighted) throw new Error(`The preview of ${name} shows the lines but is not highlighted as tmpfiles.d.`);
}
