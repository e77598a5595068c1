/**
 * The session: initialize (what the client can do and asks for, and what
 * the server offers), initialized (the workspace is indexed and checked),
 * and what makes every file be checked again: new settings, new facts
 * about the target host.
 */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { PRODUCT_VERSION } from "../../version.js";
import { TargetFactsNotification, type InitializationOptions } from "../../protocol.js";
import { choosePositionEncoding, Positions } from "../convert.js";
import { targetFactsParams } from "../params.js";
import type { ServerState } from "../state.js";
import { uriToPath, type Folder } from "../workspace.js";
import { TOKEN_TYPES } from "./semanticTokens.js";

export function initialize(state: ServerState, params: InitializeParams): InitializeResult {
  state.initialized = true;
  if (state.startUp) state.startUp.initializeMs = performance.now();
  state.configuration.canAsk = params.capabilities.workspace?.configuration === true;
  const options = params.initializationOptions as { [K in keyof InitializationOptions]?: unknown } | undefined;
  state.customNotifications = options?.customNotifications === true;
  state.configuration.changed(options?.settings);
  state.workspaceTrusted = options?.workspaceTrusted !== false;
  state.facts.enabled = options?.targetFacts === true;
  const folders: Folder[] = (
    params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "" }] : [])
  ).map((w) => {
    const path = uriToPath(w.uri);
    return { uri: w.uri, ...(path ? { path } : {}) };
  });
  state.index.setFolders(folders);
  state.pos = new Positions(choosePositionEncoding(params.capabilities.general?.positionEncodings));
  // The release is asked for now, while the editor finishes starting, not when the first file is checked.
  void state.releases.local();
  return {
    serverInfo: { name: "tmpfiles-lsp", version: PRODUCT_VERSION },
    capabilities: {
      positionEncoding: state.pos.encoding,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ["%", ":", "+", ",", "~", '"'] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      semanticTokensProvider: {
        legend: { tokenTypes: TOKEN_TYPES, tokenModifiers: [] },
        full: { delta: true },
        range: true,
      },
      workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
    },
  };
}

/** Indexes the workspace folders and checks what they hold. */
export async function initialized(state: ServerState): Promise<void> {
  // Each folder's settings are asked for at once (requests are allowed from now on), beside the scan.
  for (const folder of state.index.folders) void state.configuration.settingsFor(folder.uri);
  const found = await state.index.scan();
  state.log(
    `Indexed ${found.length} tmpfiles.d files and manifests in ${state.index.folders.length} workspace folder(s).`,
  );
  for (const f of found) void state.schedule(f);
  await state.queue.running;
}

export function configurationChanged(state: ServerState, raw: unknown): void {
  state.configuration.changed((raw as { settings?: unknown }).settings);
  state.recheckAll();
}

/** What the client learned on the target host (tmpfiles/targetFacts). */
export function targetFacts(state: ServerState, raw: unknown): void {
  const r = targetFactsParams.safeParse(raw);
  if (!r.success) {
    state.logError(TargetFactsNotification.method, new Error(`bad parameters: ${r.error.message}`));
    return;
  }
  const facts = state.facts.record(r.data);
  if (r.data.userDatabaseProblem)
    state.warnOnce(
      `The user database of ${facts.host} was not read: ${r.data.userDatabaseProblem}; names are not checked against it.`,
    );
  if (r.data.users || r.data.groups)
    state.log(`${facts.host}: ${facts.users?.length ?? 0} user and ${facts.groups?.length ?? 0} group names.`);
  const said = r.data.release;
  if (said)
    state.log(
      said.release !== undefined
        ? `${facts.host}: systemd-tmpfiles there is systemd ${said.release}.`
        : `${facts.host}: no release (${said.problem ?? "no answer"}).`,
    );
  state.recheckAll();
}
