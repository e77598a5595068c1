/**
 * The server's state: the open documents, the workspace index, what the last
 * check of each file found, the check queue and what was published. One
 * `ServerState` is made per connection; the handlers reach it through
 * `HandlerContext` (handlers/context.ts), which it implements.
 */
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from "vscode-languageserver/node";
import { documentKind, type DocumentKind } from "../core/documentKind.js";
import { serviceOf } from "../core/services.js";
import { LineIndex, type TextLike } from "../core/text.js";
import type { TmpfilesTree } from "../core/tmpfiles/incremental.js";
import { ServerStatusChangedNotification } from "../protocol.js";
import { CHECKS } from "./checkFiles.js";
import { Configuration } from "./configuration.js";
import { Positions } from "./convert.js";
import { crossCheckFolder } from "./crossCheck.js";
import { diagnosticsOf, publishParams, samePublished } from "./diagnosticJson.js";
import { trackedDocuments, type OpenDocument, type PendingChange } from "./documentStore.js";
import type { CheckedDocument, DocumentView, HandlerContext } from "./handlers/context.js";
import { collectionMessage, IdleCollection } from "./idleCollection.js";
import { viewOf, type KeptView } from "./model.js";
import type { Source } from "./previews.js";
import type { TokenData } from "./tokenData.js";
import type { Problem } from "./problems.js";
import { CheckQueue } from "./queue.js";
import { detectionMessage, Releases, type Release } from "./release.js";
import { ResultTable, type FileResult } from "./results.js";
import type { Settings } from "./settings.js";
import { TargetFacts } from "./targetFacts.js";
import { loadNames, type Names } from "./userDatabase.js";
import { sourceOf } from "./source.js";
import { startUpMessage, type StartUp } from "./startUp.js";
import { keyOf, uriToPath, WorkspaceIndex, type Folder, type IndexedFile } from "./workspace.js";

export class ServerState implements HandlerContext {
  /** How positions count, as agreed at initialize. */
  pos = new Positions("utf-16");
  /** Whether initialize was received (requests before it are refused). */
  initialized = false;
  /** Whether the client trusts the workspace (initializationOptions.workspaceTrusted; trusted when it does not say). */
  workspaceTrusted = true;
  /** The start-up marks (startUp.ts), in ms since the process started; logged and cleared once the first diagnostics are sent. */
  startUp: StartUp | undefined;
  /** Whether the client asked for the custom notifications (initializationOptions.customNotifications; other editors do not know them). */
  customNotifications = false;

  /** Where each open document differs from the text last checked. */
  readonly edits = new Map<string, PendingChange>();
  readonly documents: TextDocuments<OpenDocument>;
  readonly index = new WorkspaceIndex();
  readonly results = new ResultTable<FileResult>();
  /** The cross-check's problems of each file, by key. */
  readonly cross = new Map<string, Problem[]>();
  /** The view of each open document for its last version asked about, by URI. */
  readonly models = new Map<string, KeptView>();
  readonly tokenBuilders = new Map<string, TokenData>();
  /** The checked lines of each systemd tree (or file on its own), kept between checks. */
  readonly trees = new Map<string, TmpfilesTree>();
  readonly configuration: Configuration;
  readonly facts = new TargetFacts();
  readonly releases: Releases;
  readonly queue: CheckQueue;
  /** Memory the checks left behind is given back once the server is quiet (see idleCollection.ts). */
  readonly idle: IdleCollection;
  private readonly warned = new Set<string>();

  constructor(readonly connection: Connection) {
    this.documents = trackedDocuments(this.edits, () => this.pos);
    this.configuration = new Configuration(connection, {
      warn: (m) => this.warnOnce(m),
      error: (where, e) => this.logError(where, e),
    });
    this.releases = new Releases(this.facts, (d) => {
      this.log(detectionMessage(d));
      this.statusChanged();
    });
    this.idle = new IdleCollection((c) => this.log(collectionMessage(c)));
    this.queue = new CheckQueue(
      (f) => this.check(f),
      (f, e) => this.logError(`checking ${f.name}`, e),
      () => this.idle.poke(),
    );
  }

  // ---------------------------------------------------------------- messages

  log(message: string): void {
    this.connection.console.log(message);
  }

