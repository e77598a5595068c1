/**
 * `npm run bench`: figures for the checker, the language server, the
 * manifest generator and the extension, measured the same way each time and
 * beside the newest systemd-tmpfiles. Not a test: it asserts nothing. It
 * prints markdown tables (for docs/benchmarks.md; the README sums them up)
 * and writes bench/results.json.
 *
 *   npm run bench [-- --only=check,lsp,manifest,nix,size,activation,transport] [--sizes=1000,10000] [--quick]
 *
 * `transport` (not run unless named) sets the server's stdio reader
 * (stdio.ts) against vscode-jsonrpc's, on 100, 1,000 and 10,000 lines.
 *
 * Each figure is the median of several runs after a warm-up, with min and
 * max. Whole-process figures run the built bundles (dist/), as users do.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { manifestText, OWNER_NAMES, tmpfilesText } from "./generate.js";
import { benchActivation } from "./activation.js";
import { benchServer, type ServerFigures } from "./lsp.js";
import { SERVER_NODE_FLAGS } from "../client/src/serverStart.js";
import { fmtBytes, fmtKb, fmtMs, fmtSummary, timeInProcess, timePaired, timeProcess, type Summary } from "./measure.js";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "cli.js");
const SERVER = join(ROOT, "dist", "server.js");
const CORPUS = join(ROOT, "..", "shared", "corpus");

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = args.includes("--quick");
const only = new Set((option("only") ?? "check,lsp,manifest,nix,size,activation").split(","));
const sizes = (option("sizes") ?? "1000,10000,100000").split(",").map(Number);
const scratch = mkdtempSync(join(tmpdir(), "tmpfiles-bench-"));
const results: Record<string, unknown> = {};

/** The core, bundled as dist/ bundles it (see inprocess.ts). */
function loadCore(): typeof import("./inprocess.js") {
  const outfile = join(scratch, "inprocess.js");
  buildSync({
    entryPoints: [join(__dirname, "inprocess.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as typeof import("./inprocess.js");
}
const core = loadCore();
const { checkNix, checkTmpfiles, generateCommand, parseNix, planInputOf, planWalk, writePlanText } = core;
const out: string[] = [];
const print = (s = ""): void => {
  out.push(s);
  console.log(s);
};

function machine(): { nproc: number; cpu: string; node: string; loadavg: number[]; date: string } {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    // not Linux
  }
  return {
    nproc: availableParallelism(),
    cpu: model,
    node: process.version,
    loadavg: loadavg().map((x) => Number(x.toFixed(2))),
    date: new Date().toISOString(),
  };
}

/** The newest systemd-tmpfiles the project fetched (scripts/fetch-systemd-oracles.sh), as an argument list. */
function newestSystemd(): { version: number; argv: string[] } | undefined {
  const p = join(ROOT, ".cache", "systemd", "oracles.json");
  if (!existsSync(p)) return undefined;
  const oracles = JSON.parse(readFileSync(p, "utf8")) as Record<string, { argv: string[] }>;
  const version = Math.max(...Object.keys(oracles).map(Number));
  const argv = oracles[String(version)]?.argv;
  return argv && existsSync(argv[argv.length - 1]!) ? { version, argv } : undefined;
}

/** An empty scratch root with the users and groups the files name, so systemd reads every field. */
function scratchRoot(): string {
  const root = mkdtempSync(join(scratch, "root-"));
  mkdirSync(join(root, "etc"));
  writeFileSync(
    join(root, "etc", "passwd"),
    OWNER_NAMES.map((n, i) => `${n}:x:${i === 0 ? 0 : 900 + i}:${i === 0 ? 0 : 900 + i}::/:/bin/sh\n`).join(""),
  );
  writeFileSync(join(root, "etc", "group"), OWNER_NAMES.map((n, i) => `${n}:x:${i === 0 ? 0 : 900 + i}:\n`).join(""));
  writeFileSync(join(root, "etc", "machine-id"), "0123456789abcdef0123456789abcdef\n");
  return root;
}

function confFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".conf")) found.push(p);
    }
  };
  walk(dir);
  return found;
}

