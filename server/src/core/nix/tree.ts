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

/** A machine file NixOS makes of one .nix file, as a file of the joint tree (named by `path`, read as a part). */
export interface NixPart {
  path: string;
  doc: NixDocument;
  file: NixTmpfilesFile;
  /** The line index of the .nix text, shared by the parts of one document. */
  index: LineIndex;
  /** The parts of the same document, by their paths in the tree (for related locations inside it). */
  siblings: Map<string, NixTmpfilesFile>;
}

/** What a .nix file brings to a joint tree: its own diagnostics (all but its machine files'), and its machine files as parts. */
export interface NixShare {
  diagnostics: CoreDiagnostic[];
  parts: NixPart[];
}

/** The name a .nix file's made file has in the joint tree: in /etc/tmpfiles.d, and told apart from other .nix files' parts. */
function partPath(doc: string, made: string): string {
  return `${doc}\u0000${made}`;
}

/** A .nix file's share of a joint tree: the initrd's and containers' files are read by runs of their own and checked as checkNix does. */
export function nixShare(doc: NixDocument, options: Omit<CheckOptions, "fileName"> = {}): NixShare {
  const own = checkNix(doc.text, options, true);
  const index = new LineIndex(doc.text);
  const machine = own.files.filter((f) => f.scope === "");
  const siblings = new Map(machine.map((f) => [partPath(doc.name, f.path), f]));
  const parts = machine.map((file) => ({ path: partPath(doc.name, file.path), doc, file, index, siblings }));
  return { diagnostics: own.diagnostics, parts };
}

/** The 1-based line of the .nix text that an offset of a part's made text is written on. */
export function partLine(p: NixPart, offset: number): number {
  return p.index.position(p.file.text.span(offset, 0).from).line + 1;
}

/**
 * A diagnostic of the joint tree's file `path`, placed in the document it is
 * written in: a part's on its .nix text (undefined when it touches a value
 * not judged), a tmpfiles.d file's as it is, and related locations in other
 * .nix files' parts moved onto those files.
 */
export function placeJoint(d: CoreDiagnostic, path: string, parts: Map<string, NixPart>): CoreDiagnostic | undefined {
  const moved = toDocuments(d, path, parts);
  const p = parts.get(path);
  if (!p) return moved;
  return placeOnNix(moved, p.file, p.siblings, p.doc.text, (o) => p.index.position(o).line + 1);
}

/**
 * Checks .nix files and tmpfiles.d files together. Without tmpfiles.d files
 * and with one .nix file this is checkNix.
 */
export function checkNixTree(
  docs: NixDocument[],
  conf: TreeFile[],
  options: Omit<CheckOptions, "fileName"> = {},
): NixTreeResult {
  const parts = new Map<string, NixPart>();
  const nix = new Map<string, CoreDiagnostic[]>();
  for (const doc of docs) {
    const share = nixShare(doc, options);
    for (const p of share.parts) parts.set(p.path, p);
    nix.set(doc.name, share.diagnostics);
  }
  const files: TreeFile[] = [
    ...[...parts.values()].map((p) => ({ path: p.path, text: p.file.text.text, part: true })),
    ...conf,
  ];
  const run = checkTree(files, options);
  // The line index of a tmpfiles.d file is made once, for the first of its lines a conflict names.
  const confIndexes = new Map<string, LineIndex>();
  const confText = new Map(conf.map((c) => [c.path, c.text]));
  const lineIn = (path: string, offset: number): number => {
    const p = parts.get(path);
    if (p) return partLine(p, offset);
    let index = confIndexes.get(path);
    if (!index) confIndexes.set(path, (index = new LineIndex(confText.get(path) ?? "")));
    return index.position(offset).line + 1;
  };
  const extra = keptSideDiagnostics(run, lineIn);
  const out: TreeFileResult[] = [];
  for (const r of run) {
    const placed = [...r.diagnostics, ...(extra.get(r.path) ?? [])].flatMap((d) => placeJoint(d, r.path, parts) ?? []);
    const p = parts.get(r.path);
    if (p) nix.get(p.doc.name)!.push(...placed);
    else out.push({ ...r, diagnostics: placed.sort(compareDiagnostics) });
  }
  for (const list of nix.values()) list.sort(compareDiagnostics);
  return { nix, conf: out };
}

/**
 * A diagnostic of the joint tree with its related locations in the documents
 * they are written in: a span of another .nix file's part moves onto that
 * file's text, and messages name that file and its line.
 */
function toDocuments(d: CoreDiagnostic, path: string, parts: Map<string, NixPart>): CoreDiagnostic {
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
    message = message.replace(/^(line \d+|\S+:\d+) /, `${p.doc.name}:${partLine(p, rel.offset)} `);
    return { file: p.doc.name, offset: s.from, length: s.to - s.from, message: rel.message };
  });
  for (const [full, p] of parts) message = message.split(full).join(p.doc.name);
  return { ...d, message, related };
}
