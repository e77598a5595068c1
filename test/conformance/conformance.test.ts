// Conformance: the same input to each real systemd-tmpfiles release and to our
// checker for that release, compared line by line. Inputs: the project's
// marked case files, the shared corpus of real-world files (when present),
// and a seeded fuzzer's mutations of real lines (FUZZ_SEED, FUZZ_LINES).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { oracleDebVersion, oracleVersions, runOracle } from "./oracle.js";
import { compareFile, ourVerdicts, type Disagreement } from "./verdicts.js";
import { fuzzLines } from "./fuzz.js";
import { systemdTestInputs } from "./systemdTests.js";
import { sweepFiles } from "./sweeps.js";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../server/src/core/versions.js";
import { CODES } from "../../server/src/core/tmpfiles/codes.js";

const repo = join(__dirname, "../..");
const versions = oracleVersions();
const corpusDir = [join(repo, "../shared/corpus"), "/work/shared/corpus"].find((d) => existsSync(d));
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Date.now() / 1000) % 100000);
const fuzzCount = Number(process.env.FUZZ_LINES ?? 4000);
const BATCH = 100;

interface Input {
  name: string;
  text: string;
}

function filesIn(dir: string): Input[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith(".json") && !f.endsWith(".md"))
    .sort()
    .map((f) => ({ name: join(dir, f), text: readFileSync(join(dir, f), "utf8") }));
}

const caseFiles = filesIn(join(repo, "test/cases/tmpfiles"));
const corpusFiles = corpusDir
  ? ["github", "github-templates", "nixos", "history-cases", "real-world-rejects"].flatMap((d) =>
      filesIn(join(corpusDir, d)),
    )
  : [];
const systemdTests = systemdTestInputs(join(repo, ".cache/systemd-src"));
// The examples of docs/codes, each in a file of its own.
const codeExamples: Input[] = Object.entries(CODES)
  .filter(([, info]) => !("needs" in info))
  .flatMap(([code, info]) => [
    { name: `code-${code}-flagged.conf`, text: info.bad + "\n" },
    { name: `code-${code}-accepted.conf`, text: info.good + "\n" },
  ]);
const sweeps = sweepFiles();
const seedLines = [...caseFiles, ...corpusFiles, ...systemdTests]
  .flatMap((f) => f.text.split("\n"))
  .filter((l) => l.trim() && !l.trim().startsWith("#"));
const fuzzFiles: Input[] = [];
{
  const lines = fuzzLines(seed, fuzzCount, seedLines);
  for (let i = 0; i < lines.length; i += BATCH) {
    fuzzFiles.push({
      name: `fuzz-${seed}-${i / BATCH}.conf`,
      text:
        lines
          .slice(i, i + BATCH)
          .map((l) => l.text)
          .join("\n") + "\n",
    });
  }
}

async function pool<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

async function compareSet(version: number, files: Input[]): Promise<{ lines: number; disagreements: Disagreement[] }> {
  const results = await pool(files, 3, async (f) => {
    const oracle = await runOracle(version, [{ name: f.name, text: f.text }]);
    if (oracle.timedOut) throw new Error(`systemd-tmpfiles ${version} timed out on ${f.name}`);
    return compareFile(f.name, ourVerdicts(f.text, version, f.name), oracle, f.name);
  });
  return { lines: results.reduce((a, r) => a + r.compared, 0), disagreements: results.flatMap((r) => r.disagreements) };
}

/** release -> input set -> lines compared and lines agreeing, for the table printed at the end. */
const summary = new Map<number, Map<string, { agree: number; lines: number }>>();

function report(version: number, set: string, r: { lines: number; disagreements: Disagreement[] }): void {
  const agree = r.lines - r.disagreements.length;
  if (!summary.has(version)) summary.set(version, new Map());
  summary.get(version)!.set(set, { agree, lines: r.lines });
  const pct = r.lines ? ((100 * agree) / r.lines).toFixed(2) : "n/a";
  console.log(`systemd ${version} ${set}: ${agree}/${r.lines} lines agree (${pct}%)`);
  if (r.disagreements.length) {
    mkdirSync(join(repo, "test-artifacts"), { recursive: true });
    writeFileSync(
      join(repo, `test-artifacts/conformance-${version}-${set}.json`),
      JSON.stringify(r.disagreements, null, 2),
    );
  }
}

