/** A scratch copy of examples/ for one scenario, so edits never touch the repository. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./paths";

export interface Workspace {
  dir: string;
  read(relative: string): string;
  dispose(): void;
}

export function copyExamples(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-ws-"));
  cpSync(join(REPO, "examples"), dir, { recursive: true });
  return {
    dir,
    read: (relative) => readFileSync(join(dir, relative), "utf8"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export { locate } from "../scenarios/expectations";
