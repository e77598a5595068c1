/**
 * "Preview Activation": the plan from a previous generation to the active
 * manifest (or generated snippet), computed by the server
 * (tmpfiles/planPreview) and shown as a read-only tmpfiles.d document with
 * counts, warnings and links from every path to the entry it comes from.
 *
 * The previous generation is one of: another manifest or generated file of
 * the workspace; the same file at git HEAD (`git show`, an argument list);
 * the /etc of the target host, read over the dry-run's runner (this
 * machine, or ssh to tmpfiles.remote.host), read-only.
 */
import * as os from "node:os";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { commentLines } from "../../../server/src/core/manifest/quote";
import { PlanPreviewRequest, type PlanPreviewResult, type PlanSource } from "../../../server/src/protocol";
import {
  describeTarget,
  gitHeadCommandLine,
  gitWorkTreeCommandLine,
  hostStateCommandLines,
  installHint,
  isInsideWorkTree,
  targetFromSettings,
  type DryRunTarget,
} from "../dryRun/commandLine";
import { findOnPath, runToEnd } from "../dryRun/process";
import { previewDiagnostics } from "../previewProblems";
import { TMPFILES_LANGUAGE, WATCHED_GLOBS } from "../selectors";
import { baselineFromHost, dataLossWarnings, parseCleanList, parseHostState, type HostEntry } from "./hostState";
import { renderPlan, type PlanWarning, type RenderedPlan } from "./render";

export const ACTIVATION_SCHEME = "tmpfiles-activation";
const BASELINE_SCHEME = "tmpfiles-baseline";

/** The previous generation, as the command is given it (by the quick pick, or by an argument). */
export type Baseline = { kind: "file"; uri: vscode.Uri } | { kind: "gitHead" } | { kind: "host" };

/** A plan of one manifest against one previous generation: what it needs read once, and the last answer. */
export interface Held {
  newUri: vscode.Uri;
  baseline: Baseline;
  oldName: string;
  /** Text of a baseline that is no file: git HEAD's text (with its virtual document), or the host's entries. */
  gitText?: { text: string; uri: vscode.Uri };
  host?: { target: DryRunTarget; entries: HostEntry[]; owned: Set<string> };
  /** Where the previous generation's entries are: the file, or git HEAD's virtual document. */
  oldUri?: vscode.Uri | undefined;
  rendered?: RenderedPlan | undefined;
  result?: PlanPreviewResult;
  warnings: PlanWarning[];
}

/** What the last preview showed, for the extension tests. */
export interface ActivationSummary {
  uri: string;
  oldName: string;
  counts: PlanPreviewResult["counts"];
  changes: { path: string; action: string }[];
  warnings: PlanWarning[];
  text: string;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split("/").pop() ?? uri.toString();
}

function fragment(uri: vscode.Uri, line: number, character: number): vscode.Uri {
  return uri.with({ fragment: `L${line + 1},${character + 1}` });
}

