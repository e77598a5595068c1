// The tmpfiles.d rules of .nix files against the workspace's tmpfiles.d
// files: NixOS links its files (00-nixos.conf, <name>.conf) into
// /etc/tmpfiles.d, where systemd-tmpfiles reads them with the others in the
// order of their names; a later line on a path that an earlier line of
// another file owns with other settings is ignored. Reported on both sides,
// as for two .conf files: a warning on the ignored line, a note on the kept
// one, each pointing at the other.
import type { CoreDiagnostic, TextEditOffsets } from "../diagnostic.js";
import { conflicts } from "../tmpfiles/duplicates.js";
import type { Item } from "../tmpfiles/analyzeLine.js";
import { baseName } from "../tmpfiles/tree.js";

/** A line systemd keeps, in the document it is written in. */
export interface KeptRule {
  /** The name of the tmpfiles.d file it is read from (00-nixos.conf for a .nix file's rules). */
  readAs: string;
  item: Item;
  /** The span of its path in the document, and the document's 1-based line there. */
  offset: number;
  length: number;
  line: number;
  /** The edit that removes its line, for a line of a tmpfiles.d file (a .nix string is not removed). */
  remove?: TextEditOffsets;
}

export interface RulesDocument {
  /** The document's name in the workspace (as related locations name files). */
  name: string;
  kept: KeptRule[];
}

export interface CrossFileFinding {
  file: string;
  diagnostic: CoreDiagnostic;
  /** On the kept line's note: the edit that removes the ignored line, in its file, when that is a tmpfiles.d file. */
  removeIgnored?: { file: string; line: number; edit: TextEditOffsets };
}

/** The conflicts between lines of different documents, at least one of them a .nix file's (`nix`). */
export function crossCheckNix(nix: RulesDocument[], conf: RulesDocument[]): CrossFileFinding[] {
  if (nix.length === 0 || nix.length + conf.length < 2) return [];
  const all = [...nix, ...conf].flatMap((doc, d) =>
    doc.kept.map((k, i) => ({ doc, d, i, k, order: baseName(k.readAs) })),
  );
  all.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.d - b.d || a.i - b.i));
  const owners = new Map<string, typeof all>();
  const out: CrossFileFinding[] = [];
  for (const x of all) {
    const key = `${x.k.item.glob}\0${x.k.item.key}`;
    const kept = owners.get(key) ?? [];
    const earlier = kept.find((e) => conflicts(e.k.item, x.k.item));
    if (!earlier) {
      kept.push(x);
      owners.set(key, kept);
      continue;
    }
    // Lines of one document were judged by its own check.
    if (earlier.doc === x.doc) continue;
    out.push({
      file: x.doc.name,
      diagnostic: {
        code: "duplicate-path",
        severity: "warning",
        message: `${earlier.doc.name}:${earlier.k.line} already owns ${x.k.item.key} with other settings; systemd-tmpfiles reads ${baseName(earlier.k.readAs)} first, keeps that line and ignores this one.`,
        offset: x.k.offset,
        length: x.k.length,
        related: [
          {
            file: earlier.doc.name,
            offset: earlier.k.offset,
            length: earlier.k.length,
            message: "The line systemd keeps",
          },
        ],
        // As for a line of a later .conf file (core/tmpfiles/check.ts duplicateDiagnostic).
        ...(x.k.remove
          ? { fixes: [{ title: "Remove this line (systemd ignores it)", edits: [x.k.remove], preferred: true }] }
          : {}),
      },
    });
    out.push({
      file: earlier.doc.name,
      diagnostic: {
        code: "duplicate-path-elsewhere",
        severity: "information",
        message: `${x.doc.name}:${x.k.line} sets this path again with other settings; systemd-tmpfiles keeps this line and ignores that one.`,
        offset: earlier.k.offset,
        length: earlier.k.length,
        related: [{ file: x.doc.name, offset: x.k.offset, length: x.k.length, message: "The line systemd ignores" }],
      },
      ...(x.k.remove ? { removeIgnored: { file: x.doc.name, line: x.k.line, edit: x.k.remove } } : {}),
    });
  }
  return out;
}
