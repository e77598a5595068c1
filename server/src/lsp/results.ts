/**
 * What the last check of each file found, by file key, and beside it by the
 * name a related location gives (a file's name in its folder), kept in step:
 * finding the file of a related location is one lookup, not a scan of every
 * result. A conflict that many files share gives one related location per
 * file, so a scan made publishing quadratic in the number of files.
 */
import type { Manifest } from "../core/manifest/index.js";
import type { NixShare } from "../core/nix/tree.js";
import type { LineIndex, TextLike } from "../core/text.js";
import type { CheckResult } from "../core/tmpfiles/check.js";
import type { ResolveFile } from "./convert.js";
import type { Published } from "./diagnosticJson.js";
import type { Problem } from "./problems.js";
import type { IndexedFile } from "./workspace.js";

/** What the last check of a file found, for the text it checked. */
export interface FileResult {
  file: IndexedFile;
  /** The document version checked, or null for the text on disk. */
  version: number | null;
  /** The text checked: the open document's, kept in pieces (String() makes it whole), or the file's. */
  text: TextLike;
  index: LineIndex;
  problems: Problem[];
  /** tmpfiles.d: the lines systemd keeps (for the cross-check with manifests), made when asked for. */
  kept?: () => CheckResult["items"];
  /** .nix: its share of its tree (core/nix/tree.ts), for the text and the settings (TmpfilesTree.settingsKey) it was made for. */
  nix?: { text: TextLike; key: string; share: NixShare };
  manifest?: Manifest;
  /** What was last published (for which version, with its JSON), to skip repeats and to reuse what did not change. */
  published?: Published & { version: number | null };
}

/** The part of a result the table reads: its file's key, name, folder and URI, and its line index. */
export interface TableEntry {
  file: { key: string; uri: string; name: string; folder?: { uri: string } | undefined };
  index: LineIndex;
}

const nameKey = (folderUri: string | undefined, name: string): string => `${folderUri ?? ""}\n${name}`;

export class ResultTable<R extends TableEntry> {
  private readonly byKey = new Map<string, R>();
  private readonly byName = new Map<string, R>();
  /** Results looked at to answer lookups (a measure of the work, for tests). */
  looked = 0;

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): R | undefined {
    return this.byKey.get(key);
  }

  set(key: string, r: R): void {
    const prev = this.byKey.get(key);
    if (prev) this.byName.delete(nameKey(prev.file.folder?.uri, prev.file.name));
    this.byKey.set(key, r);
    this.byName.set(nameKey(r.file.folder?.uri, r.file.name), r);
  }

  delete(key: string): void {
    const prev = this.byKey.get(key);
    if (!prev) return;
    this.byKey.delete(key);
    const k = nameKey(prev.file.folder?.uri, prev.file.name);
    if (this.byName.get(k) === prev) this.byName.delete(k);
  }

  values(): IterableIterator<R> {
    return this.byKey.values();
  }

  /** The result of the file named `name` in a folder (or, without a folder, the file of that path). */
  named(folderUri: string | undefined, name: string): R | undefined {
    this.looked++;
    return this.byName.get(nameKey(folderUri, name));
  }

  /** Finds the file a related location of `f`'s diagnostics names, for ranges and fixes. */
  resolverFor(f: TableEntry["file"]): ResolveFile {
    return (file) => {
      if (file === undefined || file === f.name) {
        this.looked++;
        const r = this.byKey.get(f.key);
        return r ? { uri: f.uri, index: r.index } : undefined;
      }
      const r = this.named(f.folder?.uri, file);
      return r ? { uri: r.file.uri, index: r.index } : undefined;
    };
  }
}
