/**
 * `npm run test:vscode`: downloads VS Code 1.100.3 (needs the VS Code update
 * host, which these machines cannot reach; the browser suite covers the same
 * scenarios here), opens a scratch copy of examples/ with the extension
 * loaded, and runs test/vscode/suite in its extension host.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runTests } from "@vscode/test-electron";
import { build } from "esbuild";

const REPO = resolve(__dirname, "../..");
const VSCODE_VERSION = process.env.VSCODE_TEST_VERSION ?? "1.100.3";

async function main(): Promise<void> {
  const suite = join(REPO, ".vscode-test", "suite", "index.js");
  await build({
    entryPoints: [join(__dirname, "suite", "index.ts")],
    outfile: suite,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["vscode"],
    sourcemap: "inline",
    logLevel: "warning",
  });
  const workspace = mkdtempSync(join(tmpdir(), "tmpfiles-vscode-ws-"));
  cpSync(join(REPO, "examples"), workspace, { recursive: true });
  try {
    await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
      ],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(message);
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo/.test(message)) {
    console.error(
      "VS Code could not be downloaded from here. `npm run test:browser` runs these scenarios in code-server instead (after `bash scripts/setup-code-server.sh`).",
    );
  }
  process.exit(1);
});
