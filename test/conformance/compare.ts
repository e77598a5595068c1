// Compares, per file and line, what systemd-tmpfiles said (the oracle) with
// what the project's checker said (`check --format json`, docs/contracts.md §1).
// Pure: no I/O. Both sides are reduced to the strongest severity of a line:
// error > warning > none. The oracle's 'info' and the checker's
// 'information' and 'hint' count as none.
import type { OracleMessage, OracleResult } from "./oracle.js";

export type Verdict = "error" | "warning" | "none";

/** The part of the checker's JSON output that the comparison reads. */
export interface CheckerOutput {
  version?: number;
  files: {
    path: string;
    kind?: string;
    diagnostics: { line: number; severity: string; code?: string; message?: string; column?: number }[];
  }[];
}

export type CheckerDiagnostic = CheckerOutput["files"][number]["diagnostics"][number];

export interface Disagreement {
  file: string;
  line: number;
  lineText: string;
  systemd: Verdict;
  ours: Verdict;
  systemdMessages: OracleMessage[];
  ourDiagnostics: CheckerDiagnostic[];
}

export interface CompareOptions {
  /** The path the checker reports for a file name of the oracle run; default: the name itself, else a unique path ending in "/name". */
  checkerPath?: (name: string) => string;
  /** Count messages the oracle attributed to a line by content (default true). */
  includeAttributed?: boolean;
}

export function oracleVerdict(messages: OracleMessage[] | undefined, includeAttributed = true): Verdict {
  const ms = (messages ?? []).filter((m) => includeAttributed || !m.attributed);
  if (ms.some((m) => m.severity === "error")) return "error";
  if (ms.some((m) => m.severity === "warning")) return "warning";
  return "none";
}

export function checkerVerdict(diags: CheckerDiagnostic[] | undefined): Verdict {
  const ds = diags ?? [];
  if (ds.some((d) => d.severity === "error")) return "error";
  if (ds.some((d) => d.severity === "warning")) return "warning";
  return "none";
}

function findCheckerFile(
  checker: CheckerOutput,
  name: string,
  opts: CompareOptions,
): CheckerOutput["files"][number] | undefined {
  if (opts.checkerPath) {
    const p = opts.checkerPath(name);
    return checker.files.find((f) => f.path === p);
  }
  const exact = checker.files.find((f) => f.path === name);
  if (exact) return exact;
  const tail = checker.files.filter((f) => f.path.endsWith("/" + name));
  return tail.length === 1 ? tail[0] : undefined;
}

/**
 * Every line where the two disagree, in file order then line order. A file
 * the checker did not report counts as one with no diagnostics.
 */
export function compareVerdicts(
  files: { name: string; text: string }[],
  oracle: OracleResult,
  checker: CheckerOutput,
  opts: CompareOptions = {},
): Disagreement[] {
  const out: Disagreement[] = [];
  const includeAttributed = opts.includeAttributed ?? true;
  for (const f of files) {
    const sysLines = oracle.lines.get(f.name) ?? new Map<number, OracleMessage[]>();
    const ourLines = new Map<number, CheckerDiagnostic[]>();
    for (const d of findCheckerFile(checker, f.name, opts)?.diagnostics ?? []) {
      ourLines.set(d.line, [...(ourLines.get(d.line) ?? []), d]);
    }
    const textLines = f.text.split("\n");
    const lineNumbers = [...new Set([...sysLines.keys(), ...ourLines.keys()])].sort((a, b) => a - b);
    for (const line of lineNumbers) {
      const systemd = oracleVerdict(sysLines.get(line), includeAttributed);
      const ours = checkerVerdict(ourLines.get(line));
      if (systemd === ours) continue;
      out.push({
        file: f.name,
        line,
        lineText: (textLines[line - 1] ?? "").replace(/\r$/, ""),
        systemd,
        ours,
        systemdMessages: sysLines.get(line) ?? [],
        ourDiagnostics: ourLines.get(line) ?? [],
      });
    }
  }
  return out;
}

/** One line per disagreement, for test failure output. */
export function formatDisagreement(d: Disagreement): string {
  const sys = d.systemdMessages.map((m) => `${m.severity}: ${m.text}`).join(" | ") || "(nothing)";
  const ours =
    d.ourDiagnostics.map((x) => `${x.severity}${x.code ? ` [${x.code}]` : ""}: ${x.message ?? ""}`).join(" | ") ||
    "(nothing)";
  return `${d.file}:${d.line}: systemd ${d.systemd}, ours ${d.ours}\n    ${d.lineText}\n    systemd: ${sys}\n    ours:    ${ours}`;
}
