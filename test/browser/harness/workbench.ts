/**
 * Drives the VS Code workbench in Chromium the way a person does: the
 * keyboard, Quick Open, the command palette, the Problems panel, hovers.
 * Every wait is a wait for a selector or a condition, bounded by a timeout.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { ARTIFACTS, CHROMIUM } from "./paths";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** Settings for scenarios that read a terminal: xterm renders its rows into the DOM, and no session survives a window. */
export const TERMINAL_SETTINGS = {
  "terminal.integrated.gpuAcceleration": "off",
  "terminal.integrated.enablePersistentSessions": false,
};

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface ProblemRow {
  severity: "error" | "warning" | "info" | "unknown";
  /** The row's accessible label, as VS Code writes it (message, line, column, source, code). */
  label: string;
  /** 1-based line of the marker, read from the label. */
  line: number | undefined;
  /** The row's text as shown, with the diagnostic's code (the label lacks it). */
  text: string;
}

/** Whether a click on the locator's element happened within `ms` (false when it was not there to click). */
const clickedWithin = (l: Locator, ms: number): Promise<boolean> =>
  l.click({ timeout: ms }).then(
    () => true,
    () => false,
  );

export class Workbench {
  private shot = 0;

  constructor(
    readonly page: Page,
    readonly scenario: string,
  ) {}

