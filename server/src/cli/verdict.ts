/**
 * The verdict that `generate` and `plan` carry (docs/contracts.md §2): a manifest's
 * errors, each one line as `check` prints it, for stderr.
 */
import type { Manifest } from "../core/manifest/index.js";
import { manifestCore } from "./lazy.js";
import { toReported } from "../core/report.js";
import { formatDiagnosticLine } from "./format.js";

/** The errors of a manifest read from `path`, one line each. */
export function manifestErrorLines(path: string, m: Manifest, staticDir?: string): string[] {
  const errors = manifestCore()
    .checkManifest(m, { fileName: path, ...(staticDir !== undefined ? { staticDir } : {}) })
    .filter((d) => d.severity === "error");
  return toReported(m.text, errors).map((d) => formatDiagnosticLine(path, d));
}
