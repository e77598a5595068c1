/**
 * Scenario: the manifest of examples/ has two entries for one target (a
 * NixOS build failure). "tmpfiles: Preview Generated tmpfiles.d" opens with
 * its errors, names the entry it dropped, and shows them in the Problems
 * panel as problems of the preview.
 */
import type { ScenarioEnv } from "./diagnostics";
import { locate, MANIFEST_VERDICT } from "./expectations";

export async function previewVerdict({ wb, ws, cs, serverProblem }: ScenarioEnv): Promise<void> {
  const text = ws.read(MANIFEST_VERDICT.file);
  const used = locate(text, MANIFEST_VERDICT.target).line;
  const dropped = locate(text, MANIFEST_VERDICT.target, MANIFEST_VERDICT.target, used).line;
  // The dropped entry's number: how many entries of the list start on or before its line.
  const droppedEntry = text
    .split("\n")
    .slice(0, dropped)
    .filter((l) => /^\s*\{/.test(l)).length;
  const droppedText = MANIFEST_VERDICT.dropped(used, dropped, droppedEntry);
  const name = MANIFEST_VERDICT.file;
  await wb.openFile(name);
  await wb.page.locator(".part.statusbar .statusbar-item", { hasText: "systemd" }).first().waitFor({ timeout: 30_000 });
  await wb.runCommand("tmpfiles: Preview Generated tmpfiles.d");
  const tab = wb.page.locator(`.tabs-container .tab[aria-label^="${name}.tmpfiles"]`);
  // The preview is opened beside the manifest, which keeps the focus.
  const preview = wb.page.locator(".editor-group-container:not(.active) .monaco-editor .view-lines");
  const shownLines = async (): Promise<string[]> => {
    const rows = await preview.locator(".view-line").evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as { style: { top: string }; innerText: string };
        return { top: parseFloat(el.style.top), text: el.innerText };
      }),
    );
    return rows.sort((a, b) => a.top - b.top).map((r) => r.text.replace(/\u00a0/g, " "));
  };
  const fail = async (what: string): Promise<never> => {
    await wb.screenshot("verdict-missing");
    const log = cs.outputChannel("tmpfiles language server").split("\n").slice(-20).join("\n");
    throw new Error(
      [serverProblem ?? "", what, `The preview shows:\n${(await shownLines().catch(() => [])).join("\n")}`, log]
        .filter(Boolean)
        .join("\n\n"),
    );
  };
  try {
    await tab.waitFor({ state: "visible", timeout: 30_000 });
    await preview
      .locator(".view-line", { hasText: droppedText.replace(/ /g, "\u00a0") })
      .first()
      .waitFor({ state: "visible", timeout: 30_000 });
  } catch (err) {
    return fail(
      `The preview of ${name} did not name the dropped entry (${JSON.stringify(droppedText)}): ${String(err)}`,
    );
  }
  const lines = await shownLines();
  if (lines[0] !== MANIFEST_VERDICT.first)
    return fail(
      `The preview of ${name} does not start with its errors: its first line is ${JSON.stringify(lines[0])}.`,
    );
  const errorLines = lines.slice(1, 3);
  if (
    !errorLines.every((l) =>
      /^# line \d+: error: \/etc\/ssh\/sshd_config is also wanted by entry \d+ .*\[conflicting-target\]$/.test(l),
    )
  ) {
    return fail(
      `The preview of ${name} does not list its two conflicting-target errors on lines 2 and 3: ${JSON.stringify(errorLines)}.`,
    );
  }
  if (!errorLines[0]!.startsWith(`# line ${used}: `) || !errorLines[1]!.startsWith(`# line ${dropped}: `))
    return fail(`The errors do not give the entries' lines ${used} and ${dropped}: ${JSON.stringify(errorLines)}.`);
  await wb.screenshot("verdict");
  // The same problems are diagnostics of the preview: the dropped entry's warning is listed in the Problems panel.
  const rows = await wb.problems((r) => r.some((x) => x.label.includes("is dropped: entry 1")), 30_000);
  const row = rows.find((x) => x.label.includes("is dropped: entry 1"));
  await wb.screenshot("problems");
  if (!row)
    return fail(
      `The Problems panel does not list the dropped entry of the preview: ${JSON.stringify(rows.map((r) => r.label))}.`,
    );
  if (row.severity !== "warning")
    return fail(`The dropped entry is listed as ${row.severity}, not as a warning: ${row.label}`);
}
