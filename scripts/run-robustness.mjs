// Runs the robustness suite (test/robustness) and prints what it fuzzed: each
// test process appends its counts to a file named by ROBUSTNESS_COUNTS.
import { mkdtempSync, readFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const dir = mkdtempSync(join(tmpdir(), "tmpfiles-robustness-"));
const countsFile = join(dir, "counts.jsonl");
const files = readdirSync("test/robustness")
  .filter((n) => n.endsWith(".test.ts"))
  .sort()
  .map((n) => join("test/robustness", n));
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...process.argv.slice(2), ...files],
  {
    stdio: "inherit",
    env: { ...process.env, ROBUSTNESS_COUNTS: countsFile },
  },
);
const totals = {};
if (existsSync(countsFile)) {
  for (const line of readFileSync(countsFile, "utf8").split("\n")) {
    if (!line) continue;
    for (const [k, v] of Object.entries(JSON.parse(line))) totals[k] = (totals[k] ?? 0) + v;
  }
}
rmSync(dir, { recursive: true, force: true });
console.log("\n== robustness: what was fuzzed");
for (const [k, v] of Object.entries(totals).sort()) console.log(`${k.padEnd(28)} ${v}`);
process.exit(r.status ?? 1);
