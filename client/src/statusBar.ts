/** The status bar item that shows the systemd release lines are checked against. */
import * as vscode from "vscode";
import { isManifestDocument, TMPFILES_LANGUAGE } from "./selectors";
import { parseSystemdVersion, statusText } from "./settings";

export type ServerState = "starting" | "running" | "restarting" | "stopped";

export class SystemdStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private detected: number | undefined;
  private state: ServerState = "starting";

  constructor(commandId: string) {
    this.item = vscode.window.createStatusBarItem("tmpfiles.systemdVersion", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "tmpfiles: target systemd release";
    this.item.command = commandId;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("tmpfiles.systemdVersion")) this.update();
      }),
    );
    this.update();
  }

  /** The release the server detected for `auto` (from the typed protocol, once it exists). */
  setDetected(release: number | undefined): void {
    this.detected = release;
    this.update();
  }

  setServerState(state: ServerState): void {
    this.state = state;
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    const relevant =
      doc !== undefined &&
      (doc.languageId === TMPFILES_LANGUAGE || isManifestDocument(doc.languageId, doc.uri.path, doc.getText()));
    if (!relevant) {
      this.item.hide();
      return;
    }
    const raw = vscode.workspace.getConfiguration("tmpfiles", doc.uri).get<unknown>("systemdVersion");
    const { text, tooltip } = statusText(parseSystemdVersion(raw), this.detected);
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
        this.item.tooltip = "The tmpfiles language server is not running: run \"tmpfiles: Restart Language Server\".";
        break;
    }
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
