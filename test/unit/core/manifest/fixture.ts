/**
 * Manifest fixtures with the expected diagnostics marked under the text, as
 * JSONC comments, so the fixture stays a valid manifest:
 *
 *   [{"target": "a", "source": "/x", "mode": "nope"}]
 *   //                                        ^^^^^^ error invalid-mode
 *
 * The carets mark columns of the line above the comment (the nearest line
 * that is not a marker).
 */
import type { CoreDiagnostic } from "../../../../server/src/core/diagnostic.js";

export interface Expected {
  code: string;
  severity: string;
  offset: number;
  length: number;
}

const MARK = /^(\s*)\/\/(\s*)(\^+)\s+(error|warning|information|hint)\s+([a-z0-9-]+)\s*$/;

export function expectedMarks(text: string): Expected[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  let o = 0;
  for (const l of lines) {
    starts.push(o);
    o += l.length + 1;
  }
  const out: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = MARK.exec(line);
    if (!m) {
      target = i;
      return;
    }
    const col = line.indexOf("^");
    out.push({ code: m[5]!, severity: m[4]!, offset: starts[target]! + col, length: m[3]!.length });
  });
  return out.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
}

export function actualMarks(diags: readonly CoreDiagnostic[]): Expected[] {
  return diags
    .map((d) => ({ code: d.code, severity: d.severity, offset: d.offset, length: d.length }))
    .sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
}

/** Render diagnostics as marker lines under the text, for readable failures. */
export function render(text: string, diags: readonly Expected[]): string {
  const lines = text.split("\n");
  let o = 0;
  const out: string[] = [];
  for (const l of lines) {
    if (MARK.test(l)) {
      o += l.length + 1;
      continue;
    }
    out.push(l);
    for (const d of diags)
      if (d.offset >= o && d.offset <= o + l.length)
        out.push(`${" ".repeat(d.offset - o)}${"^".repeat(Math.max(1, d.length))} ${d.severity} ${d.code}`);
    o += l.length + 1;
  }
  return out.join("\n");
}