const lineCount = (files: string[]): number =>
  files.reduce(
    (n, f) =>
      n +
      readFileSync(f, "utf8")
        .split("\n")
        .filter((l, i, a) => i < a.length - 1 || l !== "").length,
    0,
  );

// ------------------------------------------------------------------ check

interface CheckInput {
  /** What the input is, as the tables label it. */
  name: string;
  files: string[];
}

/**
 * Inputs beside systemd, each named for what it is: ordinary generated files
 * (no X lines), the real corpus, and generated files with ~3% X lines, on
 * which systemd's cost grows with the square of the file (see generate.ts).
 */
function checkInputs(): CheckInput[] {
  const inputs: CheckInput[] = [];
  const write = (name: string, text: string): string => {
    const f = join(scratch, name);
    writeFileSync(f, text);
    return f;
  };
  for (const n of sizes)
    inputs.push({
      name: `ordinary, ${n.toLocaleString("en")} lines`,
      files: [write(`ordinary-${n}.conf`, tmpfilesText(n, 1, true))],
    });
  if (existsSync(CORPUS)) inputs.push({ name: "real corpus (../shared/corpus)", files: confFiles(CORPUS) });
  for (const n of sizes.filter((x) => x >= 10_000))
    inputs.push({
      name: `X-heavy, ${n.toLocaleString("en")} lines`,
      files: [write(`x-heavy-${n}.conf`, tmpfilesText(n))],
    });
  return inputs;
}

