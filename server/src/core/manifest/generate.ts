/**
 * From a manifest to tmpfiles.d lines (docs/contracts.md §2): `L+` for links, `C`
 * for copies, one `d` for every parent directory, sorted in tree order, so
 * the same manifest always gives the same bytes.
 *
 * Entries that cannot be laid out are left out, each for a reason the checks
 * report as an error: disabled, no usable target (a name in it longer than
 * 255 bytes included) or source, an invalid mode or owner (a numeric id
 * systemd refuses included), a second entry for a target (the first one
 * wins, as in NixOS's builder), or a target inside another entry's target.
 *
 * A glob source (`DIR/*`) makes a directory of links in NixOS. tmpfiles.d
 * cannot expand a glob when it creates links, so with a static directory the
 * target links to `STATIC/TARGET` (which holds the expanded directory, like
 * every other `symlink` entry), and without one it links to DIR itself.
 */
import { effectiveGroup, effectiveMode, effectiveUser, type EntryValues, type Manifest } from "./model.js";
import { compareTreeOrder, normaliseAbsolute } from "./paths.js";
import { isBare, quoteArgument, quoteField, quotePath, unwritableCharacter } from "./quote.js";
import { readManifest, visitEntryValues, type TextPieces } from "./read.js";
import { globDirectory } from "./checks/fields.js";
import { surelyWithoutFieldErrors } from "./checks/plain.js";
import { canonicalMode, octalModeOf } from "./schema.js";
import { ownerField } from "./owner.js";

export interface GenerateOptions {
  /** Link `symlink` entries through this directory (`/etc/static`): `L+ /etc/T - - - - DIR/T`. */
  staticDir?: string | undefined;
}

type ItemType = "d" | "L+" | "C";

/** One line of a generated snippet. Paths are relative to /etc and normalised. */
export interface EtcItem {
  type: ItemType;
  path: string;
  /** `C` only: four octal digits. */
  mode?: string;
  /** `C` only: a name or a numeric id. */
  user?: string;
  group?: string;
  /** `L+`: the link target; `C`: the source. */
  argument?: string;
}

export function etcPath(path: string): string {
  return `/etc/${path}`;
}

/**
 * The path field of a path under /etc, quoted as needed. A bare path stays
 * bare under /etc/: testing it before the prefix is added saves a copy of
 * every line.
 */
export function etcPathField(path: string): string {
  return isBare(path) ? etcPath(path) : quotePath(etcPath(path));
}

/** The tmpfiles.d line of an item, quoted so that every path round-trips. */
export function formatItem(item: EtcItem): string {
  const p = etcPathField(item.path);
  switch (item.type) {
    case "d":
      return `d ${p} - - - -`;
    case "L+":
      return `L+ ${p} - - - - ${quoteArgument(item.argument)}`;
    case "C":
      return `C ${p} ${quoteField(item.mode)} ${quoteField(item.user)} ${quoteField(item.group)} - ${quoteArgument(item.argument)}`;
  }
}

/** The static directory last given and what a link's argument starts with there (`/etc/static/`). */
let lastStatic: { dir: string; prefix: string } | undefined;

/** What a link through the static directory `dir` starts with: worked out once, not for every entry. */
function staticPrefix(dir: string): string {
  if (lastStatic?.dir !== dir) lastStatic = { dir, prefix: `${normaliseAbsolute(dir).replace(/\/$/, "")}/` };
  return lastStatic.prefix;
}

/** The item an entry becomes on its own, or undefined when it cannot be laid out. */
export function entryItem(e: EntryValues, opts: GenerateOptions = {}): EtcItem | undefined {
  if (!e.enabled || e.normTarget === undefined || e.source === undefined || e.kind === undefined) return undefined;
  if (!e.source.startsWith("/") || unwritableCharacter(e.source)) return undefined;
  const path = e.normTarget;
  const mode = effectiveMode(e);
  if (e.glob || e.kind !== "copy") {
    let argument: string;
    if (mode !== "direct-symlink" && opts.staticDir !== undefined) argument = staticPrefix(opts.staticDir) + path;
    else argument = e.glob ? globDirectory(e.source) : e.source;
    return { type: "L+", path, argument };
  }
  const bits = octalModeOf(mode);
  if (bits === undefined) return undefined;
  const user = ownerField(effectiveUser(e));
  const group = ownerField(effectiveGroup(e));
  if (!user.ok || !group.ok) return undefined;
  return { type: "C", path, mode: canonicalMode(bits), user: user.field, group: group.field, argument: e.source };
}

