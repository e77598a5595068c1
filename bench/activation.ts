/**
 * The extension in a real VS Code: code-server driven by Chromium, as the
 * browser suite drives it (test/browser/harness). Each run is a fresh
 * code-server (new user data, new extension host) and a fresh browser
 * context on a folder holding one tmpfiles.d file with known errors, so the
 * extension activates anew each time. Per run:
 *
 * - activation: from activate() being entered to the language client being
 *   ready (server started and initialized), as the extension itself writes
 *   it to its output channel ("Activated in N ms, language server ready in
 *   M ms"), read from that channel's log; and what activated it, from the
 *   extension host's log;
 * - first diagnostics as a user sees them: the file opened with Quick Open
 *   as soon as the window shows the folder (and the Problems panel is open),
 *   from the Enter to the first error squiggle in the editor and to the error
 *   of a known line in the Problems panel, timed inside the page; beside
 *   them, from the Enter to the file's text in the editor, VS Code's part;
 * - warm: with the server running, Enter on a second file with errors to
 *   its first squiggle;
 * - cold after a window reload: all editors closed (nothing to restore),
 *   the page reloaded (a new extension host, which activates the extension
 *   again), Enter on a third file to its text and first squiggle.
 * The load average at the start and end of the runs is printed beside them.
 *
 * The extension is the production build (minified, as the .vsix has it),
 * built into a scratch folder with scripts/build.mjs --production, so dist/
 * stays as it is.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism as cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fmtSummary, summarize, type Summary } from "./measure.js";

const ROOT = join(__dirname, "..");
const FILE = "50-errors.conf";
/** Copies of FILE under other names: opened once the server runs, and after a window reload. */
const WARM_FILE = "51-errors.conf";
const RELOAD_FILE = "52-errors.conf";
const SOURCE = join(ROOT, "examples", "tmpfiles.d", FILE);
/** The line of FILE whose error the Problems panel must show (a relative path: an error in every release). */
const KNOWN_ERROR = "var/lib/example-relative";
const CHANNEL = "tmpfiles language server";
const EXTENSION_ID = (() => {
  const p = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { publisher: string; name: string };
  return `${p.publisher}.${p.name}`;
})();
/** The extension's line in its output channel's log, after the log's own local time stamp. */
const READY_LINE =
  /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] (?:Activated in (\d+(?:\.\d+)?) ms, language server ready in (\d+(?:\.\d+)?) ms|Language server started for [^:]+: ready in (\d+(?:\.\d+)?) ms)/m;

/** The server's own start-up figures (server/src/lsp/startUp.ts), in ms since its process started. */
const START_UP_LINE =
  /Start-up: the server's code had loaded (\d+) ms after its process started, initialize came at (\d+) ms(?:, the settings and release were known at (\d+) ms)?, and its first diagnostics went out at (\d+) ms/g;

interface ActivationRun {
  /** The activation event that started the extension, as the extension host logs it. */
  activationEvent: string;
  /** activate() entered → its own work done (before waiting for the server). */
  setUpMs: number;
  /** activate() entered → client.start() resolved. */
  readyMs: number;
  /** The server was ready before the Enter that opened the file. */
  readyBeforeOpen: boolean;
  /** Enter in Quick Open → the file's text drawn in the editor (VS Code's part of opening it). */
  textMs: number;
  /** Enter in Quick Open → first error squiggle in the editor. */
  squiggleMs: number;
  /** Enter in Quick Open → the known line's error in the Problems panel (0 when it was there before). */
  problemMs: number;
  /** The Problems panel listed the error before the file was opened (the server checks the workspace's files when it starts). */
  problemBeforeOpen: boolean;
  /** Navigation → the workbench shows the folder (VS Code's own start, for context). */
  workbenchMs: number;
  /** Warm: the server running (the first file open), Enter on a second file with errors → its first squiggle. */
  warmSquiggleMs: number;
  /** Cold: editors closed, the window reloaded (a new extension host), Enter on a third file with errors → its first squiggle. */
  reloadSquiggleMs: number;
  /** After the reload: activate() entered, or the opened file that started the server → client.start() resolved. */
  reloadReadyMs: number;
  /** After the reload, in ms since the server's process started: its code loaded, initialize came, its first diagnostics sent. */
  reloadServerLoadedMs: number;
  reloadServerInitializeMs: number;
  reloadServerSettledMs: number;
  reloadServerPublishedMs: number;
  /** The same Enter → the file's text (VS Code's part, after the reload). */
  reloadTextMs: number;
}

