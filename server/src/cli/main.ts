/**
 * tmpfiles-lsp: check tmpfiles.d files and etc manifests, generate and plan
 * /etc activations, or serve the language server.
 */
import { PRODUCT_VERSION } from "../version.js";
import { join } from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
import { formatJson, formatSarif, formatText } from "./format.js";
import { InputError, oneLine, readInputs, readText, readTextPieces, UsageError } from "./inputs.js";
import { runCheck } from "./check.js";
import { isKnownVersion, NEWEST_VERSION, OLDEST_VERSION } from "../core/versions.js";
import { manifestCore } from "./lazy.js";
import { manifestErrorLines } from "./verdict.js";
import { readLocalUserDatabase, readUserDatabase } from "./userDatabase.js";
import { LineWriter, OutputError, writeOut } from "./output.js";
import type { PlanInput } from "../core/manifest/plan.js";

const VERSION = PRODUCT_VERSION;

const USAGE = `usage:
  tmpfiles-lsp check [--systemd-version N] [--format text|json|sarif] [--passwd FILE] [--group FILE] [--user-database local|none] [--nix] PATH...
  tmpfiles-lsp generate MANIFEST [--systemd-version N] [--static-dir DIR] [--allow-errors]
  tmpfiles-lsp plan --old OLD --new NEW [--systemd-version N] [--format text|json] [--allow-errors]
  tmpfiles-lsp lsp --stdio
  tmpfiles-lsp --version`;

interface Parsed {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/**
 * The options of a command, read by node:util's parseArgs (long options
 * only, `--name value` or `--name=value`, `--` ends them); its errors become
 * usage errors that name the option.
 */
function parseArgs(args: string[], withValue: string[], flags: string[]): Parsed {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const n of withValue) options[n] = { type: "string" };
  for (const n of flags) options[n] = { type: "boolean" };
  let parsed;
  try {
    parsed = nodeParseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const name = /'(-[^' ]*)/.exec((e as Error).message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${name}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new UsageError(
        withValue.includes(name.replace(/^--/, "")) ? `${name} needs a value` : `${name} takes no value`,
      );
    throw new UsageError((e as Error).message);
  }
  const out: Parsed = { positional: parsed.positionals, options: new Map(), flags: new Set() };
  for (const [k, v] of Object.entries(parsed.values)) {
    if (typeof v === "string") out.options.set(k, v);
    else if (v === true) out.flags.add(k);
  }
  return out;
}

function versionOption(p: Parsed): number {
  const v = p.options.get("systemd-version");
  if (v === undefined) return NEWEST_VERSION;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!isKnownVersion(n))
    throw new UsageError(`--systemd-version must be a release from ${OLDEST_VERSION} to ${NEWEST_VERSION}, not '${v}'`);
  return n;
}

const readFileArg = readText;

/**
 * The end of `generate` and `plan`: the manifests' errors on stderr (the
 * output on stdout is written anyway, for scripts to inspect), and exit 1
 * when there were any, unless --allow-errors.
 */
