/**
 * The workspace index: every tmpfiles.d file, etc manifest and .nix file
 * that mentions `tmpfiles` under the workspace folders, with the text on
 * disk. Open documents stand in for their files. Files are keyed by file-system path (other URIs by the URI),
 * so a document and the file it shows are one entry.
 */
import { createReadStream } from "node:fs";
import { readdir, realpath } from "node:fs/promises";
import { relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readTextFile, TooLargeInput } from "../core/readTextFile.js";
import { LARGEST_CHECKED_BYTES } from "../core/tooLarge.js";
import {
  isManifestPath,
  isNixPath,
  isTmpfilesPath,
  mayHoldTmpfilesRules,
  tmpfilesTreeOf,
  type DocumentKind,
} from "../core/documentKind.js";

export interface Folder {
  uri: string;
  /** File-system path, or undefined for folders that are not on a file system. */
  path?: string;
}

export interface IndexedFile {
  key: string;
  /** The URI to publish for: the open document's, else one made from the path. */
  uri: string;
  kind: DocumentKind;
  folder?: Folder;
  /** Path relative to its folder (or the full path): how messages name the file. */
  name: string;
  /** systemd's tree the file belongs to, when it is in a tmpfiles.d directory of a folder. */
  tree?: "system" | "user";
  /** The text on disk, kept only while the file is not open (an open document stands in for it). */
  diskText?: string | undefined;
  /** Set when the tmpfiles.d file on disk is too large to be read (core/tooLarge.ts): diskText is then empty. */
  tooLarge?: { bytes?: number };
  open: boolean;
}

/**
 * A file's text, read and decoded 64 KiB at a time. Reading a large file in
 * one go puts it in one native buffer, and freeing that buffer makes the C
 * allocator keep megabytes for good (see stdio.ts).
 */
export async function readText(path: string): Promise<string> {
  const parts: string[] = [];
  for await (const piece of createReadStream(path, { encoding: "utf8", highWaterMark: 65_536 }))
    parts.push(piece as string);
  return parts.length === 1 ? parts[0]! : parts.join("");
}

/** The file-system path of a file: URI, or undefined. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function keyOf(uri: string): string {
  return uriToPath(uri) ?? uri;
}

const within = (path: string, root: string): boolean =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);
/** Bounds on a scan, so a huge workspace cannot stall the server. */
const MAX_ENTRIES = 200_000;
const MAX_DEPTH = 24;
/** The largest manifest read (a tmpfiles.d file larger than LARGEST_CHECKED_BYTES is one diagnostic, not read). */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** The kind of a file of a folder by its name (a .nix file is ours only when its text says so too). */
function kindOfPath(path: string): DocumentKind | undefined {
  if (isTmpfilesPath(path)) return "tmpfiles";
  if (isManifestPath(path)) return "manifest";
  return isNixPath(path) ? "nix" : undefined;
}

export class WorkspaceIndex {
  folders: Folder[] = [];
  private readonly files = new Map<string, IndexedFile>();
  private readonly realFolders = new Map<string, Promise<string>>();

  setFolders(folders: Folder[]): void {
    this.folders = folders;
    this.realFolders.clear();
  }