function benchCheck(): void {
  const systemd = newestSystemd();
  const inputs = checkInputs();
  const rows: Record<string, unknown>[] = [];
  print(
    `## check, whole process${systemd ? `, side by side with systemd-tmpfiles ${systemd.version} (--clean --boot on an empty scratch root: nothing to clean, nothing changed)` : ""}`,
  );
  print();
  print(
    "Each pair of runs is ours then systemd's, one after the other, so both see the same load; the ratio is the median of the pairs' ratios (min–max).",
  );
  print();
  print(
    `| input | lines | tmpfiles-lsp check | peak memory | systemd-tmpfiles | peak memory | systemd ÷ ours, wall | CPU, ours / systemd |`,
  );
  print(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  for (const input of inputs) {
    const lines = lineCount(input.files);
    const oursArgv = (): string[] => [process.execPath, CLI, "check", ...input.files];
    if (!systemd) {
      const ours = timeProcess(oursArgv(), quick ? 3000 : 15_000);
      rows.push({ input: input.name, lines, ours });
      print(
        `| ${input.name} | ${lines.toLocaleString("en")} | ${fmtSummary(ours.wall)} | ${fmtKb(ours.maxRssKb.median)} | – | – | – | – |`,
      );
      continue;
    }
    // A fresh root for every run: --clean must find nothing to clean.
    const theirsArgv = (): string[] => [
      ...systemd.argv,
      `--root=${scratchRoot()}`,
      "--clean",
      "--boot",
      ...input.files,
    ];
    const p = timePaired(oursArgv, theirsArgv, quick ? 3000 : 20_000, quick ? 1 : 3);
    rows.push({ input: input.name, lines, ours: p.a, systemd: p.b, ratio: p.ratio, cpuRatio: p.cpuRatio });
    const ratio = (r: Summary): string => `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
    print(
      `| ${input.name} | ${lines.toLocaleString("en")} | ${fmtSummary(p.a.wall)} | ${fmtKb(p.a.maxRssKb.median)} | ${fmtSummary(p.b.wall)} | ${fmtKb(p.b.maxRssKb.median)} | ${ratio(p.ratio)} | ${fmtMs(p.a.cpu.median)} / ${fmtMs(p.b.cpu.median)} |`,
    );
  }
  print();
  print("Above 1× systemd takes longer than tmpfiles-lsp; below 1× tmpfiles-lsp is the slower.");
  print();
  results.check = { rows, systemd: systemd?.version ?? null };
  benchStartup();
  benchCheckInProcess();
}

/** A small file against Node starting and doing nothing: how much of check's time is its own. */
function benchStartup(): void {
  const small = join(scratch, "small.conf");
  writeFileSync(small, tmpfilesText(10, 1, true));
  const p = timePaired(
    () => [process.execPath, "-e", "0"],
    () => [process.execPath, CLI, "check", small],
    quick ? 3000 : 15_000,
    quick ? 5 : 15,
    quick ? 9 : 31,
  );
  print(
    `Start-up: \`check\` on a 10-line file takes ${fmtSummary(p.b.wall)} (CPU ${fmtMs(p.b.cpu.median)}), \`node -e 0\` ${fmtSummary(p.a.wall)} (CPU ${fmtMs(p.a.cpu.median)}): ours over \`node -e 0\` ${p.ratio.median.toFixed(2)}× (${p.ratio.min.toFixed(2)}–${p.ratio.max.toFixed(2)}), side by side.`,
  );
  print();
  results.startup = { check: p.b, node: p.a, ratio: p.ratio };
}

/** The checker alone, in process: no start-up, no output. */
function benchCheckInProcess(): void {
  const rows: { lines: number; ordinary: Summary; xHeavy: Summary }[] = [];
  print("| in process, `checkTmpfiles` | ordinary | µs per line | X-heavy | µs per line |");
  print("| ---: | ---: | ---: | ---: | ---: |");
  for (const n of sizes) {
    const ordinary = tmpfilesText(n, 1, true);
    const xHeavy = tmpfilesText(n);
    const o = timeInProcess(() => checkTmpfiles(ordinary, { systemdVersion: 262 }), quick ? 1000 : 4000);
    const x = timeInProcess(() => checkTmpfiles(xHeavy, { systemdVersion: 262 }), quick ? 1000 : 4000);
    rows.push({ lines: n, ordinary: o, xHeavy: x });
    const perLine = (s: Summary): string => ((s.median * 1000) / n).toFixed(2);
    print(`| ${n.toLocaleString("en")} lines | ${fmtSummary(o)} | ${perLine(o)} | ${fmtSummary(x)} | ${perLine(x)} |`);
  }
  print();
  results.checkInProcess = rows;
}

/** A NixOS module whose `systemd.tmpfiles.rules` are the lines of a tmpfiles.d text, half in "…", half in ''…''. */
function nixModule(conf: string): string {
  const lines = conf.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const quoted = (l: string): string => `      "${l.replace(/[\\"]/g, (c) => "\\" + c).replace(/\$\{/g, "\\${")}"`;
  const indented = (l: string): string =>
    `      ''\n        ${l.replace(/'/g, "''\\'").replace(/\$\{/g, "''${")}\n      ''`;
  const body = lines.map((l, i) => (i % 2 === 0 ? quoted(l) : indented(l))).join("\n");
  return `{ config, lib, ... }:\n{\n  config = lib.mkIf config.services.example.enable {\n    systemd.tmpfiles.rules = [\n${body}\n    ];\n  };\n}\n`;
}

function benchNix(): void {
  print("## .nix files: the rules of a NixOS module");
  print();
  print("| in process | parse (Lezer) | `checkNix` | µs per rule | `checkTmpfiles` of the same lines |");
  print("| ---: | ---: | ---: | ---: | ---: |");
  const rows: { rules: number; bytes: number; parse: Summary; check: Summary; conf: Summary }[] = [];
  // Modules hold a few rules to a few hundred: the sizes up to 10,000, and 100.
  for (const n of [...new Set([100, ...sizes.filter((s) => s <= 10_000)])].sort((a, b) => a - b)) {
    const conf = tmpfilesText(n, 1, true);
    const nix = nixModule(conf);
    const parse = timeInProcess(() => parseNix(nix), quick ? 1000 : 3000);
    const check = timeInProcess(() => checkNix(nix, { systemdVersion: 262 }), quick ? 1000 : 3000);
    const plain = timeInProcess(
      () => checkTmpfiles(conf, { systemdVersion: 262, fileName: "/etc/tmpfiles.d/00-nixos.conf" }),
      quick ? 1000 : 3000,
    );
    rows.push({ rules: n, bytes: nix.length, parse, check, conf: plain });
    print(
      `| ${n.toLocaleString("en")} rules (${fmtBytes(nix.length)}) | ${fmtSummary(parse)} | ${fmtSummary(check)} | ${((check.median * 1000) / n).toFixed(2)} | ${fmtSummary(plain)} |`,
    );
  }
  print();
  results.nix = rows;
}

// ------------------------------------------------------------------ language server

/**
 * The server's settings: release 262, and the users and groups the files
 * name as passwd and group files, as the machine the files are for has them
 * (the scratch root's). With the default ("target": this machine's own
 * users) the figures would depend on which of those names this machine has.
 */
function serverSettings(): Record<string, unknown> {
  const root = scratchRoot();
  return {
    systemdVersion: 262,
    userDatabase: { passwd: join(root, "etc", "passwd"), group: join(root, "etc", "group") },
  };
}

async function benchLsp(): Promise<void> {
  print(
    "## Language server over stdio (one-character edits, each waiting for its diagnostics; node --expose-gc, as the VS Code client starts it)",
  );
  print();
  print(
    "Settings: release 262, and `tmpfiles.userDatabase` given the files' users and groups as passwd and group files, so that every owner is known, as on the machine the files are for.",
  );
  const settings = serverSettings();
  print();
  print(
    "| file | open → diagnostics | keystroke → diagnostics p50 | p95 | max | diagnostics | hover p50 / p95 | completion p50 / p95 | server RSS opened, settled | RSS after the edits (peak) | RSS after the edits, settled |",
  );
  print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const rows: ServerFigures[] = [];
  for (const n of sizes) {
    const edits = quick ? 40 : n >= 100_000 ? 100 : 200;
    const f = await benchServer(SERVER, tmpfilesText(n), edits, quick ? 20 : 50, [...SERVER_NODE_FLAGS], settings);
    rows.push(f);
    print(
      `| ${n.toLocaleString("en")} lines | ${fmtMs(f.openMs)} | ${fmtMs(f.keystroke.p50)} | ${fmtMs(f.keystroke.p95)} | ${fmtMs(f.keystroke.max)} | ${f.diagnostics} | ${fmtMs(f.hover.p50)} / ${fmtMs(f.hover.p95)} | ${fmtMs(f.completion.p50)} / ${fmtMs(f.completion.p95)} | ${fmtKb(f.openSettledRssKb)} | ${fmtKb(f.rssKb)} (${fmtKb(f.peakRssKb)}) | ${fmtKb(f.settledRssKb)} after ${f.settledAfterS} s |`,
    );
  }
  print();
  print(
    `Keystrokes per file: ${rows.map((r) => r.edits).join(", ")} (a character typed and taken back again, at random lines).`,
  );
  print();
  print(
    "| file | semantic tokens, whole document p50 | visible range (60 lines) p50 / p95 | keystroke → diagnostics while whole-document tokens run p50 | p95 | max |",
  );
  print("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const f of rows) {
    print(
      `| ${f.lines.toLocaleString("en")} lines | ${fmtMs(f.tokensFull.p50)} | ${fmtMs(f.tokensRange.p50)} / ${fmtMs(f.tokensRange.p95)} | ${fmtMs(f.keystrokeDuringTokens.p50)} | ${fmtMs(f.keystrokeDuringTokens.p95)} | ${fmtMs(f.keystrokeDuringTokens.max)} |`,
    );
  }
  print();
  print(
    "Server RSS opened, settled: the file opened and left alone, before any typing, once RSS has not fallen for 25 s. After the edits is taken right after the last hover and completion, with the garbage of the typing still in the heap; settled is once the server has given memory back with nobody typing (it collects 1.5 s and again 7.5 s after the last request).",
  );
  print();
  results.lsp = rows;
}

/** The same server with vscode-jsonrpc's stdio reader, beside ours (server/src/lsp/stdio.ts); both write with vscode-languageserver's writer. */
async function benchTransport(): Promise<void> {
  const stock = join(scratch, "stock-server.js");
  const settings = serverSettings();
  buildSync({
    entryPoints: [join(__dirname, "stockServer.ts")],
    outfile: stock,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
  print("## stdio reader: ours (stdio.ts) against vscode-jsonrpc's");
  print();
  print(
    "| file | reader | open → diagnostics | keystroke → diagnostics p50 / p95 | hover p50 | whole-document tokens p50 | RSS after the edits (peak) | RSS settled |",
  );
  print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  const rows: Record<string, unknown>[] = [];
  for (const n of [100, 1000, 10_000]) {
    for (const [name, server] of [
      ["ours", SERVER],
      ["vscode-jsonrpc", stock],
    ] as const) {
      const f = await benchServer(server, tmpfilesText(n), quick ? 40 : 200, quick ? 20 : 50, [], settings);
      rows.push({ transport: name, ...f });
      print(
        `| ${n.toLocaleString("en")} lines | ${name} | ${fmtMs(f.openMs)} | ${fmtMs(f.keystroke.p50)} / ${fmtMs(f.keystroke.p95)} | ${fmtMs(f.hover.p50)} | ${fmtMs(f.tokensFull.p50)} | ${fmtKb(f.rssKb)} (${fmtKb(f.peakRssKb)}) | ${fmtKb(f.settledRssKb)} |`,
      );
    }
  }
  print();
  results.transport = rows;
}

// ------------------------------------------------------------------ manifests

/**
 * The least a generator could do with a manifest: read it (JSON.parse) and
 * print one tmpfiles.d line per entry. generate and plan are measured
 * against it; plan's floor reads both manifests and prints the new one's lines.
 */
function manifestFloor(texts: string[]): string {
  const manifests = texts.map((t) => JSON.parse(t) as { target: string; source: string }[]);
  return manifests[manifests.length - 1]!.map((e) => `L+ /etc/${e.target} - - - - ${e.source}`).join("\n") + "\n";
}

function benchManifests(): void {
  const counts = quick ? [100, 1000, 10_000] : [100, 1000, 10_000, 100_000];
  print("## Manifests: generate and plan");
  print();
  print(
    "The floor: `JSON.parse` of the manifest and one printed line per entry (for plan, both manifests parsed), in process. generate and plan in process are what the commands do between reading the files and writing the output: the check for errors (the read with positions only for a manifest that may have one) and the text printed included.",
  );
  print();
  print(
    "| entries | generate, in process | floor | generate ÷ floor | plan, in process | floor | plan ÷ floor | `generate`, whole process | `plan`, whole process | `plan` peak memory |",
  );
  print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const rows: Record<string, unknown>[] = [];
  for (const n of counts) {
    const older = manifestText(n, 1);
    const newer = manifestText(n, 2);
    const a = join(scratch, `old-${n}.etc.json`);
    const b = join(scratch, `new-${n}.etc.json`);
    writeFileSync(a, older);
    writeFileSync(b, newer);
    const budget = quick ? 1000 : 4000;
    // What the commands do, from the texts to the text they print: the check for errors included.
    const gen = timeInProcess(() => generateCommand(newer, b).output, budget);
    const genFloor = timeInProcess(() => manifestFloor([newer]), budget);
    // plan prints its text a line at a time (the command line writes them in batches): the lines made, joined.
    const pl = timeInProcess(() => {
      const lines: string[] = [];
      writePlanText(planWalk(planInputOf(older, a).input, planInputOf(newer, b).input), (l) => lines.push(l));
      return lines.join("\n");
    }, budget);
    const planFloor = timeInProcess(() => manifestFloor([older, newer]), budget);
    const genP = timeProcess([process.execPath, CLI, "generate", b], quick ? 2000 : 8000);
    const planP = timeProcess([process.execPath, CLI, "plan", "--old", a, "--new", b], quick ? 2000 : 8000);
    rows.push({
      entries: n,
      generate: gen,
      generateFloor: genFloor,
      plan: pl,
      planFloor,
      generateProcess: genP,
      planProcess: planP,
    });
    print(
      `| ${n.toLocaleString("en")} | ${fmtSummary(gen)} | ${fmtMs(genFloor.median)} | ${(gen.median / genFloor.median).toFixed(1)}× | ${fmtSummary(pl)} | ${fmtMs(planFloor.median)} | ${(pl.median / planFloor.median).toFixed(1)}× | ${fmtSummary(genP.wall)} | ${fmtSummary(planP.wall)} | ${fmtKb(planP.maxRssKb.median)} |`,
    );
  }
  print();
  results.manifests = rows;
}

// ------------------------------------------------------------------ sizes

function benchSizes(): void {
  print("## The extension: bundles and package");
  print();
  const r = spawnSync("npm", ["run", "package"], { cwd: ROOT, encoding: "utf8" });
  const packaged = r.status === 0;
  const vsix = packaged
    ? readdirSync(ROOT)
        .filter((f) => f.endsWith(".vsix"))
        .map((f) => ({ f, t: statSync(join(ROOT, f)).mtimeMs }))
        .sort((x, y) => y.t - x.t)[0]?.f
    : undefined;
  const bundles = ["cli.js", "server.js", "client.js"]
    .filter((b) => existsSync(join(ROOT, "dist", b)))
    .map((b) => ({ name: b, bytes: statSync(join(ROOT, "dist", b)).size }));
  print(`| file | size |`);
  print(`| --- | ---: |`);
  for (const b of bundles) print(`| dist/${b.name}${packaged ? " (production build)" : ""} | ${fmtBytes(b.bytes)} |`);
  if (vsix) print(`| ${vsix} | ${fmtBytes(statSync(join(ROOT, vsix)).size)} |`);
  print();
  if (!packaged)
    print(
      `\`npm run package\` failed, so there is no .vsix figure: ${(r.stderr || r.stdout).trim().split("\n").filter(Boolean).slice(-1)[0] ?? ""}`,
    );
  results.sizes = { bundles, vsix: vsix ? { name: vsix, bytes: statSync(join(ROOT, vsix)).size } : null, packaged };
}

async function main(): Promise<void> {
  if (!existsSync(CLI) || !existsSync(SERVER)) {
    console.error("dist/ is not built: run node scripts/build.mjs --production first (npm run bench does).");
    process.exit(2);
  }
  const m = machine();
  results.machine = m;
  print(`# Benchmarks`);
  print();
  print(
    `Machine: ${m.nproc} CPUs (${m.cpu}), Node ${m.node}, load average ${m.loadavg.join(" ")} at the start; ${m.date}.`,
  );
  print();
  print("Every figure is of the production build, the bundles the .vsix ships (npm run bench builds them first).");
  print();
  try {
    if (only.has("check")) benchCheck();
    if (only.has("lsp")) await benchLsp();
    if (only.has("manifest")) benchManifests();
    if (only.has("nix")) benchNix();
    if (only.has("size")) benchSizes();
    if (only.has("transport")) await benchTransport();
    if (only.has("activation")) results.activation = await benchActivation({ quick, print });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    // Back to the development build (with source maps) that the tests and the rest of the tree use.
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  }
  results.loadavgAtEnd = loadavg().map((x) => Number(x.toFixed(2)));
  print(`Load average at the end: ${(results.loadavgAtEnd as number[]).join(" ")}.`);
  writeFileSync(
    join(ROOT, "bench", "results.json"),
    JSON.stringify({ ...results, markdown: out.join("\n") }, null, 2) + "\n",
  );
}

void main();
