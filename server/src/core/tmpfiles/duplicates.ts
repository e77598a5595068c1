/**
 * systemd's rule for two lines with the same path: it keeps a table of
 * paths (one for plain paths, one for globs); a later line is dropped when
 * it and an earlier line both own the path and differ in anything but the
 * type letter, except that several "w+" lines may append to one file.
 */
import type { Item } from "./analyzeLine.js";

export interface KeptItem<L> {
  item: Item;
  where: L;
}

function compatible(a: Item, b: Item): boolean {
  if (a.takesOwnership && b.takesOwnership) return a.signature === b.signature;
  return true;
}

/** Whether systemd drops `item` because of the kept `earlier` line on the same path. */
export function conflicts(earlier: Item, item: Item): boolean {
  if (compatible(earlier, item)) return false;
  return !(earlier.type === "w" && earlier.append && item.type === "w" && item.append);
}

/** Kept items of one class answer `conflicts` alike for any later item, so only the first of each class is compared. */
function classOf(item: Item): string {
  return `${item.takesOwnership}\0${item.type === "w" && item.append}\0${item.signature}`;
}

export class PathTable<L> {
  private readonly plain = new Map<string, KeptItem<L>[]>();
  private readonly globs = new Map<string, KeptItem<L>[]>();
  /** Per path, the first kept item of each class, in order: many identical lines stay linear. */
  private readonly firsts = new Map<string, Map<string, KeptItem<L>>>();

  /** Adds a line's item; returns the earlier line it conflicts with, if systemd drops this one. */
  add(item: Item, where: L): KeptItem<L> | undefined {
    const table = item.glob ? this.globs : this.plain;
    const firstsKey = `${item.glob ? "glob" : "plain"}\0${item.key}`;
    const firsts = this.firsts.get(firstsKey);
    if (firsts) for (const e of firsts.values()) if (conflicts(e.item, item)) return e;
    const kept = { item, where };
    const existing = table.get(item.key);
    if (existing) existing.push(kept);
    else table.set(item.key, [kept]);
    const cls = classOf(item);
    if (!firsts) this.firsts.set(firstsKey, new Map([[cls, kept]]));
    else if (!firsts.has(cls)) firsts.set(cls, kept);
    return undefined;
  }

  /** Every kept line, by path. */
  entries(): IterableIterator<[string, KeptItem<L>[]]> {
    return [...this.plain.entries(), ...this.globs.entries()][Symbol.iterator]();
  }
}
