// What `tmpfiles-lsp check` prints, parsed for the tests that read it (docs/contracts.md §1).
import type { FileReport } from "../../server/src/core/report.js";

/** The `--format json` document. */
export function jsonReport(stdout: string): { version: number; files: FileReport[] } {
  return JSON.parse(stdout) as { version: number; files: FileReport[] };
}

/** The parts of a SARIF 2.1.0 log the tests read. */
interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; helpUri: string }[] } };
    results: { level: string; locations: { physicalLocation: { region: Record<string, number> } }[] }[];
  }[];
}

/** The `--format sarif` log. */
export function sarifReport(stdout: string): Sarif {
  return JSON.parse(stdout) as Sarif;
}
