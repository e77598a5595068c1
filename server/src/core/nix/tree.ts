// .nix files and tmpfiles.d files judged as one systemd-tmpfiles run reads
// them from /etc/tmpfiles.d: the files NixOS makes of the .nix files' machine
// rules (00-nixos.conf, <name>.conf of settings) join the tree of the
// tmpfiles.d files, so the line systemd keeps is the one of the file it reads
// first, whichever kind of file that line is written in.
//
// NixOS joins the rules of every module into one 00-nixos.conf, and the
// settings of one name into one file: the .nix files' parts of one made file
// do not mask each other and are read in the order the .nix files are given.
// That order stands for the order NixOS evaluates the modules in, which the
// files alone do not tell (it follows `imports`); mkBefore/mkAfter order the
// lines of one .nix file, not lines of different files.
import { compareDiagnostics, type CoreDiagnostic, type RelatedLocation } from "../diagnostic.js";
import type { CheckOptions } from "../tmpfiles/check.js";
import { checkTree, keptSideDiagnostics, type TreeFile, type TreeFileResult } from "../tmpfiles/tree.js";
import { LineIndex } from "../text.js";
import { checkNix, placeOnNix, type NixTmpfilesFile } from "./check.js";

export interface NixDocument {
  /** Its name, as related locations and messages name files. */
  name: string;
  text: string;
}

export interface NixTreeResult {
  /** The diagnostics of each .nix file, on its text, by name. */
  nix: Map<string, CoreDiagnostic[]>;
  /** The tmpfiles.d files' results, with the diagnostics their conflicts with other files add. */
  conf: TreeFileResult[];
}

/** The name a .nix file's made file has in the joint tree: in /etc/tmpfiles.d, and told apart from other .nix files' parts. */
function partPath(doc: string, made: string): string {
  return `${doc}\u0000${made}`;
}

/**
 * Checks .nix files and tmpfiles.d files together. Without tmpfiles.d files
 * and with one .nix file this is checkNix; the initrd's and containers'
 * files are read by runs of their own and checked as checkNix does.
 */
export function checkNixTree(
  docs: NixDocument[],
  conf: TreeFile[],
  options: Omit<CheckOptions, "fileName"> = {},
): NixTreeResult {
  const parts = new Map<string, { doc: NixDocument; file: NixTmpfilesFile; index: LineIndex }>();
  const nix = new Map<string, CoreDiagnostic[]>();
  for (const doc of docs) {
    // Everything but the machine's files, as checkNix judges it.
    const own = checkNix(doc.text, options, true);
    const index = new LineIndex(doc.text);
    for (const f of own.files.filter((f) => f.scope === ""))
      parts.set(partPath(doc.name, f.path), { doc, file: f, index });
    nix.set(doc.name, own.diagnostics);
  }
  const files: TreeFile[] = [...[...parts].map(([path, p]) => ({ path, text: p.file.text.text, part: true })), ...conf];
  const run = checkTree(files, options);
  // The line index of a tmpfiles.d file is made once, for the first of its lines a conflict names.
  const confIndexes = new Map<string, LineIndex>();
  const confText = new Map(conf.map((c) => [c.path, c.text]));
  const lineIn = (path: string, offset: number): number => {
    const p = parts.get(path);
    if (p) return p.index.position(p.file.text.span(offset, 0).from).line + 1;
    let index = confIndexes.get(path);
    if (!index) confIndexes.set(path, (index = new LineIndex(confText.get(path) ?? "")));
    return index.position(offset).line + 1;
  };
  const extra = keptSideDiagnostics(run, lineIn);
  const out: TreeFileResult[] = [];
  for (const r of run) {
    const all = [...r.diagnostics, ...(extra.get(r.path) ?? [])];
    const p = parts.get(r.path);
    if (!p) {
      out.push({ ...r, diagnostics: all.map((d) => toDocuments(d, r.path, parts, lineIn)).sort(compareDiagnostics) });
      continue;
    }
    const list = nix.get(p.doc.name)!;
    const mine = new Map([...parts].filter(([, q]) => q.doc === p.doc).map(([path, q]) => [path, q.file]));
    for (const d of all) {
      const placed = placeOnNix(
        toDocuments(d, r.path, parts, lineIn),
        p.file,
        mine,
        p.doc.text,
        (o) => p.index.position(o).line + 1,
      );
      if (placed) list.push(placed);
    }
  }
  for (const list of nix.values()) list.sort(compareDiagnostics);
  return { nix, conf: out };
}

/**
 * A diagnostic of the joint tree with its related locations in the documents
 * they are written in: a span of another .nix file's part moves onto that
 * file's text, and messages name that file and its line.
 */
function toDocuments(
  d: CoreDiagnostic,
  path: string,
  parts: Map<string, { doc: NixDocument; file: NixTmpfilesFile; index: LineIndex }>,
  lineIn: (path: string, offset: number) => number,
): CoreDiagnostic {
  if (!d.related?.length) return d;
  const self = parts.get(path);
  let message = d.message;
  const related: RelatedLocation[] = d.related.map((rel) => {
    const file = rel.file ?? path;
    const p = parts.get(file);
    if (!p) return rel;
    // A span of the same .nix file stays in its made file's offsets: placeOnNix moves it.
    if (self?.doc === p.doc)
      return rel.file === path ? { offset: rel.offset, length: rel.length, message: rel.message } : rel;
    const s = p.file.text.span(rel.offset, rel.length);
    message = message.replace(/^(line \d+|\S+:\d+) /, `${p.doc.name}:${lineIn(file, rel.offset)} `);
    return { file: p.doc.name, offset: s.from, length: s.to - s.from, message: rel.message };
  });
  for (const [full, p] of parts) message = message.split(full).join(p.doc.name);
  return { ...d, message, related };
}