  /** Opens the workbench URL and waits until the explorer shows the folder. */
  async open(url: string, timeoutMs = 90_000): Promise<void> {
    await this.page.goto(url, { timeout: timeoutMs });
    await this.page.locator(".monaco-workbench").waitFor({ timeout: timeoutMs });
    await this.page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: timeoutMs });
  }

  /** Saves a screenshot into test-artifacts/browser/, numbered in the scenario's order. */
  async screenshot(name: string): Promise<string> {
    const dir = join(ARTIFACTS, this.scenario);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${String(++this.shot).padStart(2, "0")}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  private quickInput(): Locator {
    return this.page.locator(".quick-input-widget");
  }

  /** Types into an open quick input and picks the row whose label satisfies `match`. */
  private async pickRow(
    text: string,
    match: (label: string) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<void> {
    const input = this.quickInput().locator("input");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(text);
    const deadline = Date.now() + timeoutMs;
    const rows = this.quickInput().locator(".monaco-list-row");
    for (;;) {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
      const index = labels.findIndex(match);
      if (index >= 0) {
        // The list is drawn again as results arrive, so the row is found by its label, not its place; a row
        // seen a moment ago may be gone by the click, and then the list is read again.
        const row = this.quickInput()
          .locator(`.monaco-list-row[aria-label=${JSON.stringify(labels[index])}]`)
          .first();
        if (await clickedWithin(row, 2_000)) {
          await this.quickInput().waitFor({ state: "hidden", timeout: timeoutMs });
          return;
        }
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${what}: no entry for ${JSON.stringify(text)} in the list; it shows ${JSON.stringify(labels)}`,
        );
      }
      // The list fills as results arrive: look again shortly.
      await this.page.waitForTimeout(100);
    }
  }

  /** Labels of the rows of the quick pick a command opened, once it shows at least `atLeast` rows (or at the timeout). */
  async quickPickLabels(atLeast = 1, timeoutMs = 30_000): Promise<string[]> {
    await this.quickInput().locator("input").waitFor({ state: "visible", timeout: timeoutMs });
    const rows = this.quickInput().locator(".monaco-list-row");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
      if (labels.length >= atLeast || Date.now() > deadline) return labels;
      // The list fills as its items arrive: look again shortly.
      await this.page.waitForTimeout(100);
    }
  }

  /** Picks a row of the quick pick a command opened, by a part of its label, after typing `filter`. */
  async pick(labelPart: string, filter = "", timeoutMs = 30_000): Promise<void> {
    await this.pickRow(filter, (l) => l.includes(labelPart), `Quick pick (${labelPart})`, timeoutMs);
  }

  /**
   * Text of the visible terminal once `ready(text)` holds (or at the
   * timeout). Needs terminal.integrated.gpuAcceleration "off", so xterm
   * renders rows into the DOM.
   */
  async terminalText(ready: (text: string) => boolean, timeoutMs = 60_000): Promise<string> {
    const rows = this.page.locator(".terminal-wrapper.active .xterm-rows, .integrated-terminal .xterm-rows").first();
    await rows.waitFor({ state: "attached", timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await rows.innerText()).replace(/\u00a0/g, " ");
      if (ready(text) || Date.now() > deadline) return text;
      // xterm renders as output arrives; read its rows again shortly.
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Opens a new integrated terminal (a shell in the workspace folder), waits
   * for its prompt and types `command` with Enter.
   */
  async typeInNewTerminal(command: string, timeoutMs = 60_000): Promise<void> {
    await this.runCommand("Terminal: Create New Terminal");
    const prompt = await this.terminalText((t) => t.trim().length > 0, timeoutMs);
    if (!prompt.trim()) throw new Error("The new terminal shows no prompt.");
    await this.page
      .locator(".terminal-wrapper.active .xterm-helper-textarea, .integrated-terminal .xterm-helper-textarea")
      .first()
      .focus();
    await this.page.keyboard.type(command);
    await this.page.keyboard.press("Enter");
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page
      .locator(".notifications-toasts .notification-toast")
      .evaluateAll((els) => els.map((e) => (e.textContent ?? "").trim()));
  }

  /** Quick Open (Ctrl+P) a file by name; waits until its editor is active. */
  async openFile(name: string, timeoutMs = 30_000): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press("Control+P");
    await this.pickRow(
      name,
      (l) => l.startsWith(`${name},`) || l === name || l.startsWith(`${name} `),
      "Quick Open",
      timeoutMs,
    );
    await this.page
      .locator(`.tabs-container .tab.active[aria-label^="${name}"]`)
      .waitFor({ state: "visible", timeout: timeoutMs });
    await this.page
      .locator(".editor-group-container.active .monaco-editor .view-lines")
      .waitFor({ timeout: timeoutMs });
  }

  /** Runs a command from the palette by its label (e.g. "View: Toggle Word Wrap"). */
  async runCommand(label: string, timeoutMs = 40_000): Promise<void> {
    // The palette lists what the context allows when it opens; a context key the
    // extension sets a moment later (an editor just opened) needs the palette opened again.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.focusWorkbench();
      await this.page.keyboard.press("F1");
      try {
        await this.pickRow(
          `>${label}`,
          (l) => l === label || l.startsWith(`${label},`),
          "Command palette",
          Math.min(5_000, Math.max(1_000, deadline - Date.now())),
        );
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await this.page.keyboard.press("Escape");
        await this.quickInput()
          .waitFor({ state: "hidden", timeout: 5_000 })
          .catch(() => undefined);
      }
    }
  }

  /** Moves the cursor of the active editor to a 1-based line and column. */
  async gotoLine(line: number, column: number, timeoutMs = 10_000): Promise<void> {
    await this.page.locator(".editor-group-container.active .monaco-editor textarea").first().focus();
    await this.page.keyboard.press("Control+G");
    const input = this.quickInput().locator("input");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.quickInput().waitFor({ state: "hidden", timeout: timeoutMs });
    await this.page
      .locator(".statusbar-item", { hasText: `Ln ${line}, Col ${column}` })
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /** Shows the hover at the cursor (editor.action.showHover) and returns its text once it has some. */
  async hoverAtCursor(timeoutMs = 20_000): Promise<string> {
    await this.runCommand("Show or Focus Hover");
    const hover = this.page.locator(".monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content").first();
    await hover.waitFor({ state: "visible", timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    let text: string;
    do {
      text = (await hover.innerText()).trim();
      if (text && !/^Loading\.*$/.test(text)) return text;
      await this.page.waitForTimeout(100);
    } while (Date.now() < deadline);
    return text;
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and returns the titles it offers. */
  async quickFixMenu(timeoutMs = 20_000): Promise<string[]> {
    const rows = this.page.locator(".action-widget .monaco-list-row.action");
    // A press can land before the editor has the focus or before VS Code has asked for the line's
    // actions (it then shows nothing): press again, every 5 s, until the menu shows.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press("Control+Period");
      const wait = Math.min(5_000, deadline - Date.now());
      try {
        await rows.first().waitFor({ state: "visible", timeout: Math.max(1, wait) });
        break;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
    return rows.evaluateAll((els) => els.map((e) => (e.getAttribute("aria-label") ?? e.textContent ?? "").trim()));
  }

  /** Picks an entry of the open quick-fix menu by its title, with the keyboard (the first entry has the focus). */
  async pickQuickFix(title: string, timeoutMs = 10_000): Promise<void> {
    const rows = this.page.locator(".action-widget .monaco-list-row.action");
    const titles = await rows.evaluateAll((els) =>
      els.map((e) => (e.getAttribute("aria-label") ?? e.textContent ?? "").trim()),
    );
    const index = titles.indexOf(title);
    if (index < 0) throw new Error(`the quick-fix menu has no ${JSON.stringify(title)}: ${JSON.stringify(titles)}`);
    for (let i = 0; i < index; i++) await this.page.keyboard.press("ArrowDown");
    await this.page.keyboard.press("Enter");
    await this.page.locator(".action-widget").waitFor({ state: "hidden", timeout: timeoutMs });
  }

  /** Text of a 1-based line of the active editor, as rendered (the line must be on screen). */
  async editorLine(line: number): Promise<string> {
    await this.gotoLine(line, 1);
    const current = this.page
      .locator(".editor-group-container.active .monaco-editor .view-overlays .current-line")
      .first();
    await current.waitFor({ timeout: 5_000 });
    const top = await current.evaluate((e) => (e.parentElement as { style: { top: string } } | null)?.style.top ?? "");
    const text = await this.page
      .locator(
        `.editor-group-container.active .monaco-editor .view-lines .view-line[style*="top:${top}"], .editor-group-container.active .monaco-editor .view-lines .view-line[style*="top: ${top}"]`,
      )
      .first()
      .innerText();
    return text.replace(/\u00a0/g, " ");
  }

  /** Opens the Problems panel and returns its rows once `ready(rows)` holds, or the last rows at the timeout. */
  async problems(ready: (rows: ProblemRow[]) => boolean, timeoutMs = 60_000): Promise<ProblemRow[]> {
    await this.runCommand("View: Focus Problems (Errors, Warnings, Infos)");
    const panel = this.page.locator(".markers-panel");
    await panel.waitFor({ state: "visible", timeout: 10_000 });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.readProblems();
      if (ready(rows) || Date.now() > deadline) return rows;
      // The panel re-renders when markers change; poll its rows at a short interval.
      await this.page.waitForTimeout(250);
    }
  }

  private async readProblems(): Promise<ProblemRow[]> {
    const rows = this.page.locator(".markers-panel .monaco-list-row");
    const raw = await rows.evaluateAll((els) =>
      els.map((e) => ({
        label: e.getAttribute("aria-label") ?? "",
        icon: e.querySelector(".marker-icon")?.className ?? "",
        text: (e.textContent ?? "").trim(),
      })),
    );
    return raw
      .filter((r) => /\bline \d+/i.test(r.label) || /\[Ln \d+/.test(r.label))
      .map((r) => {
        const m = /\bline (\d+)/i.exec(r.label) ?? /\[Ln (\d+)/.exec(r.label);
        const severity = /codicon-error|\berror\b/.test(r.icon)
          ? "error"
          : /codicon-warning|\bwarning\b/.test(r.icon)
            ? "warning"
            : /codicon-info|\binfo\b/.test(r.icon)
              ? "info"
              : "unknown";
        return { label: r.label, severity, line: m ? Number(m[1]) : undefined, text: r.text };
      });
  }

  /** The links of the Problems panel's rows (a diagnostic's code with a page shows as one), with their text. */
  async problemCodeLinks(): Promise<{ text: string; href: string }[]> {
    return this.page.locator(".markers-panel .monaco-list-row a").evaluateAll((els) =>
      els.map((e) => ({
        text: (e.textContent ?? "").trim(),
        href: e.getAttribute("href") ?? e.getAttribute("data-href") ?? "",
      })),
    );
  }

  /**
   * Types into the Problems panel's filter box: only the problems of files
   * whose name matches `text` (or whose message does) are listed, so the rows
   * of one file are not pushed out of view by other files'. "" clears it.
   */
  async filterProblems(text: string, timeoutMs = 10_000): Promise<void> {
    await this.runCommand("View: Focus Problems (Errors, Warnings, Infos)");
    // The panel's other views (Output has a filter box too) stay in the page while hidden, and
    // the panel may still show one of them for a moment after the command: wait for the Problems
    // view itself, then take the filter box that is visible with it.
    await this.page.locator(".markers-panel").first().waitFor({ state: "visible", timeout: timeoutMs });
    const input = this.page.locator(".part.panel .viewpane-filter input:visible").first();
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(text);
    const deadline = Date.now() + timeoutMs;
    while ((await input.inputValue()) !== text) {
      if (Date.now() > deadline)
        throw new Error(
          `The Problems filter box holds ${JSON.stringify(await input.inputValue())}, not ${JSON.stringify(text)}`,
        );
      await this.page.waitForTimeout(100);
      await input.fill(text);
    }
    // Escape in the filter box clears it, and every command starts with Escape: give the focus back to the editor.
    await this.page.locator(".editor-group-container.active .monaco-editor textarea").first().focus();
  }

  /** Text of the status bar (all items), for assertions on the extension's item. */
  async statusBarText(): Promise<string> {
    return this.page.locator(".part.statusbar").innerText();
  }

  private async focusWorkbench(): Promise<void> {
    // Escape closes whatever quick input or hover is open, so the next key goes to the workbench.
    await this.page.keyboard.press("Escape");
  }
}
