/**
 * The parsed model of an open tmpfiles.d document for its version and
 * release: the lines the last check kept when they are of this text, else
 * parsed once per version, and the line index of the last check when it is
 * of this text.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { LineIndex } from "../core/text.js";
import { parseForVersion } from "../core/tmpfiles/check.js";
import type { FileLines } from "../core/tmpfiles/incremental.js";
import type { TmpfilesDocument } from "../core/tmpfiles/parse.js";
import { SINCE } from "../core/versions.js";
import type { DocumentModel } from "./handlers/context.js";
import type { ServerState } from "./state.js";
import type { IndexedFile } from "./workspace.js";

/** What is kept of a model between requests, for one version and release of a document. */
export interface KeptModel {
  /** `version@release`: the model is made again when either changes. */
  key: string;
  text: string;
  lines?: FileLines;
  doc?: TmpfilesDocument;
  index?: LineIndex;
}

/** The lines last checked for a file, when they are of this text and read with this release's escapes. */
function checkedLines(state: ServerState, f: IndexedFile, text: string, version: number): FileLines | undefined {
  const lines = state.trees.get(state.index.groupOf(f) ?? f.key)?.file(f.name)?.lines;
  return lines && lines.text === text && lines.escapes === version >= SINCE.escapesInFields ? lines : undefined;
}

export async function modelOf(state: ServerState, doc: TextDocument): Promise<DocumentModel> {
  const f = state.index.entry(doc.uri, "tmpfiles");
  const settings = await state.settingsOf(f);
  const release = await state.releaseOf(settings);
  const key = `${doc.version}@${release.version}`;
  const text = doc.getText();
  let m = state.models.get(doc.uri);
  if (!m || m.key !== key) {
    const lines = checkedLines(state, f, text, release.version);
    m = { key, text, ...(lines ? { lines } : {}) };
    state.models.set(doc.uri, m);
  }
  const kept = m;
  const linesNow = (): FileLines | undefined => (kept.lines && kept.lines.text === kept.text ? kept.lines : undefined);
  const fullDoc = (): TmpfilesDocument => (kept.doc ??= linesNow()?.document() ?? parseForVersion(kept.text, release.version));
  const r = state.results.get(f.key);
  return {
    get doc() {
      return fullDoc();
    },
    lineDoc: (offset) => kept.doc ?? linesNow()?.lineDocument(offset) ?? fullDoc(),
    get index() {
      return (kept.index ??= r && r.text === kept.text ? r.index : new LineIndex(kept.text));
    },
    version: release.version,
    names: () => state.namesFor(settings, f.folder),
  };
}