function verdict(errorLines: string[], p: Parsed): number {
  if (errorLines.length) process.stderr.write(errorLines.map((l) => l + "\n").join(""));
  return errorLines.length && !p.flags.has("allow-errors") ? 1 : 0;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "check": {
      const p = parseArgs(rest, ["systemd-version", "format", "passwd", "group", "user-database"], ["nix"]);
      const version = versionOption(p);
      const format = p.options.get("format") ?? "text";
      if (!["text", "json", "sarif"].includes(format))
        throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
      if (p.positional.length === 0) throw new UsageError("check needs at least one PATH");
      const machine = p.options.get("user-database") ?? "none";
      if (machine !== "local" && machine !== "none")
        throw new UsageError(`--user-database must be local or none, not '${machine}'`);
      if (machine === "local" && (p.options.has("passwd") || p.options.has("group")))
        throw new UsageError("--user-database local and --passwd/--group name two user databases: give one");
      const userDatabase =
        machine === "local"
          ? readLocalUserDatabase()
          : readUserDatabase(p.options.get("passwd"), p.options.get("group"));
      const { groups } = readInputs(p.positional, { nix: p.flags.has("nix") });
      const reports = runCheck(groups, { version, ...(userDatabase ? { userDatabase } : {}) });
      writeOut(
        format === "json"
          ? formatJson(reports)
          : format === "sarif"
            ? formatSarif(reports, VERSION)
            : formatText(reports),
      );
      return reports.some((r) => r.diagnostics.some((d) => d.severity === "error")) ? 1 : 0;
    }
    case "generate": {
      const p = parseArgs(rest, ["systemd-version", "static-dir"], ["allow-errors"]);
      versionOption(p);
      if (p.positional.length !== 1) throw new UsageError("generate takes one MANIFEST");
      const staticDir = p.options.get("static-dir");
      const path = p.positional[0]!;
      const { output, checked } = manifestCore().generateCommand(
        readFileArg(path),
        path,
        staticDir !== undefined ? { staticDir } : {},
      );
      writeOut(output);
      return verdict(checked ? manifestErrorLines(path, checked, staticDir) : [], p);
    }
    case "plan": {
      const p = parseArgs(rest, ["old", "new", "systemd-version", "format", "static-dir"], ["allow-errors"]);
      versionOption(p);
      const oldPath = p.options.get("old");
      const newPath = p.options.get("new");
      if (!oldPath || !newPath) throw new UsageError("plan needs --old OLD and --new NEW");
      if (p.positional.length) throw new UsageError(`unexpected argument ${p.positional[0]}`);
      const format = p.options.get("format") ?? "text";
      if (!["text", "json"].includes(format)) throw new UsageError(`--format must be text or json, not '${format}'`);
      const staticDir = p.options.get("static-dir");
      const m = manifestCore();
      const opts = staticDir !== undefined ? { staticDir } : {};
      // A manifest with errors is read with positions for them, one at a time (its tree, some 2 KB an entry, is
      // dropped before the next is read). A generated snippet goes to the plan as text.
      const errors: string[] = [];
      const read = (path: string): PlanInput => {
        // A plain list is read as the file is read: the two manifests' texts are never held (nor one whole).
        if (path.endsWith(".json")) {
          const plain = m.plainPlanInputOf((piece) => readTextPieces(path, piece), opts);
          if (plain) return plain;
        }
        const text = readFileArg(path);
        if (!m.looksLikeManifest(text, path)) return text;
        const { input, checked } = m.planInputOf(text, path, opts);
        if (checked) errors.push(...manifestErrorLines(path, checked, staticDir));
        return input;
      };
      const oldInput = read(oldPath);
      const newInput = read(newPath);
      try {
        const walk = m.planWalk(oldInput, newInput, { oldFileName: oldPath, newFileName: newPath, ...opts });
        if (format === "json") writeOut(JSON.stringify(m.planToJson(m.planOf(walk))) + "\n");
        else {
          // The text is written as it is made: 100,000 paths' lines are never one string.
          const out = new LineWriter();
          m.writePlanText(walk, out.line);
          out.flush();
        }
      } catch (e) {
        if (e instanceof m.PlanInputError) throw new InputError(e.message);
        throw e;
      }
      return verdict(errors, p);
    }
    case "lsp": {
      const p = parseArgs(rest, [], ["stdio"]);
      if (!p.flags.has("stdio")) throw new UsageError("lsp needs --stdio");
      // The server is its own bundle beside this one (dist/server.js); it reads stdin and writes stdout.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time from beside this bundle, not bundled into it
      require(join(__dirname, "server.js"));
      return -1;
    }
    case "--version":
      writeOut(`tmpfiles-lsp ${VERSION} (systemd ${OLDEST_VERSION}–${NEWEST_VERSION})\n`);
      return 0;
    case "--help":
    case "-h":
    case "help":
      writeOut(USAGE + "\n");
      return 0;
    default:
      throw new UsageError(command === undefined ? "no command given" : `unknown command '${command}'`);
  }
}

try {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (e) {
  // Exit 2 always comes with one line on stderr: the usage is shown by --help, not after every message.
  if (e instanceof UsageError)
    process.stderr.write(`tmpfiles-lsp: ${oneLine(e.message)} (tmpfiles-lsp --help shows the usage)\n`);
  else if (e instanceof InputError || e instanceof OutputError)
    process.stderr.write(`tmpfiles-lsp: ${oneLine(e.message)}\n`);
  else process.stderr.write(`tmpfiles-lsp: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
  process.exitCode = 2;
}
