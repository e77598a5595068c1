/**
 * "Apply every preferred fix": the preferred fix of every problem, taken in
 * order as long as its edits stay in the one file and overlap none already
 * taken, and the action's title, which says how many lines it removes.
 */
import type { TextEditOffsets } from "./diagnostic.js";

/** A fix as the server keeps it: edits by file (a fix may edit another file of the tree). */
export interface FileFix {
  title: string;
  preferred: boolean;
  edits: { uri: string; edits: TextEditOffsets[] }[];
}

export function fixAllTitle(linesRemoved: number): string {
  const lines =
    linesRemoved === 0 ? "removes no lines" : linesRemoved === 1 ? "removes 1 line" : `removes ${linesRemoved} lines`;
  return `Apply every preferred tmpfiles fix (${lines})`;
}

/** The preferred fix of every problem, as long as its edits stay in this file and overlap no edit already taken. */
export function fixAllEdits(problems: readonly { fixes: readonly FileFix[] }[], uri: string): TextEditOffsets[] {
  const taken: TextEditOffsets[] = [];
  const overlaps = (a: TextEditOffsets, b: TextEditOffsets): boolean =>
    (a.offset < b.offset + b.length && b.offset < a.offset + a.length) ||
    (a.offset === b.offset && (a.length === 0 || b.length === 0));
  for (const p of problems) {
    const fix = p.fixes.find((x) => x.preferred);
    if (!fix || fix.edits.some((e) => e.uri !== uri)) continue;
    const edits = fix.edits.flatMap((e) => e.edits);
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
  }
  return taken;
}
