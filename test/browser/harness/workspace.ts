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

/** 1-based line and column of `token` on the first line that contains `lineNeedle`. */
export function locate(text: string, lineNeedle: string, token = lineNeedle): { line: number; column: number } {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.includes(lineNeedle));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(lineNeedle)}`);
  const c = lines[i]!.indexOf(token);
  if (c < 0) throw new Error(`line ${i + 1} has no ${JSON.stringify(token)}`);
  return { line: i + 1, column: c + 1 };
}
