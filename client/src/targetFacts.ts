/**
 * With `tmpfiles.remote.host` set, the files are checked for the host the
 * dry-runs target: with `tmpfiles.systemdVersion: auto` against its release
 * (`systemd-tmpfiles --version` over ssh, versionCommandLine), with
 * `tmpfiles.userDatabase: "target"` (the default) against its user database
 * (`cat -- /etc/passwd`, `cat -- /etc/group`). The client asks each host
 * once, keeps the answers per host, and tells the server
 * (tmpfiles/targetFacts), again after the server restarts. Nothing runs in an
 * untrusted workspace; a host that did not answer is asked again when the
 * tmpfiles.remote settings change.
 */
import * as os from "node:os";
import * as vscode from "vscode";
import type { TargetFactsParams } from "../../server/src/protocol";
import { USER_DATABASE_LIMITS } from "../../server/src/core/readTextFile";
import {
  HOST_GROUP_WORDS,
  HOST_PASSWD_WORDS,
  onTarget,
  targetFromSettings,
  versionCommandLine,
  type DryRunTarget,
} from "./dryRun/commandLine";
import { runToEnd } from "./dryRun/process";
import { releaseFacts, userDatabaseFacts } from "./dryRun/targetRelease";

/** How long a host has to answer `systemd-tmpfiles --version`. */
const PROBE_TIMEOUT_MS = 20_000;

type SshTarget = Extract<DryRunTarget, { kind: "ssh" }>;
type What = "release" | "names";

export class TargetFacts implements vscode.Disposable {
  /** What each host was asked, by host and question. */
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
        else if (e.affectsConfiguration("tmpfiles.systemdVersion") || e.affectsConfiguration("tmpfiles.userDatabase"))
          this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** The ssh targets of the folders (or the window), with what to ask each. */
  private targets(): { target: SshTarget; what: What }[] {
    const scopes: (vscode.WorkspaceFolder | undefined)[] = vscode.workspace.workspaceFolders?.length
      ? [...vscode.workspace.workspaceFolders]
      : [undefined];
    const out = new Map<string, { target: SshTarget; what: What }>();
    for (const folder of scopes) {
      const cfg = vscode.workspace.getConfiguration("tmpfiles", folder?.uri);
      const version = cfg.get<unknown>("systemdVersion");
      const names = cfg.get<unknown>("userDatabase");
      const wants: What[] = [];
      if (version === undefined || version === null || version === "auto") wants.push("release");
      if (
        names === undefined ||
        names === null ||
        names === "target" ||
        (typeof names === "object" && Object.keys(names).length === 0)
      )
        wants.push("names");
      if (wants.length === 0) continue;
      let target: DryRunTarget;
      try {
        target = targetFromSettings(
          { host: cfg.get("remote.host"), sshConfig: cfg.get("remote.sshConfig") },
          { ...(folder ? { workspaceFolder: folder.uri.fsPath } : {}), home: os.homedir() },
        );
      } catch {
        continue; // A host ssh could misread: the server reports the setting; nothing is asked.
      }
      if (target.kind !== "ssh") continue;
      for (const what of wants)
        if (!out.has(`${what} ${target.host}`)) out.set(`${what} ${target.host}`, { target, what });
    }
    return [...out.values()];
  }

  /** Asks each host what it was not asked yet; sends every answer. */
  refresh(): void {
    if (!vscode.workspace.isTrusted) return;
    for (const { target, what } of this.targets()) {
      const key = `${what} ${target.host}`;
      if (this.asked.has(key)) continue;
      const p = what === "release" ? this.askRelease(target) : this.askNames(target);
      this.asked.set(key, p);
      void p.then((f) => this.send(f));
    }
  }

  /** Sends every answer again (the server restarted and knows none). */
  resend(): void {
    for (const p of this.asked.values()) void p.then((f) => this.send(f));
  }

  private async askRelease(target: SshTarget): Promise<TargetFactsParams> {
    const cmd = versionCommandLine(target);
    this.log.info(`Asking ${target.host} for its systemd release (tmpfiles.systemdVersion is auto): ${cmd.display}`);
    const r = await runToEnd(cmd, { timeoutMs: PROBE_TIMEOUT_MS });
    const release = releaseFacts(target.host, r);
    if (release.release !== undefined)
      this.log.info(`${target.host}: ${release.executable} says systemd ${release.release}.`);
    else this.log.warn(`${target.host}: no systemd release: ${release.problem}; the newest known rules apply.`);
    return { host: target.host, release };
  }

  private async askNames(target: SshTarget): Promise<TargetFactsParams> {
    const passwdCmd = onTarget(target, HOST_PASSWD_WORDS, "none");
    const groupCmd = onTarget(target, HOST_GROUP_WORDS, "none");
    this.log.info(
      `Reading the user database of ${target.host} (tmpfiles.userDatabase is "target"): ${passwdCmd.display}; ${groupCmd.display}`,
    );
    const opts = { timeoutMs: PROBE_TIMEOUT_MS, maxStdoutChars: USER_DATABASE_LIMITS.maxBytes };
    const passwd = await runToEnd(passwdCmd, opts);
    const group = await runToEnd(groupCmd, opts);
    const facts = userDatabaseFacts(target.host, passwd, group);
    if (facts.userDatabaseProblem) this.log.warn(`${target.host}: ${facts.userDatabaseProblem}.`);
    else this.log.info(`${target.host}: ${facts.users?.length ?? 0} users, ${facts.groups?.length ?? 0} groups.`);
    return { host: target.host, ...facts };
  }

  private async forgetFailures(): Promise<void> {
    for (const [key, p] of [...this.asked]) {
      const f = await p;
      if ((f.release && f.release.release === undefined) || f.userDatabaseProblem) this.asked.delete(key);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
