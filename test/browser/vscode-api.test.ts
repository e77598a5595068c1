/**
 * The @vscode/test-electron suite (test/vscode/suite) run here, inside
 * code-server: the web workbench takes `extensionTestsPath` in its URL
 * payload and runs the suite in the remote extension host, which writes its
 * results to TMPFILES_VSCODE_RESULTS. Each scenario becomes a subtest.
 */
import { test } from "node:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startCodeServer, workbenchUrl, type CodeServer } from "./harness/codeServer";
import { extensionUnderTest, serverProblem } from "./harness/extension";
import { preflight, REPO } from "./harness/paths";
import { launchBrowser, Workbench } from "./harness/workbench";
import { copyExamples } from "./harness/workspace";
import type { ScenarioResult } from "../vscode/suite/runner";

const SUITE_TIMEOUT_MS = 6 * 60_000;

test(
  "the VS Code API scenarios (test/vscode/suite) in code-server",
  { timeout: SUITE_TIMEOUT_MS + 120_000 },
  async (t) => {
    const problems = preflight();
    if (problems.length) throw new Error(`The browser suite cannot run:\n${problems.join("\n")}`);
    const scratch = mkdtempSync(join(tmpdir(), "tmpfiles-vsapi-"));
    const suite = join(scratch, "suite", "index.js");
    const resultsFile = join(scratch, "results.json");
    await build({
      entryPoints: [join(REPO, "test/vscode/suite/index.ts")],
      outfile: suite,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      external: ["vscode"],
      logLevel: "warning",
    });
    const ext = await extensionUnderTest();
    const ws = copyExamples();
    let cs: CodeServer | undefined;
    const browser = await launchBrowser();
    let results: ScenarioResult[] | undefined;
    try {
      // The extension host inherits code-server's environment: that is how the suite learns where to write.
      process.env.TMPFILES_VSCODE_RESULTS = resultsFile;
      cs = await startCodeServer({ extensionPath: ext.path, vsix: ext.vsix });
      delete process.env.TMPFILES_VSCODE_RESULTS;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const wb = new Workbench(page, "vscode-api");
      await page.goto(workbenchUrl(cs.port, ws.dir, ext.path, suite));
      const deadline = Date.now() + SUITE_TIMEOUT_MS;
      while (!existsSync(resultsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      await wb.screenshot("after-suite").catch(() => undefined);
      if (!existsSync(resultsFile)) {
        throw new Error(
          `The suite wrote no results within ${SUITE_TIMEOUT_MS / 1000} s. code-server said:\n${cs.log().slice(-3000)}`,
        );
      }
      results = JSON.parse(readFileSync(resultsFile, "utf8")) as ScenarioResult[];
    } finally {
      await browser.close().catch(() => undefined);
      await cs?.stop();
      ws.dispose();
      ext.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
    const why = serverProblem(ext);
    for (const r of results) {
      await t.test(r.name, () => {
        if (!r.ok) throw new Error(`${why ? `${why}\n` : ""}${r.error ?? "failed"}`);
      });
    }
  },
);
