/**
 * The language server: one `ServerState` per connection (state.ts), and a
 * table of which handler answers which message. The handlers live in
 * handlers/*.ts; each runs inside guard.ts's guard.
 */
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, InitializedNotification, type Connection } from "vscode-languageserver/node";
import { ServerStatusRequest, TargetFactsNotification } from "../protocol.js";
import { registerCodeActions } from "./handlers/codeActions.js";
import { registerCompletion } from "./handlers/completion.js";
import { changed, closed, opened, watchedFilesChanged } from "./handlers/documents.js";
import { registerHover } from "./handlers/hover.js";
import { configurationChanged, initialize, initialized, targetFacts } from "./handlers/lifecycle.js";
import { registerPreviews } from "./handlers/previews.js";
import { serverStatus } from "./handlers/status.js";
import { registerWholeDocumentHandlers } from "./handlers/wholeDocument.js";
import { guardNotification } from "./guard.js";
import { ServerState } from "./state.js";

export function startServer(connection: Connection): void {
  const state = new ServerState(connection);
  const notify = <P>(name: string, fn: (state: ServerState, params: P) => unknown) => guardNotification<P>(state, name, (p) => fn(state, p));

  connection.onInitialize((params) => initialize(state, params));
  connection.onNotification(InitializedNotification.type, notify(InitializedNotification.method, initialized));
  connection.onNotification(DidChangeConfigurationNotification.type, notify(DidChangeConfigurationNotification.method, configurationChanged));
  connection.onNotification(DidChangeWatchedFilesNotification.type, notify(DidChangeWatchedFilesNotification.method, watchedFilesChanged));
  connection.onNotification(TargetFactsNotification, notify(TargetFactsNotification.method, targetFacts));
  connection.onRequest(ServerStatusRequest, state.guard(ServerStatusRequest.method, (raw: unknown) => serverStatus(state, raw)));

  registerHover(state);
  registerPreviews(state);
  registerCodeActions(state);
  registerCompletion(state);
  const wholeDocument = registerWholeDocumentHandlers(state);

  state.documents.onDidOpen(notify("textDocument/didOpen", opened));
  state.documents.onDidChangeContent(notify("textDocument/didChange", changed));
  state.documents.onDidClose(notify("textDocument/didClose", (s, e: Parameters<typeof closed>[1]) => closed(s, e, wholeDocument.forget)));
  state.documents.listen(connection);
  connection.listen();
}
