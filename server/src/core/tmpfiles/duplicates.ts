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

/** How the table finds a line of a file again. */
export interface TableFile<L> {
  /** The location of the line that starts at `offset` and is line `line`. */
  locate(offset: number, line: number): L;
  /** The item a kept line was kept as (it is checked again). */
  itemOf(where: L): Item;
}

/**
 * A 30-bit FNV-1a hash of a path: small enough to be a V8 small integer, so
 * the table's maps hold no string per line and the collector has nothing of
 * them to copy or trace.
 */
export function pathHash(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return h >>> 2;
}

/**
 * The table of paths of one systemd-tmpfiles run, over the files it reads.
 * Nearly every path has one kept line, and only a later line on the same
 * path needs to know it: for such a path the table holds, under the path's
 * hash, the number of the line's place (where it starts, which line of
 * which file it is), and the line's item is read again from its text when a
 * second line with that hash comes (see `reread`). From then on the lines of
 * that hash are kept by path, with their items: the same path is a
 * duplicate to judge, another path a collision of hashes that changes
 * nothing.
 */
export class PathTable<L> {
  private readonly plain = new Map<number, number | Map<string, Several<L>>>();
  private readonly globs = new Map<number, number | Map<string, Several<L>>>();
  /** For place k: places[2k] is where the line starts in its file's text, places[2k + 1] its line number. */
  private readonly places: number[] = [];
  /** The files, each with the first place that is in it (places are added in file order). */
  private readonly files: { firstPlace: number; file: TableFile<L> }[] = [];

  /** Starts a file: the lines added from now on are its lines. */
  startFile(file: TableFile<L>): void {
    this.files.push({ firstPlace: this.places.length >> 1, file });
  }

  /**
   * Adds the item of a line of the file last started, which starts at
   * `offset` and is line `line`; returns the earlier line it conflicts
   * with, if systemd drops this one.
   */
  add(item: Item, offset: number, line: number): KeptItem<L> | undefined {
    const table = item.glob ? this.globs : this.plain;
    const hash = pathHash(item.key);
    const there = table.get(hash);
    if (there === undefined) {
      table.set(hash, this.places.length >> 1);
      this.places.push(offset, line);
      return undefined;
    }
    let byPath = there;
    if (typeof byPath === "number") {
      const first = this.reread(byPath);
      byPath = new Map([[first.item.key, new Several(first)]]);
      table.set(hash, byPath);
    }
    const where = this.files[this.files.length - 1]!.file.locate(offset, line);
    const several = byPath.get(item.key);
    if (several) return several.add(item, where);
    byPath.set(item.key, new Several({ item, where }));
    return undefined;
  }

  private reread(place: number): KeptItem<L> {
    let f = this.files.length - 1;
    while (this.files[f]!.firstPlace > place) f--;
    const file = this.files[f]!.file;
    const where = file.locate(this.places[2 * place]!, this.places[2 * place + 1]!);
    return { item: file.itemOf(where), where };
  }
}
