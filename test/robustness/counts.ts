/**
 * What the robustness suite fuzzed, counted per test process and written
 * where `scripts/run-robustness.mjs` collects it (ROBUSTNESS_COUNTS, a file
 * of JSON lines), so the run can print totals at the end.
 */
import { appendFileSync } from "node:fs";

export type CountName =
  | "tmpfiles inputs"
  | "manifest inputs"
  | "extreme inputs"
  | "quick fixes applied"
  | "server edits"
  | "server malformed requests"
  | "corpus files"
  | "injections"
  | "dry-runs checked against the host tree"
  | "findings (crash, hang, lost data, wrong answer)"
  | "findings fixed";

const counts = new Map<CountName, number>();

export function count(name: CountName, n = 1): void {
  counts.set(name, (counts.get(name) ?? 0) + n);
}

process.on("exit", () => {
  const file = process.env.ROBUSTNESS_COUNTS;
  if (!file || counts.size === 0) return;
  appendFileSync(file, JSON.stringify(Object.fromEntries(counts)) + "\n");
});