interface ActivationFigures {
  codeServer: string;
  chromium: string;
  build: "production";
  warmUp: number;
  setUp: Summary;
  ready: Summary;
  text: Summary;
  squiggle: Summary;
  problem: Summary;
  workbench: Summary;
  warmSquiggle: Summary;
  reloadSquiggle: Summary;
  reloadText: Summary;
  reloadReady: Summary;
  reloadServerLoaded: Summary;
  reloadServerInitialize: Summary;
  reloadServerSettled: Summary;
  reloadServerPublished: Summary;
  loadStart: number[];
  loadEnd: number[];
  runs: ActivationRun[];
}

export type ActivationResult = ActivationFigures | { absent: string };

/** The parts of the browser suite's harness used here, loaded only when this section runs (it brings playwright-core). */
async function loadHarness() {
  const [codeServer, paths, workbench] = await Promise.all([
    import("../test/browser/harness/codeServer.js"),
    import("../test/browser/harness/paths.js"),
    import("../test/browser/harness/workbench.js"),
  ]);
  const version = (): string => {
    try {
      return (
        JSON.parse(readFileSync(join(paths.CODE_SERVER_CACHE, "node_modules/code-server/package.json"), "utf8")) as {
          version: string;
        }
      ).version;
    } catch {
      return "(version unknown)";
    }
  };
  return { ...codeServer, ...paths, ...workbench, codeServerVersion: version };
}
type Harness = Awaited<ReturnType<typeof loadHarness>>;

/** What the page records, in performance.now() time: the Enter, the first squiggle, the known error's row. */
interface PageMarks {
  enter?: number;
  /** Date.now() at the Enter, to compare with the log's time stamps. */
  enterWall?: number;
  text?: number;
  squiggle?: number;
  problem?: number;
}