  folderOf(key: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) {
      if (!f.path) continue;
      if (
        (key === f.path || key.startsWith(f.path.endsWith(sep) ? f.path : f.path + sep)) &&
        (!best || f.path.length > best.path!.length)
      )
        best = f;
    }
    return best;
  }

  /** The entry for a URI, made (without disk text) when the file is not indexed yet. */
  entry(uri: string, kind: DocumentKind): IndexedFile {
    const key = keyOf(uri);
    let f = this.files.get(key);
    if (!f) {
      const folder = this.folderOf(key);
      const name = folder?.path ? relative(folder.path, key).split(sep).join("/") : key;
      const tree = folder && kind === "tmpfiles" ? tmpfilesTreeOf(key) : undefined;
      f = { key, uri, kind, name, open: false, ...(folder ? { folder } : {}), ...(tree ? { tree } : {}) };
      this.files.set(key, f);
    }
    f.kind = kind;
    return f;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(keyOf(uri));
  }

  remove(uri: string): void {
    this.files.delete(keyOf(uri));
  }

  all(): IndexedFile[] {
    return [...this.files.values()];
  }

  /**
   * The key of the set of files checked together (one systemd tree per
   * folder), or undefined for a file checked alone. A .nix file of a folder
   * joins its system tree: NixOS links the files it makes into /etc/tmpfiles.d.
   */
  groupOf(f: IndexedFile): string | undefined {
    const tree = f.tree ?? (f.kind === "nix" ? "system" : undefined);
    return tree && f.folder ? `${f.folder.uri}#${tree}` : undefined;
  }

  members(group: string): IndexedFile[] {
    return this.all().filter((f) => this.groupOf(f) === group && (f.open || f.diskText !== undefined));
  }

  counts(): { tmpfiles: number; manifests: number; nix: number } {
    const n = { tmpfiles: 0, manifest: 0, nix: 0 };
    for (const f of this.files.values()) if (f.open || f.diskText !== undefined) n[f.kind]++;
    return { tmpfiles: n.tmpfiles, manifests: n.manifest, nix: n.nix };
  }

  /**
   * Reads one file from disk into the index; returns the entry, or undefined
   * when it is not one of ours or is not read: unreadable, not a regular file
   * (a FIFO, a device), a manifest larger than 16 MiB, a .nix file larger
   * than LARGEST_CHECKED_BYTES or whose text does not mention `tmpfiles`,
   * or a link whose real path leaves its workspace folder (to
   * /proc/self/environ, /etc/shadow, another tree). A tmpfiles.d file larger
   * than LARGEST_CHECKED_BYTES is indexed unread, as its size.
   */
  async readFromDisk(path: string): Promise<IndexedFile | undefined> {
    const kind = kindOfPath(path);
    const folder = kind ? this.folderOf(path) : undefined;
    if (!kind || !folder?.path) return undefined;
    try {
      const real = await realpath(path);
      if (!within(real, await this.realFolder(folder.path))) return undefined;
      const existing = this.files.get(path);
      // An open document stands in for its file: the text on disk is read again when it closes.
      // The real path is read, without following a link there, so the file checked is the one inside.
      let text: string | undefined;
      let tooLarge: IndexedFile["tooLarge"];
      if (!existing?.open) {
        try {
          text = await readTextFile(real, {
            maxBytes: kind === "manifest" ? MAX_MANIFEST_BYTES : LARGEST_CHECKED_BYTES,
            noFollow: true,
          });
          // Most .nix files set no tmpfiles.d rules: they are left alone, as an open one would be.
          if (kind === "nix" && !mayHoldTmpfilesRules(text)) return undefined;
        } catch (e) {
          if (!(e instanceof TooLargeInput) || kind !== "tmpfiles") throw e;
          text = "";
          tooLarge = e.bytes !== undefined ? { bytes: e.bytes } : {};
        }
      }
      const f = this.files.get(path) ?? this.entry(pathToFileURL(path).href, kind);
      if (!f.open && text !== undefined) {
        f.diskText = text;
        if (tooLarge) f.tooLarge = tooLarge;
        else delete f.tooLarge;
      }
      return f;
    } catch {
      return undefined;
    }
  }

  /** A folder's real path (links followed), asked once per folder. */
  private realFolder(path: string): Promise<string> {
    let p = this.realFolders.get(path);
    if (!p) {
      p = realpath(path).catch(() => path);
      this.realFolders.set(path, p);
    }
    return p;
  }

  /** Walks every folder and indexes the files of docs/contracts.md §3. Returns the entries found. */
  async scan(): Promise<IndexedFile[]> {
    const found: IndexedFile[] = [];
    let budget = MAX_ENTRIES;
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > MAX_DEPTH || budget <= 0) return;
      let names;
      try {
        names = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const d of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (--budget <= 0) return;
        const p = dir + sep + d.name;
        if (d.isDirectory()) {
          if (!SKIP_DIRS.has(d.name)) await walk(p, depth + 1);
        } else if (d.isFile() || d.isSymbolicLink()) {
          if (kindOfPath(p)) {
            const f = await this.readFromDisk(p);
            if (f) found.push(f);
          }
        }
      }
    };
    for (const folder of this.folders) if (folder.path) await walk(folder.path, 0);
    return found;
  }
}
