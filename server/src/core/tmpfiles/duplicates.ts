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
export function classOf(item: Item): string {
  return `${item.takesOwnership}\0${item.type === "w" && item.append}\0${item.signature}`;
}

/** The kept lines of a path that has more than one, with the first of each class in order: many identical lines stay linear. */
class Several<L> {
  readonly list: KeptItem<L>[];
  private readonly firsts = new Map<string, KeptItem<L>>();
  constructor(first: KeptItem<L>) {
    this.list = [first];
    this.firsts.set(classOf(first.item), first);
  }

  add(item: Item, where: L): KeptItem<L> | undefined {
    for (const e of this.firsts.values()) if (conflicts(e.item, item)) return e;
    const kept = { item, where };
    this.list.push(kept);
    const cls = classOf(item);
    if (!this.firsts.has(cls)) this.firsts.set(cls, kept);
    return undefined;
  }
}

export class PathTable<L> {
  // A path with one kept line (nearly every path) holds it alone.
  private readonly plain = new Map<string, KeptItem<L> | Several<L>>();
  private readonly globs = new Map<string, KeptItem<L> | Several<L>>();

  /** Adds a line's item; returns the earlier line it conflicts with, if systemd drops this one. */
  add(item: Item, where: L): KeptItem<L> | undefined {
    const table = item.glob ? this.globs : this.plain;
    const there = table.get(item.key);
    if (there === undefined) {
      table.set(item.key, { item, where });
      return undefined;
    }
    if (there instanceof Several) return there.add(item, where);
    if (conflicts(there.item, item)) return there;
    const several = new Several(there);
    table.set(item.key, several);
    return several.add(item, where);
  }

  /** Every kept line, by path. */
  entries(): IterableIterator<[string, KeptItem<L>[]]> {
    const all: [string, KeptItem<L>[]][] = [];
    for (const table of [this.plain, this.globs]) for (const [k, v] of table) all.push([k, v instanceof Several ? v.list : [v]]);
    return all[Symbol.iterator]();
  }
}
