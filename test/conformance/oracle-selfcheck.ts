// Checks the oracle against the verdicts recorded in the shared corpus:
// every corpus file that has verdicts is run through each fetched release,
// and each line's strongest severity is compared with the recorded class
// ('syntax' must be 'error', 'warning' must be 'warning', nothing else may
// be flagged).
//
//   node --import tsx test/conformance/oracle-selfcheck.ts [options]
//     --corpus DIR        default ../shared/corpus, else /work/shared/corpus
//     --versions 252,262  default: every fetched release
//     --both-actions      also run --create and check it flags the same lines as --clean
//     --jobs N            parallel runs (default 4)
//     --verbose           print every disagreement, text difference and attributed message
//
// Exit status: 0 when everything agrees, 1 when something does not, 2 on a usage error.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { oracleDebVersion, oracleVersions, runOracle, strongest, type OracleResult } from "./oracle.js";

interface Verdict {
  file: string;
  version: number;
  exit: number;
  lines: Record<string, { class: string; text: string }[]>;
}

type Level = "error" | "warning" | "none";

function parseArgs(argv: string[]) {
  const o = { corpus: "", versions: [] as number[], bothActions: false, jobs: 4, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--corpus") o.corpus = next();
    else if (a === "--versions") o.versions = next().split(",").map(Number);
    else if (a === "--both-actions") o.bothActions = true;
    else if (a === "--jobs") o.jobs = Math.max(1, Number(next()));
    else if (a === "--verbose") o.verbose = true;
    else usage(`unknown argument ${a}`);
  }
  if (!o.corpus) {
    o.corpus =
      [resolve("../shared/corpus"), "/work/shared/corpus"].find((d) => existsSync(join(d, "verdicts.jsonl"))) ?? "";
    if (!o.corpus) usage("no corpus found: pass --corpus DIR");
  }
  return o;
}

function usage(msg: string): never {
  console.error(`oracle-selfcheck: ${msg}`);
  process.exit(2);
}

function expectedLevels(v: Verdict): Map<number, Level> {
  const m = new Map<number, Level>();
  for (const [ln, msgs] of Object.entries(v.lines)) {
    if (msgs.some((x) => x.class === "syntax")) m.set(Number(ln), "error");
    else if (msgs.some((x) => x.class === "warning")) m.set(Number(ln), "warning");
  }
  return m;
}

/**
 * Each line's strongest severity. The corpus recorded only PATH:LINE messages,
 * so messages the oracle attributed to a line by content (ACL, xattr, file
 * attribute and capability arguments) are left out unless `attributed`.
 */
function actualLevels(r: OracleResult, name: string, attributed = false): Map<number, Level> {
  const m = new Map<number, Level>();
  for (const [ln, msgs] of r.lines.get(name) ?? []) {
    const s = strongest(attributed ? msgs : msgs.filter((x) => !x.attributed));
    if (s !== "none") m.set(ln, s);
  }
  return m;
}

