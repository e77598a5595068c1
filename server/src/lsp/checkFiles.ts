/**
 * The checks behind the diagnostics. A tmpfiles.d file is checked with the
 * systemd tree it belongs to (or alone): the tree keeps its lines between
 * checks, so an edit re-checks only the lines it touched (see
 * core/tmpfiles/incremental.ts). A manifest is checked on its own.
 */
import { checkNix } from "../core/nix/check.js";
import type { DocumentKind } from "../core/documentKind.js";
import type { CoreDiagnostic } from "../core/diagnostic.js";
import type { FileFix } from "../core/fixAll.js";
import { checkManifest, readManifest } from "../core/manifest/index.js";
import { removeLineFix } from "../core/tmpfiles/check.js";
import { TmpfilesTree, type TextChange, type TreeInput } from "../core/tmpfiles/incremental.js";
import type { EntryLine } from "../core/tmpfiles/parse.js";
import type { TextLike } from "../core/text.js";
import { duplicateElsewhereDiagnostic } from "../core/tmpfiles/tree.js";
import type { Problem } from "./problems.js";
import type { FileResult } from "./results.js";
import type { ServerState } from "./state.js";
import type { IndexedFile } from "./workspace.js";

/** A diagnostic of a file checked, whose fixes (edits of this file) are made when asked for: most are never asked for. */
class FileProblem implements Problem {
  constructor(
    readonly core: CoreDiagnostic,
    private readonly uri: string,
  ) {}

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

/** Checks the tree of a tmpfiles.d file and stores the results of every member whose findings may have changed; returns those members. */
async function checkTmpfilesOf(state: ServerState, f: IndexedFile): Promise<IndexedFile[]> {
  const settings = await state.settingsOf(f);
  const release = await state.releaseOf(settings);
  const names = state.namesFor(settings, f.folder);
  const group = state.index.groupOf(f);
  const tree = treeOf(state, group ?? f.key, {
    systemdVersion: release.version,
    ...(names.database ? { userDatabase: names.database } : {}),
  });
  const members = group ? state.index.members(group) : [f];
  const texts = new Map<string, { f: IndexedFile; text: TextLike; version: number | null }>();
  const inputs: TreeInput[] = [];
  const changes = new Map<string, { base: TextLike; change: TextChange }>();
  for (const m of members) {
    const t = state.textOf(m);
    if (!t) continue;
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
  // A large file new to the tree comes in steps; between them requests are answered and open documents checked first.
  const steps = tree.updateInSteps(inputs);
  let step = steps.next();
  while (!step.done) {
    await state.queue.pause();
    step = steps.next();
  }
  const touched = step.value;
  const stored = new Map<string, FileResult>();
  for (const [name, t] of texts) {
    const prev = state.results.get(t.f.key);
    if (!touched.has(name) && prev && prev.version === t.version && prev.text === t.text) continue;
    const file = tree.file(name);
    if (!file) continue;
    const lines = file.lines;
    // The line index moves along with the change, as the lines do.
    const c = changes.get(name);
    const index = c && prev && prev.text === c.base ? prev.index.changed(t.text, c.change) : undefined;
    stored.set(
      name,
      state.store(t.f, t.text, t.version, problemsOf(file.diagnostics, t.f.uri), {
        kept: lines ? () => lines.items() : () => [],
        ...(index ? { index } : {}),
      }),
    );
  }
  // A conflict between two files shows in both: the kept line learns of the dropped one.
  for (const [name, kept] of stored) {
    for (const { dropped, kept: keptLine } of tree.droppedElsewhere(name)) {
      const from = texts.get(dropped.file.name!);
      const droppedResult = from && state.results.get(from.f.key);
      if (!from || !droppedResult) continue;
      const droppedLine = dropped.parsed() as EntryLine;
      const d = droppedLine.fields.path!;
      const rel = (keptLine.parsed() as EntryLine).fields.path!;
      const path = dropped.file.name!;
      const lineNo = droppedResult.index.position(d.offset).line + 1;
      kept.problems.push({
        core: duplicateElsewhereDiagnostic(rel, { file: path, line: lineNo, offset: d.offset, length: d.length }),
        fixes: [
          {
            title: `Remove the line ${path}:${lineNo} that systemd ignores`,
            preferred: false,
            edits: [{ uri: from.f.uri, edits: removeLineFix(droppedResult.text, droppedLine, "", false).edits }],
          },
        ],
      });
    }
  }
  return [...stored.values()].map((r) => r.file);
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

/**
 * A .nix document: the tmpfiles.d rules it sets, checked as the files NixOS
 * makes of them (core/nix/check.ts), on its own: an open document, or a
 * closed file the workspace index read (one that mentions `tmpfiles`).
 */
async function checkNixOf(state: ServerState, f: IndexedFile): Promise<IndexedFile[]> {
  const t = state.textOf(f);
  if (!t) return [];
  const settings = await state.settingsOf(f);
  const release = await state.releaseOf(settings);
  const names = state.namesFor(settings, f.folder);
  const { diagnostics, kept } = checkNix(String(t.text), {
    systemdVersion: release.version,
    ...(names.database ? { userDatabase: names.database } : {}),
  });
  state.store(f, t.text, t.version, problemsOf(diagnostics, f.uri), { nixKept: kept });
  return [f];
}

/** The check of each kind of file: stores the results of the files it checked and returns them. */
export const CHECKS: Record<
  DocumentKind,
  (state: ServerState, f: IndexedFile) => Promise<IndexedFile[]> | IndexedFile[]
> = {
  tmpfiles: checkTmpfilesOf,
  manifest: checkManifestOf,
  nix: checkNixOf,
};
