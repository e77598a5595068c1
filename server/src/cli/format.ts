/** The output formats of `check`: text for people, JSON (docs/contracts.md §1) and SARIF 2.1.0 for code scanning. */
import type { FileReport, ReportedDiagnostic } from "../core/report.js";
import { oneLine } from "./inputs.js";
import { codeDocsUrl } from "../core/codeLinks.js";
import { CODES } from "../core/tmpfiles/codes.js";
import { manifestCore } from "./lazy.js";

/**
 * One diagnostic as one line, `PATH:LINE:COLUMN: SEVERITY: MESSAGE [CODE]`:
 * a line break or other control character in the path or the message (a
 * target may hold one) is written as an escape, so each diagnostic stays
 * one line.
 */
export function formatDiagnosticLine(path: string, d: ReportedDiagnostic): string {
  return `${oneLine(path)}:${d.line}:${d.column}: ${d.severity}: ${oneLine(d.message)} [${d.code}]`;
}

export function formatText(files: FileReport[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (d.severity === "error") errors++;
      if (d.severity === "warning") warnings++;
      lines.push(formatDiagnosticLine(f.path, d));
    }
  }
  lines.push(
    `${files.length} file${files.length === 1 ? "" : "s"} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
  );
  return lines.join("\n") + "\n";
}

export function formatJson(files: FileReport[]): string {
  return JSON.stringify({ version: 1, files }) + "\n";
}

const sarifLevel = { error: "error", warning: "warning", information: "note", hint: "note" } as const;

function ruleTitle(code: string): string {
  const t =
    (CODES as Record<string, { title: string }>)[code] ??
    (manifestCore().manifestCodes as Record<string, { title: string }>)[code];
  return t?.title ?? code;
}

export function formatSarif(files: FileReport[], toolVersion: string): string {
  const codes = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const rules = codes.map((id) => {
    const helpUri = codeDocsUrl(id);
    return { id, shortDescription: { text: ruleTitle(id) }, ...(helpUri ? { helpUri } : {}) };
  });
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level: sarifLevel[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.path.split("/").map(encodeURIComponent).join("/") },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "tmpfiles-lsp", version: toolVersion, rules } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
