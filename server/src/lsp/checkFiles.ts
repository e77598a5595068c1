/**
 * The checks behind the diagnostics. A tmpfiles.d file is checked with the
 * systemd tree it belongs to (or alone): the tree keeps its lines between
 * checks, so an edit re-checks only the lines it touched (see
 * core/tmpfiles/incremental.ts). A .nix file of a folder joins the folder's
 * system tree with the files NixOS makes of it. A manifest is checked on its own.
 */
import { nixShare, partLine, placeJoint, type NixPart, type NixShare } from "../core/nix/tree.js";
import type { DocumentKind } from "../core/documentKind.js";
import { compareDiagnostics, type CoreDiagnostic } from "../core/diagnostic.js";
import type { FileFix } from "../core/fixAll.js";
import { checkManifest, readManifest } from "../core/manifest/index.js";
import { removeLineFix } from "../core/tmpfiles/check.js";
import { TmpfilesTree, type FileLines, type TextChange, type TreeInput } from "../core/tmpfiles/incremental.js";
import { placeDiagnostic } from "../core/tmpfiles/keptLine.js";
import type { EntryLine } from "../core/tmpfiles/parse.js";
import type { TextLike } from "../core/text.js";
import { duplicateElsewhereDiagnostic } from "../core/tmpfiles/tree.js";
import type { Problem } from "./problems.js";
import type { FileResult } from "./results.js";
import type { ServerState } from "./state.js";
import type { IndexedFile } from "./workspace.js";

/**
 * A diagnostic of a file checked, whose fixes (edits of this file) are made
 * when asked for: most are never asked for. A line's own finding is kept as
 * the line keeps it (`lineFinding`, relative to `lineStart`) and placed in
 * the file only when read (`core`): publishing reuses what it made of the
 * kept finding (diagnosticJson.ts), so most are never placed.
 */
class FileProblem implements Problem {
  private placed: CoreDiagnostic | undefined;

  constructor(
    private readonly found: CoreDiagnostic,
    private readonly uri: string,
    readonly lineStart?: number,
  ) {}

  get core(): CoreDiagnostic {
    return (this.placed ??= this.lineStart === undefined ? this.found : placeDiagnostic(this.found, this.lineStart));
  }

  get lineFinding(): CoreDiagnostic | undefined {
    return this.lineStart === undefined ? undefined : this.found;
  }

  get fixes(): FileFix[] {
    return (this.core.fixes ?? []).map((fx) => ({
      title: fx.title,
      preferred: fx.preferred === true,
      edits: [{ uri: this.uri, edits: fx.edits }],
    }));
  }
}

function problemsOf(diagnostics: CoreDiagnostic[], uri: string): Problem[] {
  return diagnostics.map((core) => new FileProblem(core, uri));
}

/** The problems of a tmpfiles.d file's lines, as its lines keep them. */
function lineProblemsOf(lines: FileLines, uri: string): Problem[] {
  const out: Problem[] = [];
  lines.eachDiagnostic((d, lineStart) => out.push(new FileProblem(d, uri, lineStart)));
  return out;
}

/** The tree of `f` for these options, made again when the options changed. */
function treeOf(
  state: ServerState,
  key: string,
  opts: NonNullable<ConstructorParameters<typeof TmpfilesTree>[0]>,
): TmpfilesTree {
  let tree = state.trees.get(key);
  if (!tree || tree.settingsKey !== TmpfilesTree.keyOf(opts)) {
    tree = new TmpfilesTree(opts);
    state.trees.set(key, tree);
  }
  return tree;
}

/** A .nix file's share of its tree: kept with its result, and made again when its text or the settings change. */
function shareOf(state: ServerState, m: IndexedFile, text: TextLike, key: string, options: CheckRun): NixShare {
  const prev = state.results.get(m.key)?.nix;
  if (prev && prev.text === text && prev.key === key) return prev.share;
  return nixShare({ name: m.name, text: String(text) }, options);
}

type CheckRun = NonNullable<ConstructorParameters<typeof TmpfilesTree>[0]>;

/**
 * Checks the tree of a tmpfiles.d or .nix file and stores the results of
 * every member whose findings may have changed; returns those members. The
 * machine files NixOS makes of a .nix file are parts of the tree
 * (core/nix/tree.ts), read with the tmpfiles.d files in systemd's order of
 * names; the parts of several .nix files of one name are read in the order
 * of the .nix files' names.
 */