export class ActivationPreviews
  implements
    vscode.TextDocumentContentProvider,
    vscode.DocumentLinkProvider,
    vscode.DefinitionProvider,
    vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly held = new Map<string, Held>();
  private readonly baselines = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private last: ActivationSummary | undefined;
  /** The manifests' problems, on the verdict lines an activation preview opens with. */
  private readonly problems = vscode.languages.createDiagnosticCollection("tmpfiles-activation");

  constructor(
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changed,
      this.problems,
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === ACTIVATION_SCHEME) this.problems.delete(d.uri);
      }),
      vscode.workspace.registerTextDocumentContentProvider(ACTIVATION_SCHEME, this),
      vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, {
        provideTextDocumentContent: (u) => this.baselines.get(u.toString()) ?? "",
      }),
      vscode.languages.registerDocumentLinkProvider({ scheme: ACTIVATION_SCHEME }, this),
      vscode.languages.registerDefinitionProvider({ scheme: ACTIVATION_SCHEME }, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.sourceChanged(d.uri)),
    );
  }

  lastShown(): ActivationSummary | undefined {
    return this.last;
  }

  /** Asks for the previous generation (unless given), computes the plan and shows it beside the editor. */
  async preview(newUri: vscode.Uri, given?: Baseline): Promise<vscode.TextEditor | undefined> {
    const baseline = given ?? (await this.pickBaseline(newUri));
    if (!baseline) return undefined;
    const held: Held = { newUri, baseline, oldName: "", warnings: [] };
    await this.prepare(held);
    const uri = vscode.Uri.from({
      scheme: ACTIVATION_SCHEME,
      path: `/activation/${baseName(newUri)}.plan.tmpfiles`,
      query: JSON.stringify({
        new: newUri.toString(),
        old: baseline.kind === "file" ? baseline.uri.toString() : baseline.kind,
      }),
    });
    this.held.set(uri.toString(), held);
    await this.compute(held);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== TMPFILES_LANGUAGE) await vscode.languages.setTextDocumentLanguage(doc, TMPFILES_LANGUAGE);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: false,
    });
    if (held.warnings.length) {
      void vscode.window.showWarningMessage(
        `Activation of ${baseName(newUri)} against ${held.oldName}: ${held.warnings.length} path(s) where data would be lost (${held.warnings
          .slice(0, 3)
          .map((w) => w.path)
          .join(", ")}${held.warnings.length > 3 ? ", …" : ""}).`,
      );
    }
    return editor;
  }

  /** Plans `newUri` against `baseline`, reading what the baseline needs (git HEAD, the host) once. */
  async plan(newUri: vscode.Uri, baseline: Baseline): Promise<Held> {
    const held: Held = { newUri, baseline, oldName: "", warnings: [] };
    await this.prepare(held);
    await this.compute(held);
    return held;
  }

  /** Plans again, with what the baseline read before (the manifests may have changed since). */
  recompute(held: Held): Promise<void> {
    return this.compute(held);
  }

  /** The manifest and previous generation of an open activation report, read as it was (git HEAD's text, the host's entries), planned afresh. */
  async planOfReport(report: vscode.Uri): Promise<Held | undefined> {
    const shown = this.held.get(report.toString());
    if (!shown) return undefined;
    const held: Held = { newUri: shown.newUri, baseline: shown.baseline, oldName: shown.oldName, warnings: [] };
    if (shown.gitText) held.gitText = shown.gitText;
    if (shown.host) held.host = shown.host;
    await this.compute(held);
    return held;
  }

  /** Whether git HEAD can be the previous generation of a file: it is in a git work tree (asked of git, trusted workspaces only). */
  private async inGitWorkTree(file: vscode.Uri): Promise<boolean> {
    if (!findOnPath("git")) return false;
    const path = file.fsPath;
    const cmd = gitWorkTreeCommandLine(path.slice(0, path.lastIndexOf("/")) || "/");
    const r = await runToEnd(cmd, { timeoutMs: 10_000 });
    this.log.info(`activation baseline: ${cmd.display}: ${r.stdout.trim() || `exit status ${r.code}`}`);
    return isInsideWorkTree(r.code, r.stdout);
  }

  async pickBaseline(
    newUri: vscode.Uri,
    title = `Preview Activation of ${baseName(newUri)}: the previous generation`,
  ): Promise<Baseline | undefined> {
    type Item = vscode.QuickPickItem & { baseline?: Baseline; other?: true };
    const target = this.target(newUri);
    const trusted = vscode.workspace.isTrusted;
    const items: Item[] = [
      { label: "$(files) Another manifest or generated file…", description: "of this workspace", other: true },
    ];
    // Untrusted, nothing runs, so whether the file is in a repository is not known: the entry says why it cannot be used.
    if (newUri.scheme === "file" && (!trusted || (await this.inGitWorkTree(newUri)))) {
      items.push({
        label: `$(git-commit) ${baseName(newUri)} at git HEAD`,
        description: trusted ? "the committed version of this file" : "not in an untrusted workspace (runs git)",
        baseline: { kind: "gitHead" },
      });
    }
    items.push({
      label: `$(remote) /etc ${target instanceof Error ? "of the target host" : describeTarget(target, vscode.env.remoteName)}`,
      description:
        target instanceof Error
          ? target.message
          : trusted
            ? "what is installed there now, read-only"
            : "not in an untrusted workspace (runs programs)",
      baseline: { kind: "host" },
    });
    const pick = await vscode.window.showQuickPick(items, { title });
    if (!pick) return undefined;
    if (pick.baseline) return pick.baseline;
    const files = (
      await Promise.all(WATCHED_GLOBS.map((g) => vscode.workspace.findFiles(g, "**/node_modules/**", 500)))
    )
      .flat()
      .filter(
        (u, i, all) => u.toString() !== newUri.toString() && all.findIndex((x) => x.toString() === u.toString()) === i,
      )
      .sort((a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)));
    if (files.length === 0) throw new Error("there is no other manifest or generated file in this workspace");
    const file = await vscode.window.showQuickPick(
      files.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
      { title: "The previous generation: a manifest or a generated tmpfiles.d file" },
    );
    return file ? { kind: "file", uri: file.uri } : undefined;
  }

  private target(scope: vscode.Uri): DryRunTarget | Error {
    try {
      const cfg = vscode.workspace.getConfiguration("tmpfiles.remote", scope);
      const folder =
        vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      return targetFromSettings(
        { host: cfg.get("host"), sshConfig: cfg.get("sshConfig") },
        { ...(folder ? { workspaceFolder: folder } : {}), home: os.homedir() },
      );
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Reads what the baseline needs once: git HEAD's text, or the host's /etc. */
  private async prepare(held: Held): Promise<void> {
    const b = held.baseline;
    if (b.kind === "file") {
      held.oldName = vscode.workspace.asRelativePath(b.uri);
      return;
    }
    if (!vscode.workspace.isTrusted)
      throw new Error(
        "this workspace is not trusted, so neither git nor the host is asked; pick another file as the previous generation",
      );
    if (b.kind === "gitHead") {
      if (held.newUri.scheme !== "file") throw new Error("only a file on disk has a git HEAD version");
      if (!findOnPath("git")) throw new Error(installHint("git", "on this machine"));
      const path = held.newUri.fsPath;
      const dir = path.slice(0, path.lastIndexOf("/")) || "/";
      const name = baseName(held.newUri);
      const cmd = gitHeadCommandLine(dir, name);
      this.log.info(`activation baseline: ${cmd.display}`);
      const r = await runToEnd(cmd, { timeoutMs: 30_000 });
      if (r.code !== 0)
        throw new Error(
          `${cmd.display} failed: ${(r.stderr || r.error?.message || "").trim() || `exit status ${r.code}`}`,
        );
      const uri = vscode.Uri.from({ scheme: BASELINE_SCHEME, path: `/HEAD/${name}`, query: held.newUri.toString() });
      this.baselines.set(uri.toString(), r.stdout);
      held.gitText = { text: r.stdout, uri };
      held.oldName = `${name} at git HEAD`;
      return;
    }
    const target = this.target(held.newUri);
    if (target instanceof Error) throw target;
    const needed = target.kind === "ssh" ? "ssh" : "find";
    if (!findOnPath(needed))
      throw new Error(
        needed === "ssh"
          ? installHint("ssh", "on this machine")
          : "find is not installed on this machine: install findutils.",
      );
    const cmds = hostStateCommandLines(target);
    this.log.info(`activation baseline: ${cmds.entries.display}`);
    const state = await runToEnd(cmds.entries, { timeoutMs: 60_000 });
    // find exits 1 when some directory of /etc cannot be read; what it did read is still good.
    if (state.code !== 0 && state.stdout === "") {
      throw new Error(
        `reading /etc ${describeTarget(target, vscode.env.remoteName)} failed (exit status ${state.code}): ${(state.stderr || state.error?.message || "").trim().slice(0, 500)}`,
      );
    }
    this.log.info(`activation baseline: ${cmds.cleanList.display}`);
    const clean = await runToEnd(cmds.cleanList, { timeoutMs: 30_000 });
    held.host = {
      target,
      entries: parseHostState(state.stdout),
      owned: clean.code === 0 ? parseCleanList(clean.stdout) : new Set(),
    };
    held.oldName = `/etc ${describeTarget(target, vscode.env.remoteName)}`;
  }

  private async compute(held: Held): Promise<void> {
    const client = await this.client();
    if (!client) throw new Error("the tmpfiles language server is not running");
    const request = (old: PlanSource): Promise<PlanPreviewResult> =>
      client.sendRequest(PlanPreviewRequest, { old, new: { uri: held.newUri.toString() } });
    let old: PlanSource;
    let oldUri: vscode.Uri | undefined;
    held.warnings = [];
    switch (held.baseline.kind) {
      case "file":
        old = { uri: held.baseline.uri.toString() };
        oldUri = held.baseline.uri;
        break;
      case "gitHead":
        old = { text: held.gitText!.text, fileName: baseName(held.newUri) };
        oldUri = held.gitText!.uri;
        break;
      case "host": {
        // The paths the new generation writes: its plan against nothing.
        const fresh = await request({ text: "", fileName: "nothing.tmpfiles" });
        const paths = fresh.plan.changes.map((c) => c.path.replace(/^\/etc\//, ""));
        const base = baselineFromHost(held.host!.entries, paths);
        old = { text: base.text, fileName: "host-etc.tmpfiles" };
        break;
      }
    }
    const result = await request(old);
    if (held.host) held.warnings = dataLossWarnings(result.plan.changes, held.host.entries, held.host.owned);
    held.result = result;
    held.rendered = renderPlan(
      result,
      { newName: vscode.workspace.asRelativePath(held.newUri), oldName: held.oldName },
      held.warnings,
    );
    held.oldUri = oldUri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const held = this.held.get(uri.toString());
    if (!held) return "# This activation preview is no longer available: run tmpfiles: Preview Activation again.\n";
    try {
      if (!held.rendered) await this.compute(held);
    } catch (err) {
      this.problems.delete(uri);
      return commentLines(
        `No plan for ${vscode.workspace.asRelativePath(held.newUri)} against ${held.oldName}:\n${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const r = held.result!;
    this.last = {
      uri: uri.toString(),
      oldName: held.oldName,
      counts: r.counts,
      changes: r.plan.changes.map((c) => ({ path: c.path, action: c.action })),
      warnings: held.warnings,
      text: held.rendered!.text,
    };
    const rendered = held.rendered!;
    this.problems.set(
      uri,
      (["new", "old"] as const).flatMap((side) => {
        const manifest = this.targetOf(held, side);
        const mine = rendered.problems.filter((p) => p.side === side).map((p) => p.problem);
        return manifest && mine.length ? previewDiagnostics(mine, rendered.text, manifest) : [];
      }),
    );
    return rendered.text;
  }

  private targetOf(held: Held, side: "new" | "old"): vscode.Uri | undefined {
    return side === "new" ? held.newUri : held.oldUri;
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const held = this.held.get(document.uri.toString());
    if (!held?.rendered) return [];
    const out: vscode.DocumentLink[] = [];
    for (const l of held.rendered.links) {
      const target = this.targetOf(held, l.side);
      if (!target) continue;
      const link = new vscode.DocumentLink(
        new vscode.Range(l.line, l.start, l.line, l.start + l.length),
        fragment(target, l.entry.range.start.line, l.entry.range.start.character),
      );
      link.tooltip = `The ${l.side === "new" ? "entry" : "previous entry"} ${l.entry.target ?? `#${l.entry.index}`} in ${baseName(target)}`;
      out.push(link);
    }
    return out;
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const held = this.held.get(document.uri.toString());
    if (!held?.rendered) return undefined;
    return held.rendered.links
      .filter((l) => l.line === position.line)
      .flatMap((l) => {
        const target = this.targetOf(held, l.side);
        const r = l.entry.range;
        return target
          ? [
              new vscode.Location(
                target,
                new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
              ),
            ]
          : [];
      });
  }

  private sourceChanged(uri: vscode.Uri): void {
    if (uri.scheme === ACTIVATION_SCHEME || uri.scheme === BASELINE_SCHEME) return;
    const key = uri.toString();
    for (const [previewKey, held] of this.held) {
      const oldKey = held.baseline.kind === "file" ? held.baseline.uri.toString() : undefined;
      if (held.newUri.toString() !== key && oldKey !== key) continue;
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === previewKey)) continue;
      clearTimeout(this.timers.get(previewKey));
      this.timers.set(
        previewKey,
        setTimeout(() => {
          this.timers.delete(previewKey);
          held.rendered = undefined;
          this.changed.fire(vscode.Uri.parse(previewKey));
        }, 300),
      );
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
