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
}

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
  const out: LineVerdicts = { verdicts: new Map(), diagnostics: new Map(), texts: new Map() };
  for (const l of r.document.lines) {
    if (l.kind !== "entry") continue;
    out.verdicts.set(l.line + 1, "none");
    out.texts.set(l.line + 1, l.text);
  }
  for (const d of r.diagnostics) {
    const n = lineOf(d.offset);
    const list = out.diagnostics.get(n) ?? [];
    list.push(d);
    out.diagnostics.set(n, list);
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
 * Compares line by line. Messages systemd logs without a file and line (ACL
 * and extended attributes it cannot parse) are placed on their lines by the
 * oracle, from the argument or path they quote.
 */
export function compareFile(
  file: string,
  ours: LineVerdicts,
  oracle: OracleResult,
  oracleName: string,
): { compared: number; disagreements: Disagreement[] } {
  const theirs = oracle.lines.get(oracleName) ?? new Map<number, OracleMessage[]>();
  const disagreements: Disagreement[] = [];
  const lines = new Set<number>([...ours.verdicts.keys(), ...theirs.keys()]);
  let compared = 0;
  for (const n of [...lines].sort((a, b) => a - b)) {
    compared++;
    const sys = strongest(theirs.get(n));
    const mine = ours.verdicts.get(n) ?? "none";
    if (sys === mine) continue;
    disagreements.push({
      file,
      line: n,
      text: ours.texts.get(n) ?? "",
      systemd: sys,
      ours: mine,
      systemdMessages: (theirs.get(n) ?? []).map((m) => `${m.severity}: ${m.text}`),
      ourMessages: (ours.diagnostics.get(n) ?? []).map((d) => `${d.severity} ${d.code}: ${d.message}`),
    });
  }
  return { compared, disagreements };
}
