/**
 * The language server starts only once there is something for it. VS Code
 * activates the extension for any JSON file (a manifest is known by its
 * text), so a window whose folder holds only other JSON files activates it
 * too: there, no server runs until a tmpfiles.d file or a manifest is
 * opened (here a manifest known only by its "$schema"). Checked in code-server with Chromium, through the extension's
 * output channel and the Problems panel.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCodeServer } from "./harness/codeServer";
import { extensionUnderTest, serverProblem } from "./harness/extension";
import { preflight } from "./harness/paths";
import { launchBrowser, Workbench } from "./harness/workbench";

const CHANNEL = "tmpfiles language server";
/** A manifest known only by its "$schema" (its name is like any other JSON file's), with an error on line 5. */
const MANIFEST =
  '{\n  "$schema": "https://example.org/etc-manifest.schema.json",\n  "hosts": {\n    "source": "/nix/store/0000000000000000000000000000000a-hosts",\n    "mode": "0999"\n  }\n}\n';

async function waitFor(what: string, done: () => boolean, timeoutMs: number, said: () => string): Promise<void> {
  for (const end = Date.now() + timeoutMs; !done();) {
    if (Date.now() > end)
      assert.fail(`timed out waiting for ${what}; the output channel says:\n${said().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test(
  "a window with only other JSON files runs no language server until a manifest is opened",
  { timeout: 5 * 60_000 },
  async () => {
    const problems = preflight();
    if (problems.length) throw new Error(`The browser suite cannot run:\n${problems.join("\n")}`);
    const ext = await extensionUnderTest();
    const dir = mkdtempSync(join(tmpdir(), "tmpfiles-lazy-"));
    writeFileSync(join(dir, "data.json"), '{ "name": "not a manifest" }\n');
    writeFileSync(join(dir, "web.json"), MANIFEST);
    const cs = await startCodeServer({ extensionPath: ext.path, vsix: ext.vsix });
    const browser = await launchBrowser();
    const channel = (): string => cs.outputChannel(CHANNEL);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const wb = new Workbench(page, "lazy-start");
      await wb.open(cs.urlFor(dir));
      await wb.openFile("data.json");
      await waitFor(
        "the extension to activate",
        () => /the language server starts when one is opened/.test(channel()),
        90_000,
        channel,
      );
      // A while later, still nothing started.
      await new Promise((r) => setTimeout(r, 3000));
      assert.doesNotMatch(channel(), /language server ready|Language server started/);

      // The manifest is opened: the server starts for it and checks it.
      await wb.openFile("web.json");
      await waitFor(
        "the server to start for the manifest",
        () => /Language server started for web\.json: ready in \d+ ms/.test(channel()),
        90_000,
        channel,
      );
      if (!serverProblem(ext)) {
        const rows = await wb.problems((r) => r.some((x) => x.line === 5 && x.severity === "error"), 60_000);
        assert.ok(
          rows.some((x) => /0999/.test(x.label)),
          rows.map((x) => x.label).join("\n"),
        );
      }
    } finally {
      await browser.close().catch(() => undefined);
      await cs.stop();
      ext.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