export async function benchActivation(opts: {
  quick: boolean;
  print: (s?: string) => void;
}): Promise<ActivationResult> {
  const { print } = opts;
  print("## The extension: activation and first diagnostics in VS Code");
  print();
  const absent = (why: string): ActivationResult => {
    print(`No activation figures: ${why}`);
    print();
    return { absent: why };
  };

  let harness: Harness;
  try {
    harness = await loadHarness();
  } catch (err) {
    return absent(`the browser harness (test/browser/harness, playwright-core) did not load: ${firstLine(err)}`);
  }
  // dist/ is not used here (the production build is made below).
  const problems = harness.preflight().filter((p) => !p.includes("dist/client.js"));
  if (problems.length) return absent(problems.join(" "));

  const scratch = mkdtempSync(join(tmpdir(), "tmpfiles-bench-activation-"));
  let browser: import("playwright-core").Browser | undefined;
  try {
    let extension: string;
    try {
      extension = productionExtension(scratch);
    } catch (err) {
      return absent(`the production build of the extension failed: ${firstLine(err)}`);
    }
    try {
      browser = await harness.launchBrowser();
    } catch (err) {
      return absent(`Chromium did not start: ${firstLine(err)}`);
    }
    const line = locateLine(readFileSync(SOURCE, "utf8"), KNOWN_ERROR);
    const count = opts.quick ? 3 : 7;
    const runs: ActivationRun[] = [];
    const loadStart = loadavg();
    for (let i = 0; i <= count; i++) {
      try {
        const run = await oneRun(harness, browser, extension, join(scratch, `ws-${i}`), line);
        if (i > 0) runs.push(run);
      } catch (err) {
        return absent(`${i === 0 ? "the warm-up run" : `timed run ${i}`} failed: ${firstLine(err)}`);
      }
    }
    const figures: ActivationFigures = {
      codeServer: harness.codeServerVersion(),
      chromium: browser.version(),
      build: "production",
      warmUp: 1,
      setUp: summarize(runs.map((r) => r.setUpMs)),
      ready: summarize(runs.map((r) => r.readyMs)),
      text: summarize(runs.map((r) => r.textMs)),
      squiggle: summarize(runs.map((r) => r.squiggleMs)),
      problem: summarize(runs.map((r) => r.problemMs)),
      workbench: summarize(runs.map((r) => r.workbenchMs)),
      warmSquiggle: summarize(runs.map((r) => r.warmSquiggleMs)),
      reloadSquiggle: summarize(runs.map((r) => r.reloadSquiggleMs)),
      reloadText: summarize(runs.map((r) => r.reloadTextMs)),
      reloadReady: summarize(runs.map((r) => r.reloadReadyMs).filter((x) => !Number.isNaN(x))),
      reloadServerLoaded: summarize(runs.map((r) => r.reloadServerLoadedMs)),
      reloadServerInitialize: summarize(runs.map((r) => r.reloadServerInitializeMs)),
      reloadServerSettled: summarize(runs.map((r) => r.reloadServerSettledMs).filter((x) => !Number.isNaN(x))),
      reloadServerPublished: summarize(runs.map((r) => r.reloadServerPublishedMs)),
      loadStart,
      loadEnd: loadavg(),
      runs,
    };
    const n = runs.length;
    const events = [...new Set(runs.map((r) => r.activationEvent))].map((e) => `\`${e}\``).join(", ");
    const inRuns = (p: (r: ActivationRun) => boolean): number => runs.filter(p).length;
    print(
      `code-server ${figures.codeServer} (VS Code in the browser) in Chromium ${figures.chromium}, the production build of the extension. ` +
        `Each run is a fresh code-server and browser context on a folder holding tmpfiles.d/${FILE}; ${n} runs after a warm-up.`,
    );
    print();
    print("| from | to | time |");
    print("| --- | --- | ---: |");
    print(`| activate() entered | its own work done (commands, watchers, status bar) | ${fmtSummary(figures.setUp)} |`);
    print(
      `| activate() entered, or the opened file that started the server | language server started and initialized | ${fmtSummary(figures.ready)} |`,
    );
    print(
      `| Enter on ${FILE} in Quick Open, once the window shows the folder | the file's text in the editor (VS Code alone) | ${fmtSummary(figures.text)} |`,
    );
    print(`| the same Enter | first error squiggle in the editor | ${fmtSummary(figures.squiggle)} |`);
    print(`| the same Enter | the error of line ${line} in the Problems panel | ${fmtSummary(figures.problem)} |`);
    print(
      `| warm: Enter on ${WARM_FILE}, the server running | its first error squiggle | ${fmtSummary(figures.warmSquiggle)} |`,
    );
    print(
      `| cold: Enter on ${RELOAD_FILE} after Developer: Reload Window (editors closed first) | its text in the editor (VS Code alone) | ${fmtSummary(figures.reloadText)} |`,
    );
    print(`| the same Enter | its first error squiggle | ${fmtSummary(figures.reloadSquiggle)} |`);
    print(
      `| cold: activate() entered, or the opened file that started the server | language server started and initialized | ${fmtSummary(figures.reloadReady)} |`,
    );
    print(`| cold: the server's process started | its code loaded | ${fmtSummary(figures.reloadServerLoaded)} |`);
    print(`| the same | initialize came from the client | ${fmtSummary(figures.reloadServerInitialize)} |`);
    print(
      `| the same | its settings (from the client) and systemd release (systemd-tmpfiles --version) known | ${fmtSummary(figures.reloadServerSettled)} |`,
    );
    print(`| the same | its first diagnostics sent | ${fmtSummary(figures.reloadServerPublished)} |`);
    print();
    const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(" ");
    print(
      `Load average over these runs: ${load(figures.loadStart)} at the start, ${load(figures.loadEnd)} at the end (${cpus()} CPUs).`,
    );
    print();
    print(
      `What activated the extension: ${events} (from the extension host's log). ` +
        `The language server was ready before the file was opened in ${inRuns((r) => r.readyBeforeOpen)} of ${n} runs; ` +
        `the Problems panel listed the error before the file was opened (the server checks the workspace's files when it starts) in ${inRuns((r) => r.problemBeforeOpen)} of ${n} runs, counted as 0. ` +
        `Opening the workbench itself (page load to the folder in the explorer), VS Code's own start and not part of the figures above, took ${fmtSummary(figures.workbench)}.`,
    );
    print();
    return figures;
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One fresh code-server and browser context: open the folder and the Problems panel, open the file, time what appears. */
async function oneRun(
  harness: Harness,
  browser: import("playwright-core").Browser,
  extension: string,
  dir: string,
  line: number,
): Promise<ActivationRun> {
  const folder = join(dir, "tmpfiles.d");
  mkdirSync(folder, { recursive: true });
  for (const f of [FILE, WARM_FILE, RELOAD_FILE]) copyFileSync(SOURCE, join(folder, f));
  const cs = await harness.startCodeServer({ extensionPath: extension });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const said = (): string => `${CHANNEL} says:\n${cs.outputChannel(CHANNEL).split("\n").slice(-10).join("\n")}`;
  try {
    const page = await context.newPage();
    const wb = new harness.Workbench(page, "bench-activation");
    const t = performance.now();
    await wb.open(cs.urlFor(folder));
    const workbenchMs = performance.now() - t;
    // The Problems panel open before the file is, so that its row is seen the moment it is drawn.
    await wb.problems(() => true, 0);
    const marks = await openTimed(page, FILE, line, true, said);
    const ready = await waitFor(() => READY_LINE.exec(cs.outputChannel(CHANNEL)), 30_000);
    if (!ready) throw new Error(`the extension wrote no "… ready in N ms" line to its output channel; ${said()}`);
    const readyMs = Number(ready[4] ?? ready[5]);
    // The log's stamp is local time as this process reads it (code-server runs with this environment).
    const readyWall = new Date(`${ready[1]}T${ready[2]}`).getTime();
    const event = new RegExp(
      `_doActivateExtension ${EXTENSION_ID.replace(/\./g, "\\.")}, startup: \\w+, activationEvent: '([^']+)'`,
    ).exec(cs.outputChannel("exthost.log"));
    // Warm: the server runs; another file with errors.
    const warm = await openTimed(page, WARM_FILE, line, false, said);
    // Cold: no editor to restore, the window reloaded (a new extension host), a third file.
    await wb.runCommand("View: Close All Editors");
    await page
      .locator(".editor-group-container .monaco-editor")
      .first()
      .waitFor({ state: "detached", timeout: 30_000 });
    await wb.open(cs.urlFor(folder));
    const reload = await openTimed(page, RELOAD_FILE, line, false, said);
    // The logs of both extension hosts, in order: the second server's start-up line is the reload's.
    const startUps = await waitFor(() => {
      const all = [...cs.outputChannel(CHANNEL).matchAll(START_UP_LINE)];
      return all.length >= 2 ? all : undefined;
    }, 30_000);
    if (!startUps) throw new Error(`no start-up line of the reloaded window's server; ${said()}`);
    const coldStart = startUps[startUps.length - 1]!;
    const readies = [...cs.outputChannel(CHANNEL).matchAll(new RegExp(READY_LINE.source, "gm"))];
    const coldReady = readies.length >= 2 ? readies[readies.length - 1]! : undefined;
    return {
      activationEvent: event?.[1] ?? "(not in the log)",
      setUpMs: Number(
        ready[3] ?? /\[info\] Activated in (\d+(?:\.\d+)?) ms\./.exec(cs.outputChannel(CHANNEL))?.[1] ?? NaN,
      ),
      readyMs,
      readyBeforeOpen: readyWall <= marks.enterWall!,
      textMs: marks.text! - marks.enter!,
      squiggleMs: marks.squiggle! - marks.enter!,
      problemMs: Math.max(0, marks.problem! - marks.enter!),
      problemBeforeOpen: marks.problem! < marks.enter!,
      workbenchMs,
      warmSquiggleMs: warm.squiggle! - warm.enter!,
      reloadSquiggleMs: reload.squiggle! - reload.enter!,
      reloadTextMs: reload.text! - reload.enter!,
      reloadReadyMs: coldReady ? Number(coldReady[4] ?? coldReady[5]) : NaN,
      reloadServerLoadedMs: Number(coldStart[1]),
      reloadServerInitializeMs: Number(coldStart[2]),
      reloadServerSettledMs: Number(coldStart[3] ?? NaN),
      reloadServerPublishedMs: Number(coldStart[4]),
    };
  } finally {
    await context.close().catch(() => undefined);
    await cs.stop();
  }
}

/** Opens `file` with Quick Open and waits for its text and first squiggle (and, with `problems`, the Problems row of `line`), timed in the page. */
async function openTimed(
  page: import("playwright-core").Page,
  file: string,
  line: number,
  problems: boolean,
  said: () => string,
): Promise<PageMarks> {
  await page.evaluate(watch(line, KNOWN_ERROR));
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 30_000 });
  await input.fill(file);
  await page
    .locator(`.quick-input-widget .monaco-list-row[aria-label^="${file}"]`)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
  const done = `window.__tmpfilesBench.text !== undefined && window.__tmpfilesBench.squiggle !== undefined${problems ? " && window.__tmpfilesBench.problem !== undefined" : ""}`;
  await page.waitForFunction(done, undefined, { timeout: 90_000, polling: 100 }).catch(() => {
    throw new Error(
      `no error squiggle${problems ? `, or no error of line ${line} in the Problems panel,` : ""} within 90 s of opening ${file}; ${said()}`,
    );
  });
  const marks = await page.evaluate<PageMarks>("window.__tmpfilesBench");
  if (marks.enter === undefined || marks.enterWall === undefined)
    throw new Error(`the page did not see the Enter that opens ${file}`);
  return marks;
}

