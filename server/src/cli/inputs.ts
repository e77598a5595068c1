/** Reads the inputs of `check`: files and directories, told apart as tmpfiles.d files or etc manifests. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export class UsageError extends Error {}

export interface Input {
  /** As given on the command line (or below a given directory). */
  path: string;
  kind: "tmpfiles" | "manifest";
  text: string;
}

/** Largest file read whole; larger ones are refused with a message. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export function kindOf(path: string): Input["kind"] {
  return path.toLowerCase().endsWith(".json") ? "manifest" : "tmpfiles";
}

function readText(path: string): string {
  const st = statSync(path);
  if (st.size > MAX_INPUT_BYTES) throw new UsageError(`${path}: larger than ${MAX_INPUT_BYTES} bytes`);
  return readFileSync(path, "utf8");
}

function confFilesBelow(dir: string, out: string[], depth = 0): void {
  if (depth > 32) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue; // a dangling link: systemd skips it too
    }
    if (st.isDirectory()) confFilesBelow(p, out, depth + 1);
    else if (st.isFile() && name.endsWith(".conf")) out.push(p);
  }
}

/** Expands directories into their tmpfiles.d files; throws UsageError for anything unreadable. */
export function readInputs(paths: string[]): { inputs: Input[]; groups: Input[][] } {
  const inputs: Input[] = [];
  const groups: Input[][] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new UsageError(`${p}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
    }
    try {
      if (st.isDirectory()) {
        const files: string[] = [];
        confFilesBelow(p, files);
        const group = files.map((f) => ({ path: f, kind: "tmpfiles" as const, text: readText(f) }));
        inputs.push(...group);
        groups.push(group);
      } else {
        const input = { path: p, kind: kindOf(p), text: readText(p) };
        inputs.push(input);
        groups.push([input]);
      }
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${p}: ${(e as Error).message}`);
    }
  }
  return { inputs, groups };
}
