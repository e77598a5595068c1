/** Where the browser suite finds things: the repository, code-server, Chromium, artifacts. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "../../..");
export const CODE_SERVER_CACHE = process.env.CODE_SERVER_CACHE ?? join(REPO, ".cache/code-server");
export const CODE_SERVER_ENTRY = join(CODE_SERVER_CACHE, "node_modules/code-server/out/node/entry.js");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = join(REPO, "test-artifacts", "browser");

/** Checks that what the suite runs on is installed; returns the problems, each with its remedy. */
export function preflight(): string[] {
  const problems: string[] = [];
  if (!existsSync(CODE_SERVER_ENTRY)) {
    problems.push(
      `code-server is not installed at ${CODE_SERVER_ENTRY}: run "bash scripts/setup-code-server.sh" (as root).`,
    );
  }
  if (!existsSync(CHROMIUM))
    problems.push(`Chromium is not at ${CHROMIUM}: run "bash scripts/setup-code-server.sh" (as root).`);
  if (!existsSync(join(REPO, "dist/client.js"))) problems.push(`dist/client.js is missing: run "npm run build".`);
  return problems;
}
