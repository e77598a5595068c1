/**
 * Documents and files coming and going: an opened document stands in for
 * its file, an edited one is checked again, a closed one is checked as it
 * is on disk (or forgotten when it is not there), and a file changed or
 * deleted on disk is read again or forgotten.
 */
import {
  FileChangeType,
  type DidChangeWatchedFilesParams,
  type TextDocumentChangeEvent,
} from "vscode-languageserver/node";
import type { OpenDocument } from "../documentStore.js";
import type { ServerState } from "../state.js";
import { uriToPath } from "../workspace.js";

type DocumentEvent = TextDocumentChangeEvent<OpenDocument>;

export function opened(state: ServerState, { document }: DocumentEvent): void {
  const kind = state.kindOfDocument(document);
  if (!kind) return;
  const f = state.index.entry(document.uri, kind);
  f.uri = document.uri;
  f.open = true;
  // The document stands in for the file on disk (read again on close): a large file is not held twice.
  f.diskText = undefined;
  void state.schedule(f);
}

export function changed(state: ServerState, { document }: DocumentEvent): void {
  const kind = state.kindOfDocument(document);
  const f = kind ? state.index.entry(document.uri, kind) : state.index.get(document.uri);
  if (!f) return;
  if (!kind) {
    // No longer one of ours (a $schema removed): say nothing more about it.
    state.forget(f);
    state.index.remove(document.uri);
    return;
  }
  f.open = true;
  void state.schedule(f);
}

export async function closed(state: ServerState, { document }: DocumentEvent): Promise<void> {
  const f = state.index.get(document.uri);
  state.models.delete(document.uri);
  state.edits.delete(document.uri);
  // Its last semantic tokens were kept for a delta; a closed document gets none.
  state.tokenBuilders.delete(document.uri);
  if (!f) return;
  f.open = false;
  // Checked again as it is on disk, when it is there (an open document's text on disk is not kept).
  await state.index.readFromDisk(f.key);
  if (f.open) return;
  if (f.diskText === undefined) state.removeFile(f, document.uri);
  else void state.schedule(f);
}

export async function watchedFilesChanged(state: ServerState, raw: unknown): Promise<void> {
  const params = raw as DidChangeWatchedFilesParams;
  for (const change of params.changes) {
    const path = uriToPath(change.uri);
    if (!path) continue;
    const existing = state.index.get(change.uri);
    // Changed into something that is not read (a link out of the folder, a FIFO): as if deleted.
    const f = change.type === FileChangeType.Deleted ? undefined : await state.index.readFromDisk(path);
    if (!f) {
      if (!existing) continue;
      existing.diskText = undefined;
      if (!existing.open) state.removeFile(existing, change.uri);
      continue;
    }
    if (!f.open) void state.schedule(f);
  }
}
