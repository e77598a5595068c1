/** How hard the suite fuzzes: ROBUSTNESS_RUNS scales every property (default 1), ROBUSTNESS_SEED replays a run. */
import type fc from "fast-check";

const scale = Number(process.env.ROBUSTNESS_RUNS ?? "1") || 1;

export function runs(base: number): fc.Parameters<unknown> {
  const seed = process.env.ROBUSTNESS_SEED;
  return {
    numRuns: Math.max(1, Math.round(base * scale)),
    ...(seed ? { seed: Number(seed) } : {}),
    endOnFailure: false,
  };
}