async function pool<T>(items: T[], jobs: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface Tally {
  files: number;
  filesAgree: number;
  flaggedExpected: number;
  flaggedAgree: number;
  extra: number;
  exitAgree: number;
  textAgree: number;
  textTotal: number;
  actionDiffs: number;
  general: number;
  attributed: number;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const have = oracleVersions();
  if (have.length === 0) usage("no oracles: run scripts/fetch-systemd-oracles.sh first");
  const versions = o.versions.length ? o.versions : have;
  const verdicts = readFileSync(join(o.corpus, "verdicts.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Verdict)
    .filter((v) => versions.includes(v.version));
  for (const v of versions) {
    if (!have.includes(v)) usage(`release ${v} has not been fetched (have ${have.join(", ")})`);
  }

  const tallies = new Map<number, Tally>(
    versions.map((v) => [
      v,
      {
        files: 0,
        filesAgree: 0,
        flaggedExpected: 0,
        flaggedAgree: 0,
        extra: 0,
        exitAgree: 0,
        textAgree: 0,
        textTotal: 0,
        actionDiffs: 0,
        general: 0,
        attributed: 0,
      },
    ]),
  );
  const problems: string[] = [];

  await pool(verdicts, o.jobs, async (v) => {
    const t = tallies.get(v.version)!;
    const text = readFileSync(join(o.corpus, v.file), "utf8");
    const r = await runOracle(v.version, [{ name: v.file, text }]);
    const exp = expectedLevels(v);
    const act = actualLevels(r, v.file);
    const lineText = text.split("\n");
    let agree = true;
    t.files++;
    for (const [ln, lvl] of exp) {
      t.flaggedExpected++;
      if (act.get(ln) === lvl) t.flaggedAgree++;
      else {
        agree = false;
        problems.push(
          `${v.version} ${v.file}:${ln}: corpus ${lvl}, oracle ${act.get(ln) ?? "none"} ${JSON.stringify(r.lines.get(v.file)?.get(ln) ?? [])} | ${lineText[ln - 1]}`,
        );
      }
      // The recorded texts, against what this run logged for the line.
      // (the corpus writes the scratch root as $ROOT; the oracle drops it)
      const want = (v.lines[String(ln)] ?? [])
        .map((x) => x.text.split("$ROOT").join(""))
        .sort()
        .join("\n");
      const got = (r.lines.get(v.file)?.get(ln) ?? [])
        .filter((x) => x.severity !== "info")
        .map((x) => x.text)
        .sort()
        .join("\n");
      t.textTotal++;
      if (want === got) t.textAgree++;
      else if (o.verbose)
        problems.push(
          `${v.version} ${v.file}:${ln}: text differs: corpus ${JSON.stringify(want)} oracle ${JSON.stringify(got)}`,
        );
    }
    for (const [ln, lvl] of act) {
      if (!exp.has(ln)) {
        t.extra++;
        agree = false;
        problems.push(
          `${v.version} ${v.file}:${ln}: corpus none, oracle ${lvl} ${JSON.stringify(r.lines.get(v.file)?.get(ln))} | ${lineText[ln - 1]}`,
        );
      }
    }
    if (agree) t.filesAgree++;
    // The corpus ran --create: 73 there means a create failed, which --clean never attempts.
    const wantExit = v.exit === 73 ? 0 : v.exit;
    if (r.exit === wantExit || r.exit === v.exit) t.exitAgree++;
    else
      problems.push(
        `${v.version} ${v.file}: exit corpus ${v.exit}, oracle ${r.exit}${r.timedOut ? " (timed out)" : ""}`,
      );
    for (const [ln, lvl] of actualLevels(r, v.file, true)) {
      if (act.get(ln) === lvl) continue;
      t.attributed++;
      if (o.verbose)
        problems.push(
          `${v.version} ${v.file}:${ln}: (not in the corpus) line-less message attributed here: ${lvl} ${JSON.stringify(r.lines.get(v.file)?.get(ln))}`,
        );
    }
    if (r.general.length) {
      t.general++;
      if (o.verbose) problems.push(`${v.version} ${v.file}: messages without a line: ${JSON.stringify(r.general)}`);
    }

    if (o.bothActions) {
      const c = await runOracle(v.version, [{ name: v.file, text }], { action: "create" });
      const ca = actualLevels(c, v.file, true);
      const aa = actualLevels(r, v.file, true);
      const same = ca.size === aa.size && [...aa].every(([ln, lvl]) => ca.get(ln) === lvl);
      if (!same) {
        t.actionDiffs++;
        problems.push(
          `${v.version} ${v.file}: --create flags ${JSON.stringify([...ca])}, --clean ${JSON.stringify([...aa])}`,
        );
      }
    }
  });

  problems.sort();
  const shown = o.verbose ? problems : problems.slice(0, 40);
  for (const p of shown) console.log(p);
  if (shown.length < problems.length) console.log(`… and ${problems.length - shown.length} more (--verbose shows all)`);

  console.log(
    "\nrelease  package               files  agree   flagged lines agree  extra  exit agree  same text  no-line msgs  attributed" +
      (o.bothActions ? "  clean≠create" : ""),
  );
  let allAgree = true;
  for (const v of versions) {
    const t = tallies.get(v)!;
    if (t.filesAgree !== t.files || t.actionDiffs) allAgree = false;
    console.log(
      [
        String(v).padEnd(8),
        oracleDebVersion(v).padEnd(21),
        String(t.files).padStart(5),
        String(t.filesAgree).padStart(6),
        `${t.flaggedAgree}/${t.flaggedExpected}`.padStart(20),
        String(t.extra).padStart(6),
        String(t.exitAgree).padStart(11),
        `${t.textAgree}/${t.textTotal}`.padStart(10),
        String(t.general).padStart(13),
        String(t.attributed).padStart(11),
        o.bothActions ? String(t.actionDiffs).padStart(13) : "",
      ].join(" "),
    );
  }
  process.exitCode = allAgree ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
