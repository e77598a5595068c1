/**
 * The extension that code-server loads: the repository itself as a
 * development folder; or (TMPFILES_BROWSER_VSIX=path) a packaged .vsix,
 * installed; or (TMPFILES_BROWSER_STUB=1) a copy whose dist/server.js is the
 * stand-in server of stub/server.ts, to check the rig apart from the real server.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { REPO } from "./paths";

export interface ExtensionUnderTest {
  /** The development folder; undefined when a .vsix is installed instead. */
  path: string | undefined;
  vsix?: string;
  stub: boolean;
  dispose(): void;
}

export async function extensionUnderTest(): Promise<ExtensionUnderTest> {
  const vsix = process.env.TMPFILES_BROWSER_VSIX;
  if (vsix) {
    if (!existsSync(vsix))
      throw new Error(`TMPFILES_BROWSER_VSIX=${vsix}: no such file (make one with "npm run package")`);
    return { path: undefined, vsix: resolve(vsix), stub: false, dispose: () => undefined };
  }
  if (process.env.TMPFILES_BROWSER_STUB !== "1") return { path: REPO, stub: false, dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-ext-stub-"));
  for (const f of ["package.json", "syntaxes", "dist/client.js"]) {
    if (existsSync(join(REPO, f))) cpSync(join(REPO, f), join(dir, f), { recursive: true });
  }
  await build({
    entryPoints: [join(REPO, "test/browser/stub/server.ts")],
    outfile: join(dir, "dist/server.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  return { path: dir, stub: true, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Why the language server cannot answer, when that is known before the scenario runs. */
export function serverProblem(ext: ExtensionUnderTest): string | undefined {
  if (ext.path === undefined) return undefined;
  if (!existsSync(join(ext.path, "dist/server.js"))) {
    return `${join(ext.path, "dist/server.js")} does not exist: the language server (server/src/lsp/main.ts) is not written or not built ("npm run build"). Set TMPFILES_BROWSER_STUB=1 to check the rig with a stand-in server.`;
  }
  return undefined;
}