  logError(where: string, e: unknown): void {
    this.connection.console.error(`${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  /** Logs and shows a warning, once per message. */
  warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log(message);
    void this.connection.window.showWarningMessage(message);
  }

  /** Tells a client that asked for it that the status changed. */
  statusChanged(): void {
    if (this.customNotifications) void this.connection.sendNotification(ServerStatusChangedNotification, {});
  }

  // ---------------------------------------------------------------- settings

  settingsOf(f: IndexedFile): Promise<Settings> {
    return this.configuration.settingsFor(f.folder?.uri ?? f.uri);
  }

  releaseOf(settings: Settings): Promise<Release> {
    return this.releases.of(settings, this.workspaceTrusted);
  }

  namesFor(settings: Settings, folder: Folder | undefined): Names {
    const folders = this.index.folders.flatMap((f) => (f.path ? [f.path] : []));
    const n = loadNames(
      settings.userDatabase,
      folder?.path,
      { trusted: this.workspaceTrusted, folders },
      undefined,
      this.facts.machineNames(settings, this.workspaceTrusted),
    );
    for (const m of n.problems) this.warnOnce(m);
    return n;
  }

  // ---------------------------------------------------------------- documents

  positions(): Positions {
    return this.pos;
  }

  kindOfDocument(doc: OpenDocument): DocumentKind | undefined {
    // The name decides most documents; the whole text is made only when it must be read.
    const path = uriToPath(doc.uri) ?? doc.uri;
    return documentKind(doc.languageId, path, undefined) ?? documentKind(doc.languageId, path, doc.getText());
  }

  openDocument(uri: string): OpenDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `The document ${uri} is not open on the server.`);
    return doc;
  }

  versionNow(uri: string): number | undefined {
    return this.documents.get(uri)?.version;
  }

  /** The text a file is checked as: the open document's, else the one on disk (empty for a file too large to read, which an open document never is). */
  textOf(f: IndexedFile): { text: TextLike; version: number | null; tooLarge?: { bytes?: number } } | undefined {
    const doc = f.open ? this.documents.get(f.uri) : undefined;
    if (doc) return { text: doc.text, version: doc.version };
    return f.diskText !== undefined
      ? { text: f.diskText, version: null, ...(f.tooLarge ? { tooLarge: f.tooLarge } : {}) }
      : undefined;
  }

  view(doc: OpenDocument): Promise<DocumentView | undefined> {
    return viewOf(this, doc);
  }

  sourceOf(uri: string): Promise<Source> {
    return sourceOf(this.documents, this.index, uri);
  }

  // ---------------------------------------------------------------- results

  store(
    f: IndexedFile,
    text: TextLike,
    version: number | null,
    problems: Problem[],
    extra: Partial<FileResult> = {},
  ): FileResult {
    const prev = this.results.get(f.key);
    const r: FileResult = {
      file: f,
      version,
      text,
      problems,
      ...extra,
      // A whole text is read as one string (an opened document keeps the one it came as).
      index: extra.index ?? new LineIndex(String(text)),
      ...(prev?.published !== undefined ? { published: prev.published } : {}),
    };
    this.results.set(f.key, r);
    return r;
  }

  /** A file's problems: its own and the cross-check's. */
  allProblems(f: IndexedFile): Problem[] {
    return [...(this.results.get(f.key)?.problems ?? []), ...(this.cross.get(f.key) ?? [])];
  }

  publish(f: IndexedFile): void {
    const r = this.results.get(f.key);
    if (!r) return;
    const source = serviceOf(f.kind).diagnosticSource;
    const resolve = this.results.resolverFor(f);
    const last = r.published;
    const out = diagnosticsOf(this.allProblems(f), this.pos, r.index, resolve, source, last);
    // Unchanged findings for the same version are not sent again; a new version always gets its own.
    if (last && last.version === r.version && samePublished(last.json, out.json)) return;
    r.published = { version: r.version, ...out };
    void this.connection.sendDiagnostics(publishParams(f.uri, r.version, out));
    if (this.startUp) {
      this.log(startUpMessage(this.startUp, performance.now()));
      this.startUp = undefined;
    }
  }

  /** Re-runs the cross-check of tmpfiles.d lines and manifests in a folder; returns the files whose findings changed. */
  runCrossCheck(folder: Folder | undefined): IndexedFile[] {
    return crossCheckFolder(this.results.values(), this.cross, folder);
  }

  // ---------------------------------------------------------------- checking

  async check(f: IndexedFile): Promise<void> {
    const touched = await CHECKS[f.kind](this, f);
    const again = this.runCrossCheck(f.folder);
    for (const t of new Set([...touched, ...again])) this.publish(t);
  }

  /** Queues a check of `f` (open documents first); resolves once that check has run. */
  schedule(f: IndexedFile): Promise<void> {
    return this.queue.add(this.index.groupOf(f) ?? f.key, f, this.documents.get(f.uri) !== undefined);
  }

  /** Checks every file again (the settings or the target changed). */
  recheckAll(): void {
    this.models.clear();
    this.statusChanged();
    for (const r of [...this.results.values()]) void this.schedule(r.file);
  }

  /** The result of an open document for its current version (checked now if the last check is older). */
  private async freshResult(doc: OpenDocument): Promise<FileResult | undefined> {
    const kind = this.kindOfDocument(doc);
    if (!kind) return undefined;
    const f = this.index.entry(doc.uri, kind);
    let r = this.results.get(f.key);
    if (!r || r.version !== doc.version) {
      await this.schedule(f);
      r = this.results.get(f.key);
      if (!r || r.version !== doc.version) {
        await this.check(f);
        r = this.results.get(f.key);
      }
    }
    return r;
  }

  async checked(doc: OpenDocument): Promise<CheckedDocument | undefined> {
    const r = await this.freshResult(doc);
    if (!r) return undefined;
    return {
      uri: r.file.uri,
      kind: r.file.kind,
      text: String(r.text),
      index: r.index,
      problems: this.allProblems(r.file),
      resolve: this.results.resolverFor(r.file),
    };
  }

  indexOf(uri: string): LineIndex | undefined {
    const x = this.results.get(keyOf(uri));
    return x && x.file.uri === uri ? x.index : undefined;
  }

  /** Drops what is kept of a file and clears its diagnostics. */
  forget(f: IndexedFile): void {
    this.results.delete(f.key);
    this.cross.delete(f.key);
    this.models.delete(f.uri);
    this.edits.delete(f.uri);
    if (!this.index.groupOf(f)) this.trees.delete(f.key);
    void this.connection.sendDiagnostics({ uri: f.uri, diagnostics: [] });
  }

  /** A file that is gone (deleted, closed and not on disk): forgotten, and its tree or folder checked without it. */
  removeFile(f: IndexedFile, uri: string): void {
    const group = this.index.groupOf(f);
    this.forget(f);
    this.index.remove(uri);
    const other = group ? this.index.members(group)[0] : undefined;
    if (other) void this.schedule(other);
    else this.runCrossCheck(f.folder).forEach((t) => this.publish(t));
  }
}
