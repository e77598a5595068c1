/**
 * The `/etc` of the target host as the previous generation of an
 * activation: pure functions from what `find /etc -printf` and
 * `cat /etc/.clean` printed (see dryRun/commandLine.ts) to a generated
 * tmpfiles.d snippet the server's plan reads as OLD, and to the warnings
 * about data an activation would lose.
 *
 * Which host entries stand for the previous generation:
 * - every link into the store (`/nix/store/…`, `/etc/static/…`): an
 *   activation made it (`L+`);
 * - whatever is on the host at a path the new generation writes, so the
 *   plan says what happens to it: a link (`L+` to its target), a directory
 *   (`d`), a regular file (`C` with its mode and owner; its source is not
 *   known, so the line names the file itself);
 * - the directories above those (`d`).
 * Everything else in /etc is the host's own and no activation touches it.
 */
import { formatItem, type EtcItem } from "../../../server/src/core/manifest/generate";
import { unwritableCharacter } from "../../../server/src/core/manifest/quote";

export interface HostEntry {
  /** find's %y: f regular file, d directory, l link, p fifo, s socket, c/b devices. */
  type: string;
  /** Permission bits in octal, as find's %m prints them ("644"). */
  mode: string;
  user: string;
  group: string;
  /** Relative to /etc. */
  path: string;
  /** The link's target, for `l`. */
  link: string;
}

/** Link targets that mark a link as made by an activation. */
const STORE_PREFIXES = ["/nix/store/", "/etc/static/"] as const;

/** Reads the NUL-separated records of HOST_STATE_WORDS (6 fields each); a cut-off last record is dropped. */
export function parseHostState(output: string): HostEntry[] {
  const f = output.split("\0");
  const out: HostEntry[] = [];
  for (let i = 0; i + 5 < f.length; i += 6) {
    const [type, mode, user, group, path, link] = f.slice(i, i + 6) as [string, string, string, string, string, string];
    if (path === "") continue;
    out.push({ type, mode, user, group, path, link });
  }
  return out;
}

/** The paths of /etc/.clean (one per line, relative to /etc, as NixOS writes them), normalised. */
export function parseCleanList(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split("\n")) {
    const p = raw
      .trim()
      .replace(/^\/etc\//, "")
      .replace(/^\.\//, "")
      .replace(/\/+$/, "");
    if (p) out.add(p);
  }
  return out;
}

function resolveLink(dir: string, link: string): string {
  if (link.startsWith("/")) return link;
  const parts = `/etc/${dir}`.split("/").filter(Boolean);
  for (const seg of link.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function itemOf(e: HostEntry): EtcItem | undefined {
  switch (e.type) {
    case "l":
      return { type: "L+", path: e.path, argument: resolveLink(parentOf(e.path), e.link) };
    case "d":
      return { type: "d", path: e.path };
    case "f": {
      const mode = /^[0-7]{1,4}$/.test(e.mode) ? e.mode.padStart(4, "0") : undefined;
      if (!mode || !e.user || !e.group) return undefined;
      return { type: "C", path: e.path, mode, user: e.user, group: e.group, argument: `/etc/${e.path}` };
    }
    default:
      return undefined;
  }
}

function isStoreLink(e: HostEntry): boolean {
  return (
    e.type === "l" &&
    e.path !== "static" &&
    STORE_PREFIXES.some((p) => resolveLink(parentOf(e.path), e.link).startsWith(p))
  );
}

export interface HostBaseline {
  /** A generated snippet: the previous generation as the host holds it. */
  text: string;
  /** Host entries at paths of the new generation that the snippet cannot stand for (fifos, sockets, devices). */
  skipped: HostEntry[];
}

/**
 * The previous generation on the host, for a new generation that writes
 * `newPaths` (relative to /etc).
 */
export function baselineFromHost(entries: readonly HostEntry[], newPaths: Iterable<string>): HostBaseline {
  const wanted = new Set(newPaths);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const items = new Map<string, EtcItem>();
  const skipped: HostEntry[] = [];
  const add = (e: HostEntry): void => {
    if (items.has(e.path) || unwritableCharacter(e.path) || (e.type === "l" && unwritableCharacter(e.link))) return;
    const item = itemOf(e);
    if (!item) {
      skipped.push(e);
      return;
    }
    items.set(e.path, item);
    for (let p = parentOf(e.path); p !== ""; p = parentOf(p)) {
      const parent = byPath.get(p);
      if (parent?.type === "d" && !items.has(p)) items.set(p, { type: "d", path: p });
    }
  };
  for (const e of entries) if (isStoreLink(e) || wanted.has(e.path)) add(e);
  const lines = [...items.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(formatItem);
  return {
    text: `# /etc of the host: links into the store, and what is at the paths the new generation writes\n${lines.map((l) => l + "\n").join("")}`,
    skipped,
  };
}

export interface DataLossWarning {
  /** Absolute path under /etc. */
  path: string;
  /** The new line that replaces it. */
  line: string;
  message: string;
}

/**
 * Where a new `L+` replaces a regular file or a directory that no manifest
 * owns (not a copy listed in /etc/.clean): its contents would be lost.
 * `changes` are the plan's changes (path /etc/…, new line).
 */
export function dataLossWarnings(
  changes: readonly { path: string; new: string | null }[],
  entries: readonly HostEntry[],
  owned: ReadonlySet<string>,
): DataLossWarning[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const children = new Map<string, number>();
  for (const e of entries) {
    const p = parentOf(e.path);
    if (p !== "") children.set(p, (children.get(p) ?? 0) + 1);
  }
  const out: DataLossWarning[] = [];
  for (const c of changes) {
    if (c.new === null || !c.new.startsWith("L+ ")) continue;
    const rel = c.path.replace(/^\/etc\//, "");
    const e = byPath.get(rel);
    if (!e || owned.has(rel)) continue;
    if (e.type === "f") {
      out.push({
        path: c.path,
        line: c.new,
        message: `L+ replaces the regular file ${c.path} on the host, which no manifest owns: its contents would be lost.`,
      });
    } else if (e.type === "d") {
      const n = children.get(rel) ?? 0;
      out.push({
        path: c.path,
        line: c.new,
        message: `L+ replaces the directory ${c.path} on the host, which no manifest owns${n ? `, with ${n} entr${n === 1 ? "y" : "ies"} in it` : ""}: ${n ? "they" : "it"} would be lost.`,
      });
    } else if (e.type !== "l") {
      out.push({
        path: c.path,
        line: c.new,
        message: `L+ replaces ${c.path} on the host (a ${e.type === "p" ? "fifo" : e.type === "s" ? "socket" : "device node"}), which no manifest owns.`,
      });
    }
  }
  return out;
}