/** The items of a manifest, in tree order (parents first). */
export function generateItems(
  input: string | Manifest | readonly EntryValues[],
  opts: GenerateOptions = {},
): EtcItem[] {
  if (typeof input === "string") return plainJsonItems(input, opts)?.items ?? generateItems(readManifest(input), opts);
  const laid: EtcItem[] = [];
  for (const e of Array.isArray(input) ? (input as readonly EntryValues[]) : (input as Manifest).entries) {
    const item = entryItem(e, opts);
    if (item) laid.push(item);
  }
  return layOut(laid).items;
}

/** What `plainJsonItems` reads of a manifest. */
export interface PlainItems {
  /** `generateItems` of the text. */
  items: EtcItem[];
  /**
   * True when `checkManifest` surely finds no error in the text, so that
   * `generate` and `plan` need not read it again with positions; false when
   * it may.
   */
  errorFree: boolean;
}

/**
 * `generateItems` of a manifest that JSON.parse reads as `readManifest` does
 * (see `visitEntryValues`), without building its entries, and whether it
 * surely has no error; undefined when only `readManifest` can read it.
 *
 * No error means: every member an entry, every field of the type its schema
 * wants, no entry with an error of its own fields (checks/plain.ts), and none
 * dropped while laying them out. Every enabled entry with a usable target
 * then makes a line, so two entries for one target or one inside another's
 * (the conflicts) would have cost a line.
 */
export function plainJsonItems(text: string | TextPieces, opts: GenerateOptions = {}): PlainItems | undefined {
  const laid: EtcItem[] = [];
  let fieldsClean = true;
  const read = visitEntryValues(text, (e, wellTyped) => {
    if (fieldsClean && !(wellTyped && surelyWithoutFieldErrors(e))) fieldsClean = false;
    const item = entryItem(e, opts);
    if (item) laid.push(item);
  });
  if (!read) return undefined;
  const { items, dropped } = layOut(laid);
  return { items, errorFree: read.allEntries && fieldsClean && !dropped };
}

/**
 * From the items of the entries, in the entries' order, to the snippet's.
 *
 * One sort does all the work: after a stable sort by path, the first entry
 * for a target comes first among its equals, everything inside a target
 * follows it directly, and the parents a target needs are the ones not yet
 * opened on the way down to it. No map or set of paths is built, which keeps
 * 100,000 entries to one pass over one array.
 */
function layOut(laid: EtcItem[]): { items: EtcItem[]; dropped: boolean } {
  laid.sort((a, b) => compareTreeOrder(a.path, b.path));
  const items: EtcItem[] = [];
  let dropped = false;
  /** The directories made for the item before, outermost first. */
  const open: string[] = [];
  /** The last target taken. */
  let taken: string | undefined;
  for (let k = 0; k < laid.length; k++) {
    const item = laid[k]!;
    if (taken !== undefined && isSameOrInside(item.path, taken)) {
      dropped = true; // a second entry for a target (the first one wins), or inside another entry's target
      continue;
    }
    taken = item.path;
    // The parents of this target: keep the open ones it shares, make the rest.
    let depth = 0;
    for (let i = item.path.indexOf("/"); i !== -1; i = item.path.indexOf("/", i + 1), depth++) {
      const dir = open[depth];
      if (dir !== undefined && dir.length === i && item.path.startsWith(dir)) continue;
      open.length = depth;
      const made = item.path.slice(0, i);
      open.push(made);
      items.push({ type: "d", path: made });
    }
    open.length = depth;
    items.push(item);
  }
  return { items, dropped };
}

/** Whether `path` is `dir` or lies inside it. */
function isSameOrInside(path: string, dir: string): boolean {
  return path.startsWith(dir) && (path.length === dir.length || path.charCodeAt(dir.length) === 47); /* / */
}

/**
 * The snippet: one line per item, each ending in a newline. Joined with the
 * newline rather than appending it to each line, which would make a second
 * string of every line.
 */
export function formatItems(items: readonly EtcItem[]): string {
  return items.length === 0 ? "" : items.map(formatItem).join("\n") + "\n";
}

/** `generate` of docs/contracts.md §2: the tmpfiles.d snippet that lays out the manifest's /etc. */
export function generate(input: string | Manifest, opts: GenerateOptions = {}): string {
  return formatItems(generateItems(input, opts));
}
