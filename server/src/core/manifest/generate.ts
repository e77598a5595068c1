/**
 * From a manifest to tmpfiles.d lines (CONTRACTS §2): `L+` for links, `C`
 * for copies, one `d` for every parent directory, sorted in tree order, so
 * the same manifest always gives the same bytes.
 *
 * Entries that cannot be laid out are left out, each for a reason the checks
 * report as an error: disabled, no usable target or source, an invalid mode
 * or owner, a second entry for a target (the first one wins, as in NixOS's
 * builder), or a target inside another entry's target.
 *
 * A glob source (`DIR/*`) makes a directory of links in NixOS. tmpfiles.d
 * cannot expand a glob when it creates links, so with a static directory the
 * target links to `STATIC/TARGET` (which holds the expanded directory, like
 * every other `symlink` entry), and without one it links to DIR itself.
 */
import { effectiveGroup, effectiveMode, effectiveUser, type EntryValues, type Manifest } from "./model.js";
import { ancestors, compareTreeOrder, normaliseAbsolute } from "./paths.js";
import { quoteArgument, quoteField, quotePath, unwritableCharacter } from "./quote.js";
import { readEntryValues, readManifest } from "./read.js";
import { globDirectory } from "./checks/fields.js";
import { MODE_PATTERN, OWNER_ID_PATTERN, OWNER_NAME_PATTERN } from "./schema.js";

export interface GenerateOptions {
  /** Link `symlink` entries through this directory (`/etc/static`): `L+ /etc/T - - - - DIR/T`. */
  staticDir?: string;
}

export type ItemType = "d" | "L+" | "C";

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

/** The tmpfiles.d line of an item, quoted so that every path round-trips. */
export function formatItem(item: EtcItem): string {
  const p = quotePath(etcPath(item.path));
  switch (item.type) {
    case "d":
      return `d ${p} - - - -`;
    case "L+":
      return `L+ ${p} - - - - ${quoteArgument(item.argument)}`;
    case "C":
      return `C ${p} ${quoteField(item.mode)} ${quoteField(item.user)} ${quoteField(item.group)} - ${quoteArgument(item.argument)}`;
  }
}

function ownerField(v: string): string | undefined {
  const id = OWNER_ID_PATTERN.exec(v);
  if (id) return String(Number(id[1]));
  return OWNER_NAME_PATTERN.test(v) ? v : undefined;
}

/** The item an entry becomes on its own, or undefined when it cannot be laid out. */
export function entryItem(e: EntryValues, opts: GenerateOptions = {}): EtcItem | undefined {
  if (!e.enabled || e.normTarget === undefined || e.source === undefined || e.kind === undefined) return undefined;
  if (!e.source.startsWith("/") || unwritableCharacter(e.source)) return undefined;
  const path = e.normTarget;
  const mode = effectiveMode(e);
  if (e.glob || e.kind !== "copy") {
    let argument: string;
    if (mode !== "direct-symlink" && opts.staticDir !== undefined) argument = `${normaliseAbsolute(opts.staticDir).replace(/\/$/, "")}/${path}`;
    else argument = e.glob ? globDirectory(e.source) : e.source;
    return { type: "L+", path, argument };
  }
  if (!MODE_PATTERN.test(mode)) return undefined;
  const user = ownerField(effectiveUser(e));
  const group = ownerField(effectiveGroup(e));
  if (user === undefined || group === undefined) return undefined;
  return { type: "C", path, mode: mode.padStart(4, "0"), user, group, argument: e.source };
}

/** The items of a manifest, in tree order (parents first). */
export function generateItems(input: string | Manifest | readonly EntryValues[], opts: GenerateOptions = {}): EtcItem[] {
  const entries: readonly EntryValues[] = typeof input === "string" ? (readEntryValues(input) ?? readManifest(input).entries) : Array.isArray(input) ? input : (input as Manifest).entries;
  const chosen = new Map<string, EtcItem>();
  for (const e of entries) {
    const item = entryItem(e, opts);
    if (item && !chosen.has(item.path)) chosen.set(item.path, item);
  }
  const items: EtcItem[] = [];
  const dirs = new Set<string>();
  for (const item of chosen.values()) {
    const up = ancestors(item.path);
    if (up.some((a) => chosen.has(a))) continue; // inside another entry's target
    items.push(item);
    for (const a of up) dirs.add(a);
  }
  for (const d of dirs) items.push({ type: "d", path: d });
  return items.sort((a, b) => compareTreeOrder(a.path, b.path));
}

/** The snippet: one line per item, each ending in a newline. */
export function formatItems(items: readonly EtcItem[]): string {
  return items.map((i) => formatItem(i) + "\n").join("");
}

/** `generate` of CONTRACTS §2: the tmpfiles.d snippet that lays out the manifest's /etc. */
export function generate(input: string | Manifest, opts: GenerateOptions = {}): string {
  return formatItems(generateItems(input, opts));
}
