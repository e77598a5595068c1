/**
 * The view of an open document the features read: its kind's service
 * (core/services.ts) opened on this version and release, with the line
 * index of the last check when it is of this text. Kept until the next
 * version, so what a service parses is parsed once per version.
 */
import { serviceOf } from "../core/services.js";
import type { ServiceInput } from "../core/service.js";
import { LineIndex } from "../core/text.js";
import type { OpenDocument } from "./documentStore.js";
import type { DocumentView } from "./handlers/context.js";
import type { ServerState } from "./state.js";
import { uriToPath } from "./workspace.js";

/** What is kept of a view between requests, for one version and release of a document. */
export interface KeptView {
  /** `kind@version@release`: the view is made again when any changes. */
  key: string;
  view: DocumentView;
}

export async function viewOf(state: ServerState, doc: OpenDocument): Promise<DocumentView | undefined> {
  const kind = state.kindOfDocument(doc);
  if (!kind) return undefined;
  const f = state.index.entry(doc.uri, kind);
  const settings = await state.settingsOf(f);
  const release = await state.releaseOf(settings);
  const key = `${kind}@${doc.version}@${release.version}`;
  const kept = state.models.get(doc.uri);
  if (kept?.key === key) return kept.view;
  // The whole string is made only for a feature that reads it (the checked lines serve hover without it).
  const source = doc.text;
  let index: LineIndex | undefined;
  const input: ServiceInput = {
    get text() {
      return doc.getText();
    },
    source,
    fileName: uriToPath(doc.uri),
    systemdVersion: release.version,
    get index() {
      if (!index) {
        const r = state.results.get(f.key);
        index = r && r.text === source ? r.index : new LineIndex(source);
      }
      return index;
    },
    names: () => state.namesFor(settings, f.folder),
    checkedLines: state.trees.get(state.index.groupOf(f) ?? f.key)?.file(f.name)?.lines,
  };
  const view: DocumentView = {
    kind,
    features: serviceOf(kind).open(input),
    get index() {
      return input.index;
    },
  };
  state.models.set(doc.uri, { key, view });
  return view;
}