async function checkTreeOf(state: ServerState, f: IndexedFile): Promise<IndexedFile[]> {
  const settings = await state.settingsOf(f);
  const release = await state.releaseOf(settings);
  if (state.startUp) state.startUp.settledMs ??= performance.now();
  const names = state.namesFor(settings, f.folder);
  const group = state.index.groupOf(f);
  const options: CheckRun = {
    systemdVersion: release.version,
    ...(names.database ? { userDatabase: names.database } : {}),
  };
  const tree = treeOf(state, group ?? f.key, options);
  const members = group ? state.index.members(group) : [f];
  const texts = new Map<string, { f: IndexedFile; text: TextLike; version: number | null }>();
  const nix: { f: IndexedFile; text: TextLike; version: number | null; share: NixShare }[] = [];
  const inputs: TreeInput[] = [];
  const changes = new Map<string, { base: TextLike; change: TextChange }>();
  for (const m of members) {
    const t = state.textOf(m);
    if (!t) continue;
    if (m.kind === "nix") {
      // A .nix file is read whole each time: what its edits changed is not needed.
      state.edits.delete(m.uri);
      nix.push({ f: m, text: t.text, version: t.version, share: shareOf(state, m, t.text, tree.settingsKey, options) });
      continue;
    }
    texts.set(m.name, { f: m, ...t });
    // What changed since the last check, when the editor said so and the tree has the text it changed.
    const pending = state.edits.get(m.uri);
    let change: TextChange | undefined;
    if (pending && t.version !== null) {
      state.edits.delete(m.uri);
      if (!pending.unknown && pending.change && tree.file(m.name)?.lines?.text === pending.base) {
        change = pending.change;
        changes.set(m.name, { base: pending.base, change });
      }
    }
    inputs.push({
      path: m.name,
      text: t.text,
      ...(change ? { change } : {}),
      ...(t.tooLarge ? { tooLarge: t.tooLarge } : {}),
    });
  }
  nix.sort((a, b) => (a.f.name < b.f.name ? -1 : a.f.name > b.f.name ? 1 : 0));
  const parts = new Map<string, NixPart>();
  for (const p of nix.flatMap((n) => n.share.parts)) {
    parts.set(p.path, p);
    inputs.push({ path: p.path, text: p.file.text.text, part: true });
  }
  // A large file new to the tree comes in steps; between them requests are answered and open documents checked first.
  const steps = tree.updateInSteps(inputs);
  let step = steps.next();
  while (!step.done) {
    await state.queue.pause();
    step = steps.next();
  }
  const touched = step.value;
  // A diagnostic of the tree in the document it is written in (a part's on its .nix text).
  const placed = (path: string, diagnostics: CoreDiagnostic[]): CoreDiagnostic[] =>
    parts.size ? diagnostics.flatMap((d) => placeJoint(d, path, parts) ?? []) : diagnostics;
  const stored = new Map<string, { result: FileResult; paths: string[] }>();
  for (const [name, t] of texts) {
    const prev = state.results.get(t.f.key);
    if (!touched.has(name) && prev && prev.version === t.version && prev.text === t.text) continue;
    const file = tree.file(name);
    if (!file) continue;
    const lines = file.lines;
    // The line index moves along with the change, as the lines do.
    const c = changes.get(name);
    const index = c && prev && prev.text === c.base ? prev.index.changed(t.text, c.change) : undefined;
    // A file without .nix parts in its tree is published from its lines' findings as kept.
    const problems =
      lines && !lines.unread && parts.size === 0
        ? lineProblemsOf(lines, t.f.uri)
        : problemsOf(placed(name, file.diagnostics), t.f.uri);
    const result = state.store(t.f, t.text, t.version, problems, {
      kept: lines ? () => lines.items() : () => [],
      ...(index ? { index } : {}),
    });
    stored.set(name, { result, paths: [name] });
  }
  for (const n of nix) {
    const prev = state.results.get(n.f.key);
    const paths = n.share.parts.map((p) => p.path);
    if (prev?.nix?.share === n.share && prev.version === n.version && !paths.some((p) => touched.has(p))) continue;
    const diagnostics = [...n.share.diagnostics, ...paths.flatMap((p) => placed(p, tree.file(p)?.diagnostics ?? []))];
    const result = state.store(n.f, n.text, n.version, problemsOf(diagnostics.sort(compareDiagnostics), n.f.uri), {
      nix: { text: n.text, key: tree.settingsKey, share: n.share },
    });
    stored.set(n.f.name, { result, paths });
  }
  // A conflict between two files shows in both: the kept line learns of the dropped one.
  for (const { result, paths } of stored.values()) {
    for (const path of paths) {
      for (const { dropped, kept } of tree.droppedElsewhere(path)) {
        const from = dropped.file.name!;
        const conf = texts.get(from);
        const confResult = conf && state.results.get(conf.f.key);
        const part = parts.get(from);
        if (!confResult && !part) continue;
        const droppedLine = dropped.parsed() as EntryLine;
        const d = droppedLine.fields.path!;
        const line = confResult ? confResult.index.position(d.offset).line + 1 : partLine(part!, d.offset);
        const rel = (kept.parsed() as EntryLine).fields.path!;
        const [note] = placed(path, [
          duplicateElsewhereDiagnostic(rel, { file: from, line, offset: d.offset, length: d.length }),
        ]);
        if (!note) continue;
        result.problems.push({
          core: note,
          // A .nix string is never removed by a fix.
          fixes: confResult
            ? [
                {
                  title: `Remove the line ${from}:${line} that systemd ignores`,
                  preferred: false,
                  edits: [{ uri: conf.f.uri, edits: removeLineFix(confResult.text, droppedLine, "", false).edits }],
                },
              ]
            : [],
        });
      }
    }
  }
  return [...stored.values()].map((s) => s.result.file);
}

function checkManifestOf(state: ServerState, f: IndexedFile): IndexedFile[] {
  // A manifest is read whole each time: what its edits changed is not needed.
  state.edits.delete(f.uri);
  const t = state.textOf(f);
  if (!t) return [];
  const text = String(t.text);
  const manifest = readManifest(text, f.name);
  state.store(f, text, t.version, problemsOf(checkManifest(manifest, { fileName: f.name }), f.uri), { manifest });
  return [f];
}

/** The check of each kind of file: stores the results of the files it checked and returns them. */
export const CHECKS: Record<
  DocumentKind,
  (state: ServerState, f: IndexedFile) => Promise<IndexedFile[]> | IndexedFile[]
> = {
  tmpfiles: checkTreeOf,
  manifest: checkManifestOf,
  nix: checkTreeOf,
};
