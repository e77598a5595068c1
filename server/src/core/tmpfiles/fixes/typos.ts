/** How far apart two spellings are: edits between words, and keys on a QWERTY keyboard. */

const ROWS: readonly [string, number][] = [
  ["1234567890", 0],
  ["qwertyuiop", 0.5],
  ["asdfghjkl", 0.75],
  ["zxcvbnm", 1.25],
];

const KEYS = new Map<string, { x: number; y: number }>();
ROWS.forEach(([row, shift], y) => [...row].forEach((ch, i) => KEYS.set(ch, { x: i + shift, y })));

/** Distance between the keys of two characters (case ignored), or undefined off the main block. */
export function keyDistance(a: string, b: string): number | undefined {
  const p = KEYS.get(a.toLowerCase());
  const q = KEYS.get(b.toLowerCase());
  if (!p || !q) return undefined;
  return Math.hypot(p.x - q.x, p.y - q.y);
}

/** Insertions, deletions, substitutions and swaps of neighbours that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0 || b.length === 0) return a.length + b.length;
  // Three rows of the table: two back (for swaps), one back, and this one.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length]!;
}