/**
 * Runs in the page: notes the time of the first Enter; after it, of the
 * file's text in an editor (the line holding `text`) and of the first error
 * squiggle; and of the first sight of the Problems row for `line`, before
 * the Enter too. As the DOM gets them: a mutation observer runs before the
 * next paint. A string, so that nothing the TypeScript loader adds to
 * functions reaches the page.
 */
const watch = (line: number, text: string): string => `(() => {
  const marks = {};
  window.__tmpfilesBench = marks;
  window.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && marks.enter === undefined) {
      marks.enter = performance.now();
      marks.enterWall = Date.now();
    }
  }, true);
  const row = (label) => label.startsWith("Error: ") && label.includes(" at line ${line} and character ");
  const look = () => {
    const now = performance.now();
    if (marks.problem === undefined) {
      for (const el of document.querySelectorAll(".markers-panel .monaco-list-row")) {
        if (row(el.getAttribute("aria-label") || "")) {
          marks.problem = now;
          break;
        }
      }
    }
    if (marks.enter !== undefined && marks.text === undefined) {
      for (const el of document.querySelectorAll(".monaco-editor .view-lines .view-line")) {
        if ((el.textContent || "").includes(${JSON.stringify(text)}) && el.closest(".editor-group-container.active")) {
          marks.text = now;
          break;
        }
      }
    }
    if (marks.text !== undefined && marks.squiggle === undefined && document.querySelector(".editor-group-container.active .monaco-editor .squiggly-error")) marks.squiggle = now;
    if (marks.text !== undefined && marks.squiggle !== undefined && marks.problem !== undefined) observer.disconnect();
  };
  const observer = new MutationObserver(look);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "aria-label"] });
  look();
})()`;

/**
 * The extension as users get it: package.json, syntaxes and a production
 * dist/ made by the project's own build script, run in a folder whose
 * client/ and server/ are links to the sources.
 */
function productionExtension(scratch: string): string {
  const dir = join(scratch, "extension");
  mkdirSync(dir);
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  cpSync(join(ROOT, "syntaxes"), join(dir, "syntaxes"), { recursive: true });
  for (const d of ["client", "server"]) symlinkSync(join(ROOT, d), join(dir, d));
  execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--production"], { cwd: dir, stdio: "pipe" });
  for (const f of ["client.js", "server.js"]) {
    if (!existsSync(join(dir, "dist", f))) throw new Error(`dist/${f} was not built`);
  }
  return dir;
}

function locateLine(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => !l.trimStart().startsWith("#") && l.includes(needle));
  if (i < 0) throw new Error(`${FILE} has no line with ${needle}`);
  return i + 1;
}

async function waitFor<T>(get: () => T | null | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function firstLine(err: unknown): string {
  const s = err instanceof Error ? err.message : String(err);
  const short = s.split("\n").slice(0, 6).join(" ").replace(/\s+/g, " ").trim();
  return short.length > 400 ? `${short.slice(0, 400)}…` : short;
}
