/**
 * A small scenario runner for inside the extension host (no mocha here):
 * runs each scenario in order with a timeout, prints TAP-like lines and a
 * closing "N passed, N failed", and rejects when one failed.
 */
import { writeFileSync } from "node:fs";

export interface Scenario {
  name: string;
  timeoutMs?: number;
  run(): Promise<void>;
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export async function runScenarios(scenarios: readonly Scenario[]): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    const t0 = Date.now();
    try {
      await withTimeout(s.run(), s.timeoutMs ?? 90_000, s.name);
      results.push({ name: s.name, ok: true, ms: Date.now() - t0 });
      console.log(`ok - ${s.name} (${Date.now() - t0} ms)`);
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      results.push({ name: s.name, ok: false, ms: Date.now() - t0, error });
      console.log(`not ok - ${s.name} (${Date.now() - t0} ms)\n  ${error.replace(/\n/g, "\n  ")}`);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  const out = process.env.TMPFILES_VSCODE_RESULTS;
  if (out) writeFileSync(out, JSON.stringify(results, null, 2));
  return results;
}
