/**
 * "Preview Activation as Diff": VS Code's diff editor between the previous
 * generation's snippet and the new one (diffSides.ts), both virtual
 * documents of ACTIVATION_DIFF_SCHEME computed from the server's plan.
 * One tab per manifest: the same two URIs each time (the query names the
 * manifest), refreshed through onDidChange, also as the manifest (or the
 * previous file) changes. The documents are not in the language client's
 * selector, so the server publishes no diagnostics for them.
 */
import * as vscode from "vscode";
import { commentLines } from "../../../server/src/core/manifest/quote";
import { ACTIVATION_DIFF_SCHEME } from "../selectors";
import { ACTIVATION_SCHEME, type ActivationPreviews, type Baseline, type Held } from "./activation";
import { diffPaths, diffSides, diffTitle, type DiffSides } from "./diffSides";

interface Shown {
  held: Held;
  sides: DiffSides;
  /** Why the last plan failed (shown on the new side; the previous side keeps its text). */
  problem?: string;
}

/** What the last diff showed, for the extension tests. */
export interface ActivationDiffSummary {
  manifest: string;
  oldName: string;
  title: string;
  previous: string;
  next: string;
}

function diffUris(manifest: vscode.Uri): { previous: vscode.Uri; next: vscode.Uri } {
  const paths = diffPaths(manifest.path.split("/").pop() ?? "");
  const at = (path: string): vscode.Uri =>
    vscode.Uri.from({ scheme: ACTIVATION_DIFF_SCHEME, path, query: manifest.toString() });
  return { previous: at(paths.previous), next: at(paths.next) };
}

export class ActivationDiffs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** By manifest URI. */
  private readonly shown = new Map<string, Shown>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private last: ActivationDiffSummary | undefined;

  constructor(private readonly plans: ActivationPreviews) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(ACTIVATION_DIFF_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.sourceChanged(d.uri)),
    );
  }

  lastShown(): ActivationDiffSummary | undefined {
    return this.last;
  }

  /**
   * Opens (or refreshes) the diff of a manifest. `from` is the manifest or
   * generated file, or an open activation report (its manifest and previous
   * generation are used), or one side of a diff (the previous generation is
   * asked for again); `given` skips the question.
   */
  async show(from: vscode.Uri, given?: Baseline): Promise<void> {
    let held: Held | undefined;
    if (from.scheme === ACTIVATION_DIFF_SCHEME) from = vscode.Uri.parse(from.query);
    else if (from.scheme === ACTIVATION_SCHEME) {
      if (!given) held = await this.plans.planOfReport(from);
      // A report from before a reload: its query names the manifest.
      if (!held) from = vscode.Uri.parse((JSON.parse(from.query) as { new: string }).new);
    }
    if (!held) {
      const baseline =
        given ??
        (await this.plans.pickBaseline(
          from,
          `Preview Activation of ${from.path.split("/").pop()} as Diff: the previous generation`,
        ));
      if (!baseline) return;
      held = await this.plans.plan(from, baseline);
    }
    const key = held.newUri.toString();
    this.shown.set(key, { held, sides: diffSides(held.result!) });
    const uris = diffUris(held.newUri);
    this.changed.fire(uris.previous);
    this.changed.fire(uris.next);
    const title = diffTitle(vscode.workspace.asRelativePath(held.newUri), held.oldName);
    this.remember(held, title);
    // VS Code keeps the title of an open diff tab of the same two documents: one from another previous generation is closed and opened again where it was.
    let viewColumn: vscode.ViewColumn | undefined;
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      const input = tab.input;
      if (
        !(input instanceof vscode.TabInputTextDiff) ||
        input.original.toString() !== uris.previous.toString() ||
        input.modified.toString() !== uris.next.toString()
      )
        continue;
      if (tab.label === title) continue;
      viewColumn = tab.group.viewColumn;
      await vscode.window.tabGroups.close(tab, true);
    }
    // Otherwise in the active group, as VS Code opens its own diffs: a narrow group beside would show it inline.
    await vscode.commands.executeCommand("vscode.diff", uris.previous, uris.next, title, {
      preview: false,
      ...(viewColumn ? { viewColumn } : {}),
    } satisfies vscode.TextDocumentShowOptions);
  }

  private remember(held: Held, title = this.last?.title ?? ""): void {
    const shown = this.shown.get(held.newUri.toString());
    if (shown)
      this.last = {
        manifest: held.newUri.toString(),
        oldName: held.oldName,
        title,
        previous: shown.sides.previous,
        next: shown.sides.next,
      };
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const shown = this.shown.get(uri.query);
    const side = uri.path === diffUris(vscode.Uri.parse(uri.query)).previous.path ? "previous" : "next";
    if (!shown)
      return commentLines(
        "This activation diff is no longer available: run tmpfiles: Preview Activation as Diff again.",
      );
    if (side === "next" && shown.problem !== undefined) return commentLines(shown.problem);
    return side === "previous" ? shown.sides.previous : shown.sides.next;
  }

  private sourceChanged(uri: vscode.Uri): void {
    if (uri.scheme === ACTIVATION_DIFF_SCHEME) return;
    const key = uri.toString();
    for (const [manifest, shown] of this.shown) {
      const b = shown.held.baseline;
      if (manifest !== key && !(b.kind === "file" && b.uri.toString() === key)) continue;
      const uris = diffUris(shown.held.newUri);
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uris.next.toString())) continue;
      clearTimeout(this.timers.get(manifest));
      // Typing fires a change per keystroke: plan again once the typing pauses.
      this.timers.set(
        manifest,
        setTimeout(() => {
          this.timers.delete(manifest);
          void this.refresh(shown, uris);
        }, 300),
      );
    }
  }

  private async refresh(shown: Shown, uris: { previous: vscode.Uri; next: vscode.Uri }): Promise<void> {
    try {
      await this.plans.recompute(shown.held);
      shown.sides = diffSides(shown.held.result!);
      delete shown.problem;
      this.remember(shown.held);
    } catch (err) {
      shown.problem = `No plan for ${vscode.workspace.asRelativePath(shown.held.newUri)} against ${shown.held.oldName}:\n${err instanceof Error ? err.message : String(err)}`;
    }
    this.changed.fire(uris.previous);
    this.changed.fire(uris.next);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
