/**
 * The editor scenarios in a real VS Code (code-server 4.100.3) driven by
 * Chromium through playwright-core. Needs `bash scripts/setup-code-server.sh`
 * once and `npm run build`; run with `npm run test:browser`. Screenshots go
 * to test-artifacts/browser/<scenario>/. TMPFILES_BROWSER_VSIX=file.vsix runs
 * them against the packaged extension (`npm run package`) instead of the
 * working tree; TMPFILES_BROWSER_STUB=1 against a stand-in server, to check
 * the rig itself.
 */
import { after, before, describe, test } from "node:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { startCodeServer, type CodeServer } from "./harness/codeServer";
import { extensionUnderTest, serverProblem, type ExtensionUnderTest } from "./harness/extension";
import { ARTIFACTS, preflight } from "./harness/paths";
import { launchBrowser, TERMINAL_SETTINGS, Workbench } from "./harness/workbench";
import { copyExamples } from "./harness/workspace";
import { diagnosticsAndHover, type ScenarioEnv } from "./scenarios/diagnostics";
import { activationPreview } from "./scenarios/activation";
import { activationDiff } from "./scenarios/activationDiff";
import { guessedFixes } from "./scenarios/guessedFixes";
import { generatedPreview } from "./scenarios/preview";
import { previewVerdict } from "./scenarios/previewVerdict";
import { quickFix } from "./scenarios/quickFix";
import { codeLinksAndGuesses } from "./scenarios/codeLinksAndGuesses";
import { unknownLocalUser } from "./scenarios/unknownLocalUser";
import { generateExits1 } from "./scenarios/generateExits1";
import { nixModule } from "./scenarios/nixModule";

type Scenario = (env: ScenarioEnv) => Promise<void>;

describe("VS Code in the browser (code-server + Chromium)", { timeout: 10 * 60_000 }, () => {
  let ext: ExtensionUnderTest | undefined;
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;

  before(async () => {
    const problems = preflight();
    if (problems.length) throw new Error(`The browser suite cannot run:\n${problems.join("\n")}`);
    ext = await extensionUnderTest();
    cs = await startCodeServer({ extensionPath: ext.path, vsix: ext.vsix, settings: TERMINAL_SETTINGS });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    ext?.dispose();
  });

  const run = (name: string, scenario: Scenario, timeoutMs = 4 * 60_000): void => {
    test(name, { timeout: timeoutMs }, async () => {
      if (!cs || !browser || !ext) throw new Error("setup failed");
      rmSync(join(ARTIFACTS, name), { recursive: true, force: true });
      const ws = copyExamples();
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const wb = new Workbench(page, name);
      try {
        await wb.open(cs.urlFor(ws.dir));
        await scenario({ wb, ws, cs, serverProblem: serverProblem(ext) });
      } catch (err) {
        await wb.screenshot("failure").catch(() => undefined);
        throw err;
      } finally {
        await page.close().catch(() => undefined);
        ws.dispose();
      }
    });
  };

  run("diagnostics-and-hover", diagnosticsAndHover);
  run("quick-fix", quickFix);
  run("guessed-fixes", guessedFixes);
  run("code-links-and-guessed-fix", codeLinksAndGuesses);
  run("generated-preview", generatedPreview);
  run("preview-verdict", previewVerdict);
  run("activation-preview", activationPreview);
  run("activation-diff", activationDiff);
  run("unknown-local-user", unknownLocalUser);
  run("generate-exits-1", generateExits1);
  run("nix-module", nixModule);
});
