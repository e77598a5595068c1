/**
 * One version, package.json's, taken in at build time (server/src/version.ts):
 * the command line, its SARIF, and the server's initialize answer and status
 * all say it, however the server is started.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run, scratch } from "./cli/cli";
import { sarifReport } from "../support/cliOutput.js";
import { serverBuilt, startClient, ROOT } from "./lsp/harness";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

test("tmpfiles-lsp --version and SARIF's driver say package.json's version", { skip }, () => {
  assert.match(run(["--version"]).stdout, new RegExp(`^tmpfiles-lsp ${VERSION.replaceAll(".", "\\.")} `));
  const dir = scratch({ "a.conf": "d /run/a 0755 - - -\n" });
  const sarif = sarifReport(run(["check", "--format", "sarif", join(dir, "a.conf")]).stdout);
  assert.equal(sarif.runs[0]!.tool.driver.version, VERSION);
});

for (const viaCli of [false, true])
  test(
    `the server ${viaCli ? "started by tmpfiles-lsp lsp --stdio" : "bundle"} says package.json's version`,
    { skip },
    async () => {
      const c = await startClient({ viaCli });
      try {
        assert.equal(c.initializeResult?.serverInfo?.version, VERSION);
        const status = await c.request<{ serverVersion: string }>("tmpfiles/serverStatus", {});
        assert.equal(status.serverVersion, VERSION);
      } finally {
        await c.stop();
      }
    },
  );
