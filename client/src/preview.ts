/**
 * "Preview Generated tmpfiles.d": the snippet a manifest becomes, computed by
 * the server (tmpfiles/generatePreview) and shown as a read-only document
 * of the language `tmpfiles` (so it is highlighted and checked), updated as
 * the manifest changes. It opens with the manifest's verdict (its errors,
 * and the entries that make no line), whose problems are diagnostics of the
 * preview. Go to Definition on a preview line opens the
 * manifest entry it comes from.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { commentLines } from "../../server/src/core/manifest/quote";
import { GeneratePreviewRequest, type GeneratedLineLink, type GeneratePreviewResult } from "../../server/src/protocol";
import { previewDiagnostics } from "./previewProblems";
import { PREVIEW_SCHEME, TMPFILES_LANGUAGE } from "./selectors";

/** The preview URI of a manifest: its path ends in `.tmpfiles` (the language), its query names the manifest. */
export function previewUri(manifest: vscode.Uri): vscode.Uri {
  const base = manifest.path.split("/").pop() ?? "manifest";
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/generated/${base}.tmpfiles`, query: manifest.toString() });
}

function manifestOf(preview: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(preview.query);
}

export class GeneratedPreviewProvider
  implements vscode.TextDocumentContentProvider, vscode.DefinitionProvider, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Links of each open preview (by preview URI), from the server's last answer. */
  private readonly links = new Map<string, GeneratedLineLink[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The manifest's problems, on the verdict lines the preview opens with. */
  private readonly problems = vscode.languages.createDiagnosticCollection("tmpfiles-preview");

  /** `client` resolves to the running client, waiting while it starts; undefined when it is stopped. */
  constructor(private readonly client: () => Promise<LanguageClient | undefined>) {
    this.disposables.push(
      this.changed,
      this.problems,
      vscode.workspace.onDidChangeTextDocument((e) => this.manifestChanged(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.manifestChanged(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== PREVIEW_SCHEME) return;
        this.links.delete(d.uri.toString());
        this.problems.delete(d.uri);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const client = await this.client();
    const manifest = manifestOf(uri);
    if (!client)
      return commentLines(
        `The tmpfiles language server is not running; the preview of ${manifest.fsPath} appears once it is.`,
      );
    try {
      const result = await client.sendRequest(GeneratePreviewRequest, { uri: manifest.toString() }, token);
      this.links.set(uri.toString(), result.links);
      this.problems.set(uri, previewDiagnostics(result.problems, result.text, manifest));
      return result.text;
    } catch (err) {
      this.links.delete(uri.toString());
      this.problems.delete(uri);
      const message = err instanceof Error ? err.message : String(err);
      return commentLines(`No tmpfiles.d lines for ${manifest.fsPath}:\n${message}`);
    }
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    if (document.uri.scheme !== PREVIEW_SCHEME) return undefined;
    const link = this.links.get(document.uri.toString())?.find((l) => l.line === position.line);
    if (!link) return undefined;
    const manifest = manifestOf(document.uri);
    return link.entries.map(
      (e) =>
        new vscode.Location(
          manifest,
          new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
        ),
    );
  }

  /** The snippet of `manifest` with its links and the manifest's errors, as the server computes it now. */
  async generated(manifest: vscode.Uri): Promise<GeneratePreviewResult> {
    const client = await this.client();
    if (!client) throw new Error("the tmpfiles language server is not running");
    return client.sendRequest(GeneratePreviewRequest, { uri: manifest.toString() });
  }

  /** Opens (or reveals) the preview of `manifest` beside the editor. */
  async show(manifest: vscode.Uri): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(previewUri(manifest));
    if (doc.languageId !== TMPFILES_LANGUAGE) await vscode.languages.setTextDocumentLanguage(doc, TMPFILES_LANGUAGE);
    return vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: false,
    });
  }

  private manifestChanged(uri: vscode.Uri): void {
    if (uri.scheme === PREVIEW_SCHEME) return;
    const preview = previewUri(uri);
    const key = preview.toString();
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
    if (!open) return;
    clearTimeout(this.timers.get(key));
    // Typing fires a change per keystroke: ask the server once the typing pauses.
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.changed.fire(preview);
      }, 250),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
