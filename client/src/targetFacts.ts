/**
 * `tmpfiles.systemdVersion: auto` with `tmpfiles.remote.host` set: the rules
 * are those of the host the dry-runs target. The client asks each such host
 * once (`systemd-tmpfiles --version` over ssh, versionCommandLine), keeps the
 * answer per host, and tells the server (tmpfiles/targetFacts), again after
 * the server restarts. Nothing runs in an untrusted workspace; a host that
 * did not answer is asked again when the tmpfiles.remote settings change.
 */
import * as os from "node:os";
import * as vscode from "vscode";
import type { TargetFactsParams } from "../../server/src/protocol";
import { targetFromSettings, versionCommandLine, type DryRunTarget } from "./dryRun/commandLine";
import { runToEnd } from "./dryRun/process";
import { releaseFacts } from "./dryRun/targetRelease";

/** How long a host has to answer `systemd-tmpfiles --version`. */
const PROBE_TIMEOUT_MS = 20_000;

export class TargetFacts implements vscode.Disposable {
  private readonly asked = new Map<string, Promise<TargetFactsParams>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Sends the facts to the server when it is running; returns false when it is not. */
    private readonly send: (facts: TargetFactsParams) => boolean,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("tmpfiles.remote")) void this.forgetFailures().then(() => this.refresh());
        else if (e.affectsConfiguration("tmpfiles.systemdVersion")) this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** The ssh targets of the folders (or the window) whose release is `auto`. */
  private targets(): Extract<DryRunTarget, { kind: "ssh" }>[] {
    const scopes: (vscode.WorkspaceFolder | undefined)[] = vscode.workspace.workspaceFolders?.length ? [...vscode.workspace.workspaceFolders] : [undefined];
    const out = new Map<string, Extract<DryRunTarget, { kind: "ssh" }>>();
    for (const folder of scopes) {
      const cfg = vscode.workspace.getConfiguration("tmpfiles", folder?.uri);
      const version = cfg.get<unknown>("systemdVersion");
      if (version !== undefined && version !== null && version !== "auto") continue;
      try {
        const target = targetFromSettings(
          { host: cfg.get("remote.host"), sshConfig: cfg.get("remote.sshConfig") },
          { ...(folder ? { workspaceFolder: folder.uri.fsPath } : {}), home: os.homedir() },
        );
        if (target.kind === "ssh" && !out.has(target.host)) out.set(target.host, target);
      } catch {
        // A host ssh could misread: the server reports the setting; nothing is asked.
      }
    }
    return [...out.values()];
  }

  /** Asks each host not asked yet; sends every answer. */
  refresh(): void {
    if (!vscode.workspace.isTrusted) return;
    for (const target of this.targets()) {
      if (this.asked.has(target.host)) continue;
      const p = this.ask(target);
      this.asked.set(target.host, p);
      void p.then((f) => this.send(f));
    }
  }

  /** Sends every answer again (the server restarted and knows none). */
  resend(): void {
    for (const p of this.asked.values()) void p.then((f) => this.send(f));
  }

  private async ask(target: Extract<DryRunTarget, { kind: "ssh" }>): Promise<TargetFactsParams> {
    const cmd = versionCommandLine(target);
    this.log.info(`Asking ${target.host} for its systemd release (tmpfiles.systemdVersion is auto): ${cmd.display}`);
    const r = await runToEnd(cmd, { timeoutMs: PROBE_TIMEOUT_MS });
    const release = releaseFacts(target.host, r);
    if (release.release !== undefined) this.log.info(`${target.host}: ${release.executable} says systemd ${release.release}.`);
    else this.log.warn(`${target.host}: no systemd release: ${release.problem}; the newest known rules apply.`);
    return { host: target.host, release };
  }

  private async forgetFailures(): Promise<void> {
    for (const [host, p] of [...this.asked]) if ((await p).release?.release === undefined) this.asked.delete(host);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
