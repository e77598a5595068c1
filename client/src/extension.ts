/**
 * The VS Code client: starts the bundled language server (dist/server.js)
 * over stdio, hands it tmpfiles.d files and etc manifests, shows the target
 * systemd release in the status bar, and starts the server again when it dies.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import {
  ServerStatusChangedNotification,
  ServerStatusRequest,
  TargetFactsNotification,
  type InitializationOptions,
} from "../../server/src/protocol";
import { ACTIVATION_SCHEME, ActivationPreviews, type ActivationSummary, type Baseline } from "./activation/activation";
import { ActivationDiffs, type ActivationDiffSummary } from "./activation/diffView";
import { registerCommands, type CommandContext, type CommandSpec } from "./commands";
import { targetFromSettings } from "./dryRun/commandLine";
import { DryRunTerminals, type DryRunRecord, type ManifestDryRun } from "./dryRun/terminal";
import { GeneratedPreviewProvider, previewUri } from "./preview";
import { RestartPolicy } from "./restartPolicy";
import { SERVER_NODE_FLAGS, ServerStart } from "./serverStart";
import { documentSelector, folderGlobs, kindOfDocument, NIX_GLOBS, PREVIEW_SCHEME, WATCHED_GLOBS } from "./selectors";
import { versionChoices } from "./settings";
import { SystemdStatusBar } from "./statusBar";
import { TargetFacts } from "./targetFacts";

const CLIENT_ID = "tmpfiles";
const CLIENT_NAME = "tmpfiles language server";

export const Commands = {
  restartServer: "tmpfiles.restartServer",
  selectSystemdVersion: "tmpfiles.selectSystemdVersion",
  showOutput: "tmpfiles.showOutput",
  previewGenerated: "tmpfiles.previewGenerated",
  previewActivation: "tmpfiles.previewActivation",
  previewActivationDiff: "tmpfiles.previewActivationDiff",
  dryRun: "tmpfiles.dryRun",
} as const;

let client: LanguageClient | undefined;

/** What `activate` returns to other extensions and to the extension tests. */
export interface TmpfilesExtensionApi {
  /** Process id of the running language server, if one runs. */
  serverPid(): number | undefined;
  /** The last dry-run that ended (its commands, release, exit and output). */
  lastDryRun(): DryRunRecord | undefined;
  /** Fires when a dry-run ends. */
  onDidFinishDryRun: vscode.Event<DryRunRecord>;
  /** What the last activation preview showed. */
  lastActivation(): ActivationSummary | undefined;
  /** What the last activation diff showed. */
  lastActivationDiff(): ActivationDiffSummary | undefined;
}

/** Whether a document is one the language server checks: a tmpfiles.d file or an etc manifest. */
function isOurs(doc: vscode.TextDocument): boolean {
  return kindOfDocument(doc) !== undefined;
}

