/**
 * The language server: one `ServerState` per connection (state.ts), and
 * the table of which handler answers which message. Each handler is a
 * plain function of handlers/*.ts that takes the state and the message's
 * parameters as they came (it validates them); guard.ts runs it.
 */
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InitializedNotification,
  SemanticTokensDeltaRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  type CancellationToken,
  type Connection,
  type NotificationType,
  type RequestType,
} from "vscode-languageserver/node";
import {
  GeneratePreviewRequest,
  PlanPreviewRequest,
  ServerStatusRequest,
  TargetFactsNotification,
} from "../protocol.js";
import { guardNotification, guardRequest } from "./guard.js";
import { codeActions } from "./handlers/codeActions.js";
import { completion } from "./handlers/completion.js";
import { changed, closed, opened, watchedFilesChanged } from "./handlers/documents.js";
import { formatting } from "./handlers/formatting.js";
import { hover } from "./handlers/hover.js";
import { configurationChanged, initialize, initialized, targetFacts } from "./handlers/lifecycle.js";
import { generatePreview, planPreview } from "./handlers/previews.js";
import { semanticTokensDelta, semanticTokensFull, semanticTokensRange } from "./handlers/semanticTokens.js";
import { serverStatus } from "./handlers/status.js";
import { documentSymbols } from "./handlers/symbols.js";
import { ServerState } from "./state.js";

type Handler = (state: ServerState, params: unknown, token?: CancellationToken) => unknown;

const REQUESTS: [RequestType<unknown, unknown, unknown>, Handler][] = [
  [HoverRequest.type, hover],
  [CompletionRequest.type, completion],
  [CodeActionRequest.type, codeActions],
  [DocumentSymbolRequest.type, documentSymbols],
  [DocumentFormattingRequest.type, formatting],
  [SemanticTokensRequest.type, semanticTokensFull],
  [SemanticTokensDeltaRequest.type, semanticTokensDelta],
  [SemanticTokensRangeRequest.type, semanticTokensRange],
  [GeneratePreviewRequest, generatePreview],
  [PlanPreviewRequest, planPreview],
  [ServerStatusRequest, serverStatus],
];

const NOTIFICATIONS: [NotificationType<unknown>, Handler][] = [
  [InitializedNotification.type, initialized],
  [DidChangeConfigurationNotification.type, configurationChanged],
  [DidChangeWatchedFilesNotification.type, watchedFilesChanged],
  [TargetFactsNotification, targetFacts],
];

/** `loadedMs`: when the server's code had loaded, in ms since its process started (startUp.ts). */
export function startServer(connection: Connection, loadedMs?: number): void {
  const state = new ServerState(connection);
  if (loadedMs !== undefined) state.startUp = { loadedMs };
  connection.onInitialize((params) => initialize(state, params));
  for (const [type, run] of REQUESTS)
    connection.onRequest(
      type,
      guardRequest(state, type.method, (params, token) => run(state, params, token)),
    );
  for (const [type, run] of NOTIFICATIONS)
    connection.onNotification(
      type,
      guardNotification(state, type.method, (params) => run(state, params)),
    );
  // TextDocuments applies didOpen, didChange and didClose, then calls these.
  const { documents } = state;
  documents.onDidOpen(guardNotification(state, "textDocument/didOpen", (e) => opened(state, e)));
  documents.onDidChangeContent(guardNotification(state, "textDocument/didChange", (e) => changed(state, e)));
  documents.onDidClose(guardNotification(state, "textDocument/didClose", (e) => closed(state, e)));
  documents.listen(connection);
  connection.listen();
}
