/** Timing helpers of the benchmark: runs after a warm-up, summaries, whole processes with their peak memory. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** How many timed runs fit a budget, given how long one run takes (at least `min`). */
function runsFor(oneRunMs: number, budgetMs: number, min = 3, max = 9): number {
  return Math.max(min, Math.min(max, Math.floor(budgetMs / Math.max(oneRunMs, 1))));
}

/** Runs `fn` once to warm up, then as many times as the budget allows; milliseconds. */
export function timeInProcess(fn: () => unknown, budgetMs = 3000): Summary {
  let t = performance.now();
  fn();
  const first = performance.now() - t;
  const times: number[] = [];
  for (let n = runsFor(first, budgetMs, 5, 15); n > 0; n--) {
    t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

interface ProcessRun {
  wallMs: number;
  /** User plus system CPU time. */
  cpuMs: number;
  /** Peak resident memory in KiB (0 when it cannot be measured). */
  maxRssKb: number;
  status: number | null;
}

const TIME = "/usr/bin/time";

/** Runs a program to its end; its output is thrown away. Peak memory comes from GNU time when it is installed. */
function runProcess(argv: string[], opts: { cwd?: string } = {}): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-bench-"));
  const out = join(dir, "time");
  const withTime = existsSync(TIME);
  const args = withTime ? ["-f", "%U %S %M", "-o", out, ...argv] : argv.slice(1);
  const t = performance.now();
  const r = spawnSync(withTime ? TIME : argv[0]!, args, {
    cwd: opts.cwd,
    stdio: ["ignore", "ignore", "ignore"],
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - t;
  let cpuMs = 0;
  let maxRssKb = 0;
  if (withTime && existsSync(out)) {
    const last = readFileSync(out, "utf8").trim().split("\n").pop() ?? "";
    const [u, s, m] = last.split(" ").map(Number);
    cpuMs = ((u ?? 0) + (s ?? 0)) * 1000;
    maxRssKb = m ?? 0;
  }
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, cpuMs, maxRssKb, status: r.status };
}

export interface ProcessSummary {
  wall: Summary;
  cpu: Summary;
  maxRssKb: Summary;
  status: number | null;
}

/** A warm-up run, then several timed runs (fewer for a slow program, within `budgetMs`). */
export function timeProcess(
  argv: string[],
  budgetMs = 20_000,
  opts: { cwd?: string; minRuns?: number } = {},
): ProcessSummary {
  const warm = runProcess(argv, opts);
  const runs: ProcessRun[] = [];
  for (let n = runsFor(warm.wallMs, budgetMs, opts.minRuns ?? 3); n > 0; n--) runs.push(runProcess(argv, opts));
  return summarizeRuns(runs);
}

export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "median (min–max)" */
export function fmtSummary(s: Summary, unit: (x: number) => string = fmtMs): string {
  return `${unit(s.median)} (${unit(s.min)}–${unit(s.max)})`;
}

export function fmtKb(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(kb >= 10240 ? 0 : 1)} MB` : `${kb} KB`;
}

export function fmtBytes(b: number): string {
  return b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(0)} KB`;
}

function summarizeRuns(runs: ProcessRun[]): ProcessSummary {
  return {
    wall: summarize(runs.map((r) => r.wallMs)),
    cpu: summarize(runs.map((r) => r.cpuMs)),
    maxRssKb: summarize(runs.map((r) => r.maxRssKb)),
    status: runs[0]!.status,
  };
}

export interface PairedSummary {
  a: ProcessSummary;
  b: ProcessSummary;
  /** b's wall time over a's, one ratio per pair of runs made one after the other. */
  ratio: Summary;
  /** The same for CPU time (user + system). */
  cpuRatio: Summary;
}

/**
 * Two programs timed side by side: A B A B …, after one warm-up run of each,
 * so that both see the same load on a shared machine; the ratio is the
 * median of each pair's. Argument lists are made fresh for every run (a
 * fresh scratch root, say). A pair of over 10 s gets no warm-up.
 */
export function timePaired(
  a: () => string[],
  b: () => string[],
  budgetMs: number,
  minPairs = 3,
  maxPairs = 9,
): PairedSummary {
  const warmA = runProcess(a());
  const warmB = runProcess(b());
  const pairMs = warmA.wallMs + warmB.wallMs;
  const slow = pairMs > 10_000;
  const ra: ProcessRun[] = slow ? [warmA] : [];
  const rb: ProcessRun[] = slow ? [warmB] : [];
  for (let n = runsFor(pairMs, budgetMs, minPairs, maxPairs) - (slow ? 1 : 0); n > 0; n--) {
    ra.push(runProcess(a()));
    rb.push(runProcess(b()));
  }
  return {
    a: summarizeRuns(ra),
    b: summarizeRuns(rb),
    ratio: summarize(ra.map((r, i) => rb[i]!.wallMs / r.wallMs)),
    cpuRatio: summarize(ra.map((r, i) => rb[i]!.cpuMs / Math.max(r.cpuMs, 1))),
  };
}
