/**
 * Per-line verdicts of our checker and of a real systemd-tmpfiles run, and
 * the comparison of the two. A line's verdict is its strongest severity:
 * error (systemd rejects it), warning (systemd keeps the file but drops or
 * rewrites the line or a field), or none; our information and hints, and
 * systemd's info messages, count as none.
 */
import { checkTmpfiles } from "../../server/src/core/tmpfiles/check.js";
import type { CoreDiagnostic } from "../../server/src/core/diagnostic.js";
import { strongest, type OracleMessage, type OracleResult } from "./oracle.js";

export type Verdict = "error" | "warning" | "none";

export interface LineVerdicts {
  /** systemd line number (from 1) -> verdict, for every entry line. */
  verdicts: Map<number, Verdict>;
  /** systemd line number -> our diagnostics on it. */
  diagnostics: Map<number, CoreDiagnostic[]>;
  /** systemd line number -> the line's text. */
  texts: Map<number, string>;
  /** systemd line number -> argument text (for messages systemd logs without a line). */
  arguments: Map<number, string>;
}

/** Codes whose systemd message carries no file and line (it names the argument instead). */
const UNLINED_CODES = new Set(["acl-invalid", "xattr-invalid"]);

export function ourVerdicts(text: string, version: number, fileName: string): LineVerdicts {
  const r = checkTmpfiles(text, { systemdVersion: version, fileName });
  const lineOf = (offset: number): number => {
    // Lines are in order; find the last line starting at or before the offset.
    let lo = 0;
    let hi = r.document.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (r.document.lines[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: LineVerdicts = { verdicts: new Map(), diagnostics: new Map(), texts: new Map(), arguments: new Map() };
  for (const l of r.document.lines) {
    if (l.kind !== "entry") continue;
    out.verdicts.set(l.line + 1, "none");
    out.texts.set(l.line + 1, l.text);
    if (l.fields.argument) out.arguments.set(l.line + 1, l.fields.argument.value);
  }
  for (const d of r.diagnostics) {
    const n = lineOf(d.offset);
    const list = out.diagnostics.get(n) ?? [];
    list.push(d);
    out.diagnostics.set(n, list);
    if (UNLINED_CODES.has(d.code)) continue;
    const cur = out.verdicts.get(n) ?? "none";
    if (d.severity === "error") out.verdicts.set(n, "error");
    else if (d.severity === "warning" && cur !== "error") out.verdicts.set(n, "warning");
  }
  return out;
}

export interface Disagreement {
  file: string;
  line: number;
  text: string;
  systemd: Verdict;
  ours: Verdict;
  systemdMessages: string[];
  ourMessages: string[];
}

/**
 * Compares line by line. Warnings systemd logs without a line (ACL and
 * extended attributes it cannot parse) are matched to our lines by the
 * argument text the message quotes.
 */
export function compareFile(file: string, ours: LineVerdicts, oracle: OracleResult, oracleName: string): { compared: number; disagreements: Disagreement[] } {
  const theirs = oracle.lines.get(oracleName) ?? new Map<number, OracleMessage[]>();
  const general = oracle.general.filter((m) => m.severity === "warning" && /ACL|extended attribute/.test(m.text));
  const disagreements: Disagreement[] = [];
  const lines = new Set<number>([...ours.verdicts.keys(), ...theirs.keys()]);
  let compared = 0;
  for (const n of [...lines].sort((a, b) => a - b)) {
    compared++;
    const sys = strongest(theirs.get(n));
    const mine = ours.verdicts.get(n) ?? "none";
    const ourDiags = ours.diagnostics.get(n) ?? [];
    let ok = sys === mine;
    // Unlined warnings: our acl/xattr warning on a line stands for systemd's message quoting its argument.
    const arg = ours.arguments.get(n);
    const unlinedOurs = ourDiags.some((d) => UNLINED_CODES.has(d.code));
    const unlinedTheirs = arg !== undefined && general.some((m) => m.text.includes(arg.length > 40 ? arg.slice(0, 40) : arg) || (arg.split(/\s+/).some((w) => w.length > 0 && m.text.includes(w)) && /extended attribute/.test(m.text)));
    if (ok && mine !== "error" && unlinedOurs !== unlinedTheirs) ok = false;
    if (!ok) {
      disagreements.push({
        file,
        line: n,
        text: ours.texts.get(n) ?? "",
        systemd: sys,
        ours: mine,
        systemdMessages: (theirs.get(n) ?? []).map((m) => `${m.severity}: ${m.text}`).concat(unlinedTheirs ? ["(unlined) " + general.map((g) => g.text).join(" | ")] : []),
        ourMessages: ourDiags.map((d) => `${d.severity} ${d.code}: ${d.message}`),
      });
    }
  }
  return { compared, disagreements };
}