/** The agreement of every release on every input set, as a Markdown table (printed, and kept in test-artifacts/). */
after(() => {
  if (summary.size === 0) return;
  const sets = [...new Set([...summary.values()].flatMap((m) => [...m.keys()]))];
  const cell = (c: { agree: number; lines: number } | undefined): string =>
    c ? `${c.agree}/${c.lines} (${((100 * c.agree) / c.lines).toFixed(2)}%)` : "–";
  const rows = [...summary.keys()]
    .sort((a, b) => a - b)
    .map((v) => {
      const m = summary.get(v)!;
      const all = [...m.values()].reduce((a, c) => ({ agree: a.agree + c.agree, lines: a.lines + c.lines }), {
        agree: 0,
        lines: 0,
      });
      return `| ${v} | ${oracleDebVersion(v)} | ${sets.map((s) => cell(m.get(s))).join(" | ")} | ${cell(all)} |`;
    });
  const table = [
    `| release | binary | ${sets.join(" | ")} | all |`,
    `| --- | --- | ${sets.map(() => "---").join(" | ")} | --- |`,
    ...rows,
  ].join("\n");
  mkdirSync(join(repo, "test-artifacts"), { recursive: true });
  writeFileSync(join(repo, "test-artifacts/conformance-summary.md"), table + "\n");
  console.log(`\nAgreement of each release, lines whose verdict is ours too:\n${table}`);
});

function describe(ds: Disagreement[]): string {
  return ds
    .slice(0, 15)
    .map(
      (d) =>
        `  ${d.file}:${d.line}: ${JSON.stringify(d.text)}\n    systemd ${d.systemd}: ${d.systemdMessages.join(" / ") || "-"}\n    ours ${d.ours}: ${d.ourMessages.join(" / ") || "-"}`,
    )
    .join("\n");
}

test("the systemd-tmpfiles oracles of every release 252–262 are present (CI requires all eleven)", () => {
  assert.ok(
    versions.length >= 4,
    "run `bash scripts/fetch-systemd-oracles.sh` first: it brings systemd-tmpfiles 252, 254, 257 and the newest, and the other releases from ../shared/systemd/bin",
  );
  const missing = Array.from({ length: NEWEST_VERSION - OLDEST_VERSION + 1 }, (_, i) => OLDEST_VERSION + i).filter(
    (v) => !versions.includes(v),
  );
  if (missing.length) {
    const msg = `systemd-tmpfiles ${missing.join(", ")} not in .cache/systemd/oracles.json: those releases are NOT tested (put ../shared/systemd/bin next to the checkout and re-run scripts/fetch-systemd-oracles.sh)`;
    if (process.env.CI) assert.fail(msg);
    console.warn(`WARNING: ${msg}`);
  }
});

for (const version of versions) {
  test(`systemd ${version}: the project's case files`, async () => {
    const r = await compareSet(version, caseFiles);
    report(version, "cases", r);
    assert.equal(r.disagreements.length, 0, `disagreements:\n${describe(r.disagreements)}`);
  });

  test(`systemd ${version}: the examples of the code pages (docs/codes)`, async () => {
    const r = await compareSet(version, codeExamples);
    report(version, "code-examples", r);
    assert.equal(r.disagreements.length, 0, `disagreements:\n${describe(r.disagreements)}`);
  });

  test(
    `systemd ${version}: lines from systemd's own test suite`,
    {
      skip:
        systemdTests.length === 0
          ? "no systemd source in .cache/systemd-src (fetch-systemd-oracles.sh --sources)"
          : false,
    },
    async () => {
      const r = await compareSet(version, systemdTests);
      report(version, "systemd-tests", r);
      assert.equal(r.disagreements.length, 0, `disagreements:\n${describe(r.disagreements)}`);
    },
  );

  test(
    `systemd ${version}: the shared corpus`,
    { skip: corpusFiles.length === 0 ? "no ../shared/corpus here" : false },
    async () => {
      const r = await compareSet(version, corpusFiles);
      report(version, "corpus", r);
      assert.equal(r.disagreements.length, 0, `disagreements:\n${describe(r.disagreements)}`);
    },
  );

  test(`systemd ${version}: sweeps of every character as type, modifier and specifier, and of every field's edge values`, async () => {
    const r = await compareSet(version, sweeps);
    report(version, "sweeps", r);
    assert.equal(r.disagreements.length, 0, `disagreements:\n${describe(r.disagreements)}`);
  });

  test(`systemd ${version}: ${fuzzCount} fuzzed lines, seed ${seed}`, async () => {
    const r = await compareSet(version, fuzzFiles);
    report(version, `fuzz-${seed}`, r);
    assert.equal(
      r.disagreements.length,
      0,
      `replay with FUZZ_SEED=${seed}; disagreements:\n${describe(r.disagreements)}`,
    );
  });
}