/** Whether any workspace folder holds a file the server indexes (it checks them before any is opened). */
async function workspaceHasOurFiles(): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  try {
    const found = await Promise.all(
      folders.map((f) =>
        vscode.workspace.findFiles(
          new vscode.RelativePattern(f, `{${folderGlobs(f.uri.path).join(",")}}`),
          "**/node_modules/**",
          1,
        ),
      ),
    );
    return found.some((uris) => uris.length > 0);
  } catch {
    return true;
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- VS Code waits on the promise; a throw here rejects it as before
export async function activate(context: vscode.ExtensionContext): Promise<TmpfilesExtensionApi> {
  const activatedAt = performance.now();
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const statusBar = new SystemdStatusBar(Commands.selectSystemdVersion);
  context.subscriptions.push(output, statusBar);

  const serverModule = context.asAbsolutePath("dist/server.js");
  if (!fs.existsSync(serverModule)) {
    const message = `${CLIENT_NAME}: ${serverModule} is missing; build it with "npm run build".`;
    output.error(message);
    statusBar.setServerState("stopped");
    void vscode.window.showErrorMessage(message);
    const none = new vscode.EventEmitter<DryRunRecord>();
    context.subscriptions.push(none);
    return {
      serverPid: () => undefined,
      lastDryRun: () => undefined,
      onDidFinishDryRun: none.event,
      lastActivation: () => undefined,
      lastActivationDiff: () => undefined,
    };
  }

  const policy = new RestartPolicy();
  const errorHandler: ErrorHandler = {
    error(_error, _message, count): ErrorHandlerResult {
      // A few bad messages in a row are survivable; after that the connection is gone.
      return count !== undefined && count <= 3 ? { action: ErrorAction.Continue } : { action: ErrorAction.Shutdown };
    },
    closed(): CloseHandlerResult {
      const { restart, recent } = policy.onCrash(Date.now());
      if (restart) {
        statusBar.setServerState("restarting");
        const message = `The tmpfiles language server stopped unexpectedly and is being restarted (${recent} of ${policy.max} restarts in 3 minutes).`;
        output.warn(message);
        void vscode.window.showWarningMessage(message, "Show Output").then((pick) => {
          if (pick) output.show(true);
        });
        return { action: CloseAction.Restart, handled: true };
      }
      statusBar.setServerState("stopped");
      const message = `The tmpfiles language server stopped ${recent} times in 3 minutes and is not restarted again.`;
      output.error(message);
      void vscode.window.showErrorMessage(message, "Restart", "Show Output").then((pick) => {
        if (pick === "Restart") void vscode.commands.executeCommand(Commands.restartServer);
        else if (pick) output.show(true);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };

  // stdio, as every other editor runs the server; SERVER_NODE_FLAGS give it the gc its idle collection calls.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: {
      module: serverModule,
      transport: TransportKind.stdio,
      options: { execArgv: [...SERVER_NODE_FLAGS, "--nolazy", "--inspect=6019"] },
    },
  };
  // .nix files too: the index reads the closed ones that set tmpfiles.d rules (finding them does not start the server).
  const watchers = [...WATCHED_GLOBS, ...NIX_GLOBS].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    synchronize: { configurationSection: "tmpfiles", fileEvents: watchers },
    errorHandler,
    markdown: { isTrusted: false, supportHtml: false },
    // The server reads the files tmpfiles.userDatabase names only inside the workspace folders while the workspace is not trusted.
    // customNotifications: this client handles tmpfiles/serverStatusChanged (protocol.ts); other editors are sent none.
    // targetFacts: with `auto` and tmpfiles.remote.host set, this client asks that host for its release (targetFacts.ts).
    initializationOptions: (): InitializationOptions => ({
      workspaceTrusted: vscode.workspace.isTrusted,
      customNotifications: true,
      targetFacts: true,
    }),
  };

  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = languageClient;
  // The status bar shows the release the server says is in force for the active document.
  const refreshStatus = async (uri: vscode.Uri | undefined): Promise<void> => {
    if (languageClient.state !== State.Running) return;
    const key = uri?.toString();
    try {
      const status = await languageClient.sendRequest(ServerStatusRequest, key ? { uri: key } : {});
      statusBar.setServerStatus(key, status);
    } catch (err) {
      output.warn(`tmpfiles/serverStatus failed: ${err instanceof Error ? err.message : String(err)}`);
      statusBar.setServerStatus(key, undefined);
    }
  };
  const activeUri = (): vscode.Uri | undefined => statusBar.relevantDocument()?.uri;
  const targetFacts = new TargetFacts(output, (facts) => {
    if (languageClient.state !== State.Running) return false;
    void languageClient.sendNotification(TargetFactsNotification, facts);
    return true;
  });
  context.subscriptions.push(targetFacts);
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        statusBar.setServerState("running");
        targetFacts.resend();
        targetFacts.refresh();
        void refreshStatus(activeUri());
      } else if (e.newState === State.Starting) statusBar.setServerState("starting");
      else if (e.newState === State.StartFailed) statusBar.setServerState("stopped");
    }),
    statusBar.onDidNeedStatus((uri) => void refreshStatus(uri)),
  );

  // Trust granted: the server starts again, told so, and reads the user database the settings name.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (languageClient.state === State.Running) void languageClient.restart();
    }),
  );

  const ctx: CommandContext = {
    extension: context,
    output,
    client: () => (languageClient.state === State.Running ? languageClient : undefined),
    async restartServer() {
      policy.reset();
      if (!starting) return startServer();
      output.info("Restarting the language server on request.");
      if (languageClient.state === State.Running) await languageClient.restart();
      else await languageClient.start();
    },
  };
  const runningClient = (): Promise<LanguageClient | undefined> => {
    if (languageClient.state === State.Running) return Promise.resolve(languageClient);
    // A command that needs the server starts it, if nothing has yet.
    if (!starting) void startServer();
    if (languageClient.state === State.Stopped && client === undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const sub = languageClient.onDidChangeState((e) => {
        if (e.newState === State.Running) resolve(languageClient);
        else if (e.newState === State.StartFailed || e.newState === State.Stopped) resolve(undefined);
        else return;
        sub.dispose();
      });
    });
  };
  const previews = new GeneratedPreviewProvider(runningClient);
  context.subscriptions.push(
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.languages.registerDefinitionProvider({ scheme: PREVIEW_SCHEME }, previews),
  );
  const activations = new ActivationPreviews(runningClient, output);
  const activationDiffs = new ActivationDiffs(activations);
  const dryRuns = new DryRunTerminals(output);
  context.subscriptions.push(activations, activationDiffs, dryRuns);
  const table: CommandSpec[] = [
    {
      id: Commands.previewGenerated,
      requiresTrust: false,
      async run(_c, arg) {
        const uri = commandTarget(arg, "open an etc manifest first");
        await previews.show(uri);
      },
    },
    {
      id: Commands.previewActivation,
      // Another file as the previous generation works anywhere; git HEAD and the host are refused when untrusted.
      requiresTrust: false,
      async run(_c, arg, baseline) {
        const uri = commandTarget(arg, "open an etc manifest or a generated tmpfiles.d file first");
        await activations.preview(uri, isBaseline(baseline) ? baseline : undefined);
      },
    },
    {
      id: Commands.previewActivationDiff,
      // As Preview Activation: git HEAD and the host are refused when untrusted, another file works anywhere.
      requiresTrust: false,
      async run(_c, arg, baseline) {
        const uri = commandTarget(arg, "open an etc manifest or a generated tmpfiles.d file first");
        await activationDiffs.show(uri, isBaseline(baseline) ? baseline : undefined);
      },
    },
    {
      id: Commands.dryRun,
      requiresTrust: true,
      async run(_c, arg) {
        const uri = commandTarget(arg, "open a tmpfiles.d file or an etc manifest first");
        let doc = await vscode.workspace.openTextDocument(uri);
        let manifest: ManifestDryRun | undefined;
        let text: string | undefined;
        const kind = kindOfDocument(doc);
        if (kind === "manifest") {
          // A manifest runs as the snippet it generates: its preview, with what the manifest check knows beside it.
          const name = doc.uri.path.split("/").pop() ?? "the manifest";
          const generated = await previews.generated(doc.uri);
          await previews.show(doc.uri);
          doc = await vscode.workspace.openTextDocument(previewUri(doc.uri));
          text = generated.text;
          manifest = {
            name,
            copies: generated.links.flatMap((l) =>
              l.copySource !== undefined ? [{ line: l.line + 1, path: l.path, source: l.copySource }] : [],
            ),
            errors: generated.problems.flatMap((p) =>
              p.severity === "error" && p.code !== undefined
                ? [{ line: p.range.start.line + 1, code: p.code, message: p.message }]
                : [],
            ),
          };
        } else if (kind !== "tmpfiles") {
          throw new Error(`${doc.uri.path.split("/").pop()} is neither a tmpfiles.d file nor an etc manifest`);
        }
        const cfg = vscode.workspace.getConfiguration("tmpfiles.remote", uri);
        const folder =
          vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        const target = targetFromSettings(
          { host: cfg.get("host"), sshConfig: cfg.get("sshConfig") },
          { ...(folder ? { workspaceFolder: folder } : {}), home: os.homedir() },
        );
        dryRuns.run({
          target,
          source: doc.uri,
          name: doc.uri.path.split("/").pop() ?? "the file",
          text: text ?? doc.getText(),
          ...(manifest ? { manifest } : {}),
        });
      },
    },
    { id: Commands.restartServer, requiresTrust: false, run: (c) => c.restartServer() },
    { id: Commands.showOutput, requiresTrust: false, run: (c) => c.output.show(true) },
    { id: Commands.selectSystemdVersion, requiresTrust: false, run: selectSystemdVersion },
  ];
  context.subscriptions.push(...registerCommands(ctx, table));

  const updateContext = (editor: vscode.TextEditor | undefined): void => {
    const doc = editor?.document;
    const kind = doc !== undefined ? kindOfDocument(doc) : undefined;
    void vscode.commands.executeCommand("setContext", "tmpfiles.isManifest", kind === "manifest");
    void vscode.commands.executeCommand("setContext", "tmpfiles.canDryRun", kind === "tmpfiles" || kind === "manifest");
    // The report's title bar has the diff's button; an item "when resourceScheme == tmpfiles-activation" did not show there (code-server 4.100).
    void vscode.commands.executeCommand(
      "setContext",
      "tmpfiles.isActivationReport",
      doc?.uri.scheme === ACTIVATION_SCHEME,
    );
  };
  // The editor that caused activation may become active only after activate() runs: follow visible editors too.
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.window.onDidChangeVisibleTextEditors(() => {
      updateContext(vscode.window.activeTextEditor);
      statusBar.update();
    }),
  );
  updateContext(vscode.window.activeTextEditor);
  const setUpMs = performance.now() - activatedAt;

  // The server starts once there is something for it: a tmpfiles.d file or an etc manifest open, or
  // in the workspace. VS Code activates the extension for any JSON file (a manifest is known by its
  // text), and a window with only other JSON files needs no server.
  let starting: Promise<void> | undefined;
  /** The document that started the server, when it was not started at activation. */
  let lazy: string | undefined;
  const startServer = (): Promise<void> =>
    (starting ??= (async () => {
      try {
        const t = performance.now();
        await languageClient.start();
        // How long a user waits, once VS Code has loaded the extension, before the server answers (the benchmark reads this line too).
        if (lazy)
          output.info(
            `Language server started for ${lazy}: ready in ${Math.round(performance.now() - t)} ms (started and initialized).`,
          );
        else
          output.info(
            `Activated in ${Math.round(setUpMs)} ms, language server ready in ${Math.round(performance.now() - activatedAt)} ms (started and initialized).`,
          );
        context.subscriptions.push(
          languageClient.onNotification(ServerStatusChangedNotification, () => void refreshStatus(activeUri())),
        );
        void refreshStatus(activeUri());
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        output.error(`The language server did not start: ${message}`);
        statusBar.setServerState("stopped");
        void vscode.window
          .showErrorMessage(`The tmpfiles language server did not start: ${message}`, "Show Output")
          .then((pick) => {
            if (pick) output.show(true);
          });
      }
    })());
  const start = new ServerStart((why) => {
    if (starting) return; // a command started it already
    if (why.kind !== "openAtActivation") lazy = why.kind === "opened" ? why.name : "the workspace's files";
    void startServer();
  });
  const oursOpen = vscode.workspace.textDocuments.some(isOurs);
  if (!oursOpen) {
    output.info(
      `Activated in ${Math.round(setUpMs)} ms. No tmpfiles.d file or etc manifest is open: the language server starts when one is opened or found in the workspace.`,
    );
    const opened = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!isOurs(doc)) return;
      opened.dispose();
      start.opened(doc.uri.path.split("/").pop() ?? doc.uri.toString());
    });
    context.subscriptions.push(opened);
    // Not awaited: the search can take seconds, and a file opened meanwhile starts the server at once.
    void workspaceHasOurFiles().then((found) => start.searched(found));
  }
  start.activated(oursOpen);
  return {
    serverPid: () => (languageClient.state === State.Running ? languageClient.serverProcess?.pid : undefined),
    lastDryRun: () => dryRuns.lastRun(),
    onDidFinishDryRun: dryRuns.onDidFinish,
    lastActivation: () => activations.lastShown(),
    lastActivationDiff: () => activationDiffs.lastShown(),
  };
}

/** The file a command acts on: the one it was run on (explorer, editor title), else the active editor's; `missing` says what to open. */
function commandTarget(arg: unknown, missing: string): vscode.Uri {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Error(missing);
  return uri;
}

function isBaseline(v: unknown): v is Baseline {
  if (typeof v !== "object" || v === null) return false;
  const kind = (v as { kind?: unknown }).kind;
  return (
    kind === "gitHead" || kind === "host" || (kind === "file" && (v as { uri?: unknown }).uri instanceof vscode.Uri)
  );
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined && c.state !== State.Stopped) await c.stop();
}

async function selectSystemdVersion(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const config = vscode.workspace.getConfiguration("tmpfiles", editor?.document.uri);
  const current = config.get<unknown>("systemdVersion");
  const items = versionChoices().map((v) => ({
    label: v === "auto" ? "auto" : String(v),
    description:
      v === "auto" ? "the release of systemd-tmpfiles found where the workspace lives" : v === current ? "current" : "",
    value: v,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: "Target systemd release for tmpfiles.d checks" });
  if (pick === undefined) return;
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update("systemdVersion", pick.value, target);
}
