/**
 * Case files with the expected diagnostics marked under the text, as
 * comments systemd ignores:
 *
 *    d /run/b 9999 root root -
 *   #         ^^^^ error mode-invalid
 *    d /run/c - - - - x
 *   #                 ^ warning argument-ignored <262
 *   #                 ^ error argument-ignored >=262
 *
 * Entry lines are indented by one space (systemd ignores it) so that a
 * caret can stand under any column, the first included. The carets give the
 * exact columns on the nearest line above that is not a marker. A marker applies to every release
 * unless it carries "<N", ">=N" or both.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Expected {
  line: number; // zero-based
  start: number; // column, zero-based UTF-16
  end: number;
  severity: string;
  code: string;
}

export interface MarkedCase {
  name: string;
  text: string;
  expectedFor(version: number): Expected[];
}

const MARKER = /^#( *)(\^+) (error|warning|information|hint) ([a-z0-9-]+)((?: (?:<|>=)\d+)*)\s*$/;

export function isMarkerLine(line: string): boolean {
  return MARKER.test(line);
}

export function parseMarkedCase(name: string, text: string): MarkedCase {
  const lines = text.split("\n");
  const marks: (Expected & { min: number; max: number })[] = [];
  let target = -1;
  lines.forEach((l, i) => {
    const m = MARKER.exec(l);
    if (!m) {
      target = i;
      return;
    }
    if (target < 0) throw new Error(`${name}:${i + 1}: marker without a line above`);
    const start = 1 + m[1]!.length;
    let min = 0;
    let max = Infinity;
    for (const b of (m[5] ?? "").trim().split(" ").filter(Boolean)) {
      if (b.startsWith("<")) max = Number(b.slice(1)) - 1;
      else min = Number(b.slice(2));
    }
    marks.push({ line: target, start, end: start + m[2]!.length, severity: m[3]!, code: m[4]!, min, max });
  });
  return {
    name,
    text,
    expectedFor: (v) => marks.filter((m) => v >= m.min && v <= m.max).map(({ min: _a, max: _b, ...e }) => e),
  };
}

export function loadMarkedCases(dir: string): MarkedCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".conf"))
    .sort()
    .map((f) => parseMarkedCase(f, readFileSync(join(dir, f), "utf8")));
}
