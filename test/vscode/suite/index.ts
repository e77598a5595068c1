/** Entry point of the extension tests (VS Code calls `run`). Bundled by runTest.ts. */
import { runScenarios } from "./runner";
import { scenarios } from "./scenarios";

export async function run(): Promise<void> {
  const results = await runScenarios(scenarios);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0)
    throw new Error(`${failed.length} of ${results.length} scenarios failed: ${failed.map((f) => f.name).join("; ")}`);
}
