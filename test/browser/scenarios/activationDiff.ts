/**
 * Scenario: open the manifest, run "tmpfiles: Preview Activation as Diff",
 * pick another manifest as the previous generation, and see VS Code's diff
 * editor with the previous generation's snippet on the left and the new one
 * on the right, without diagnostics on either side. Run again: the same tab
 * is reused.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import type { ScenarioEnv } from "./diagnostics";
import { ACTIVATION_DIFF, locate, MANIFEST_PREVIEW } from "./expectations";

const nbsp = (s: string): string => s.replace(/ /g, "\u00a0");

export async function activationDiff({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const diff = wb.page.locator(".monaco-diff-editor").first();
  const side = (which: "original" | "modified"): Locator =>
    diff.locator(`.editor.${which} .lines-content > .view-lines`);
  const fail = async (what: string): Promise<never> => {
    await wb.screenshot("diff-incomplete");
    const shown = await Promise.all(
      (["original", "modified"] as const).map(
        async (w) =>
          `${w}:\n${(
            await side(w)
              .innerText()
              .catch(() => "")
          ).replace(/\u00a0/g, " ")}`,
      ),
    );
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-20).join("\n");
    const client = cs.outputChannel("tmpfiles").split("\n").slice(-20).join("\n");
    throw new Error([serverProblem ?? "", what, shown.join("\n"), log, client].filter(Boolean).join("\n\n"));
  };
  const tabs = wb.page.locator(`.tabs-container .tab[aria-label^="${ACTIVATION_DIFF.title}"]`);
  const run = async (previous = ACTIVATION_DIFF.previous): Promise<void> => {
    await wb.runCommand("tmpfiles: Preview Activation as Diff");
    await wb.pick("Another manifest or generated file");
    await wb.pick(previous, previous);
  };

  await wb.openFile(ACTIVATION_DIFF.file);
  await wb.page.locator(".part.statusbar .statusbar-item", { hasText: "systemd" }).first().waitFor({ timeout: 30_000 });
  // git HEAD is offered only inside a git work tree: not in the scratch folder, then once it is one.
  const offered = async (): Promise<string[]> => {
    await wb.runCommand("tmpfiles: Preview Activation as Diff");
    const labels = await wb.quickPickLabels(2);
    await wb.page.keyboard.press("Escape");
    return labels;
  };
  const gitHead = `${ACTIVATION_DIFF.file} at git HEAD`;
  const outside = await offered();
  if (outside.some((l) => l.includes(gitHead)))
    return fail(
      `Outside a git repository the previous generations offered include git HEAD: ${JSON.stringify(outside)}`,
    );
  execFileSync("git", ["init", "-q", ws.dir]);
  const inside = await offered();
  if (!inside.some((l) => l.includes(gitHead)))
    return fail(`In a git work tree the previous generations offered lack git HEAD: ${JSON.stringify(inside)}`);
  await run();
  try {
    await tabs.first().waitFor({ state: "visible", timeout: 30_000 });
    for (const want of ACTIVATION_DIFF.onlyPrevious)
      await side("original")
        .locator(".view-line", { hasText: nbsp(want) })
        .first()
        .waitFor({ state: "visible", timeout: 30_000 });
    for (const want of ACTIVATION_DIFF.onlyNew)
      await side("modified")
        .locator(".view-line", { hasText: nbsp(want) })
        .first()
        .waitFor({ state: "visible", timeout: 30_000 });
  } catch (err) {
    return fail(`The activation diff did not show both generations: ${String(err)}`);
  }
  await wb.screenshot("diff");
  const [left, right] = await Promise.all([side("original").innerText(), side("modified").innerText()]);
  for (const want of ACTIVATION_DIFF.onlyNew)
    if (left.replace(/\u00a0/g, " ").includes(want))
      return fail(`The previous side shows a line of the new generation: ${want}`);
  for (const want of ACTIVATION_DIFF.onlyPrevious)
    if (right.replace(/\u00a0/g, " ").includes(want))
      return fail(`The new side shows a line of the previous generation: ${want}`);

  // An edit of the manifest (unsaved) shows on the new side.
  const at = locate(ws.read(ACTIVATION_DIFF.file), MANIFEST_PREVIEW.target, MANIFEST_PREVIEW.target);
  // Its tab, not Quick Open: the manifest is open already, and Quick Open's list changes as it dedupes "recently opened".
  const manifestTab = wb.page.locator(`.tabs-container .tab[aria-label^="${ACTIVATION_DIFF.file}"]`).first();
  await manifestTab.click();
  await wb.gotoLine(at.line, at.column + MANIFEST_PREVIEW.target.length - 1);
  await wb.page.keyboard.type(MANIFEST_PREVIEW.renamed.slice("hosts".length));
  await tabs.first().click();
  try {
    await side("modified")
      .locator(".view-line", { hasText: nbsp(`L+ /etc/${MANIFEST_PREVIEW.renamed} `) })
      .first()
      .waitFor({ state: "visible", timeout: 30_000 });
  } catch (err) {
    return fail(
      `The diff did not follow the edit of ${ACTIVATION_DIFF.file} to ${MANIFEST_PREVIEW.renamed}: ${String(err)}`,
    );
  }
  await wb.screenshot("diff-follows-edit");
  await manifestTab.click();
  await wb.runCommand("File: Revert File");

  // Again, against the same generation: one tab, not a second.
  await run();
  await side("modified")
    .locator(".view-line", { hasText: nbsp(ACTIVATION_DIFF.onlyNew[0]!) })
    .first()
    .waitFor({ state: "visible", timeout: 30_000 });
  const count = await tabs.count();
  if (count !== 1)
    return fail(`Running the command again opened ${count} diff tabs for ${ACTIVATION_DIFF.file}, not one.`);

  // Against another generation (the manifest itself, copied): still one tab, its title names the new one, both sides alike.
  writeFileSync(join(ws.dir, ACTIVATION_DIFF.same), ws.read(ACTIVATION_DIFF.file));
  await run(ACTIVATION_DIFF.same);
  await side("original")
    .locator(".view-line", { hasText: nbsp(ACTIVATION_DIFF.onlyNew[0]!) })
    .first()
    .waitFor({ state: "visible", timeout: 30_000 });
  const titles = await wb.page
    .locator(".tabs-container .tab")
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
  const diffs = titles.filter((t) => t.includes("(activation)"));
  if (diffs.length !== 1 || !diffs[0]!.startsWith(`${ACTIVATION_DIFF.same} ↔ `))
    return fail(
      `Against ${ACTIVATION_DIFF.same}, the tabs are ${JSON.stringify(titles)}: expected one activation diff named after it.`,
    );

  // Generated lines are not checked again there: no squiggle on either side.
  const squiggles = await diff.locator(".squiggly-error, .squiggly-warning").count();
  await wb.screenshot("diff-again");
  if (squiggles > 0)
    return fail(`The diff's documents have ${squiggles} error or warning squiggle(s); nothing should check them.`);

  // From the activation report: its title bar's button opens the diff against the report's previous generation.
  await wb.openFile(ACTIVATION_DIFF.file);
  await wb.runCommand("tmpfiles: Preview Activation");
  await wb.pick("Another manifest or generated file");
  await wb.pick(ACTIVATION_DIFF.previous, ACTIVATION_DIFF.previous);
  const report = wb.page.locator(`.tabs-container .tab[aria-label^="${ACTIVATION_DIFF.report}"]`).first();
  await report.waitFor({ state: "visible", timeout: 30_000 });
  await report.click();
  const button = wb.page
    .locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Preview Activation as Diff"]')
    .first();
  try {
    await button.waitFor({ state: "visible", timeout: 10_000 });
  } catch (err) {
    const actions = await wb.page
      .locator(".editor-group-container.active .editor-actions .action-label")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? e.getAttribute("title") ?? ""));
    return fail(
      `The activation report has no "Preview Activation as Diff" button in its title bar (it has ${JSON.stringify(actions)}): ${String(err)}`,
    );
  }
  await button.click();
  await wb.page
    .locator(".editor-group-container.active .tabs-container .tab.active", { hasText: ACTIVATION_DIFF.title })
    .first()
    .waitFor({ state: "visible", timeout: 30_000 });
  await side("modified")
    .locator(".view-line", { hasText: nbsp(ACTIVATION_DIFF.onlyNew[0]!) })
    .first()
    .waitFor({ state: "visible", timeout: 30_000 });
  await wb.screenshot("diff-from-report");
}
