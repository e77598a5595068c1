/** The status bar item that shows the systemd release lines are checked against. */
import * as vscode from "vscode";
import { kindOfDocument } from "./selectors";
import { parseSystemdVersion, statusFromServer, statusText, type ServerReleaseStatus } from "./settings";

export type ServerState = "starting" | "running" | "restarting" | "stopped";

export class SystemdStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private server: { uri: string | undefined; status: ServerReleaseStatus } | undefined;
  private state: ServerState = "starting";
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires when the status shown may be out of date (another document, a setting): ask the server again. */
  readonly onDidNeedStatus = this.changed.event;

  constructor(commandId: string) {
    this.item = vscode.window.createStatusBarItem("tmpfiles.systemdVersion", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "tmpfiles: target systemd release";
    this.item.command = commandId;
    this.disposables.push(
      this.item,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => {
        this.update();
        if (this.relevantDocument()) this.changed.fire(this.relevantDocument()?.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration("tmpfiles.systemdVersion")) return;
        this.server = undefined;
        this.update();
        this.changed.fire(this.relevantDocument()?.uri);
      }),
    );
    this.update();
  }

  /** The server's answer to tmpfiles/serverStatus for `uri`; undefined forgets it. */
  setServerStatus(uri: string | undefined, status: ServerReleaseStatus | undefined): void {
    this.server = status ? { uri, status } : undefined;
    this.update();
  }

  /** The active document when it is one the server checks. */
  relevantDocument(): vscode.TextDocument | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc === undefined) return undefined;
    const relevant = kindOfDocument(doc) !== undefined;
    return relevant ? doc : undefined;
  }

  setServerState(state: ServerState): void {
    this.state = state;
    this.update();
  }

  update(): void {
    const doc = this.relevantDocument();
    if (doc === undefined) {
      this.item.hide();
      return;
    }
    const fromServer = this.server && this.server.uri === doc.uri.toString() ? this.server.status : undefined;
    const raw = vscode.workspace.getConfiguration("tmpfiles", doc.uri).get<unknown>("systemdVersion");
    const { text, tooltip } = fromServer ? statusFromServer(fromServer) : statusText(parseSystemdVersion(raw));
    switch (this.state) {
      case "running":
        this.item.text = text;
        this.item.tooltip = tooltip;
        break;
      case "starting":
      case "restarting":
        this.item.text = `$(sync~spin) ${text}`;
        this.item.tooltip = `The tmpfiles language server is ${this.state}. ${tooltip}`;
        break;
      case "stopped":
        this.item.text = `$(error) ${text}`;
        this.item.tooltip = 'The tmpfiles language server is not running: run "tmpfiles: Restart Language Server".';
        break;
    }
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
