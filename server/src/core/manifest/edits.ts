/** Text edits on the manifest's JSON that keep it valid JSON. */
import type { Node } from "jsonc-parser";
import type { TextEditOffsets } from "../diagnostic.js";

/**
 * Remove some children (array elements or object properties) of `parent`,
 * with the commas between them, as one set of non-overlapping edits.
 */
const childIndexes = new WeakMap<Node, Map<Node, number>>();

/** Positions of a parent's children (kept per parent, so removing one entry of many does not scan them all). */
function indexesOf(parent: Node, kids: readonly Node[]): Map<Node, number> {
  let m = childIndexes.get(parent);
  if (!m || m.size !== kids.length) {
    m = new Map(kids.map((k, i) => [k, i]));
    childIndexes.set(parent, m);
  }
  return m;
}

export function removeChildren(parent: Node, remove: readonly Node[]): TextEditOffsets[] {
  const kids = parent.children ?? [];
  const drop = new Set(remove);
  const ranges: Array<[number, number]> = [];
  const at = indexesOf(parent, kids);
  const positions = [...new Set(remove.map((k) => at.get(k)).filter((i): i is number => i !== undefined))].sort(
    (a, b) => a - b,
  );
  positions.forEach((i) => {
    const k = kids[i]!;
    const next = kids[i + 1];
    if (next) {
      ranges.push([k.offset, next.offset]);
      return;
    }
    let j = i - 1;
    while (j >= 0 && drop.has(kids[j]!)) j--;
    const prev = kids[j];
    ranges.push([prev ? prev.offset + prev.length : k.offset, k.offset + k.length]);
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged.map(([a, b]) => ({ offset: a, length: b - a, newText: "" }));
}

/** Replace a node's text with a JSON value. */
export function replaceValue(node: Node, value: unknown): TextEditOffsets {
  return { offset: node.offset, length: node.length, newText: JSON.stringify(value) };
}
