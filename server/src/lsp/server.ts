/**
 * The language server: wires a connection to the core. It keeps the open
 * documents (incremental sync) and the workspace index, checks tmpfiles.d
 * files as systemd's trees and manifests on their own, and answers editor
 * requests from a per-document model parsed once per version.
 */
import { PRODUCT_VERSION } from "../version.js";
import {
  CodeActionKind,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentContentChangeEvent,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type CancellationToken,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CoreDiagnostic } from "../core/diagnostic.js";
import { checkManifest, readManifest, type Manifest } from "../core/manifest/index.js";
import { LineIndex } from "../core/text.js";
import { parseForVersion, removeLineFix, type CheckResult } from "../core/tmpfiles/check.js";
import { duplicateElsewhereDiagnostic } from "../core/tmpfiles/tree.js";
import { composeChanges, TmpfilesTree, type FileLines, type TextChange, type TreeInput } from "../core/tmpfiles/incremental.js";
import type { EntryLine, TmpfilesDocument } from "../core/tmpfiles/parse.js";
import { NEWEST_VERSION, OLDEST_VERSION, SINCE } from "../core/versions.js";
import {
  ServerStatusChangedNotification,
  ServerStatusRequest,
  TargetFactsNotification,
  type InitializationOptions,
  type ServerStatusResult,
  type TargetFactsParams,
} from "../protocol.js";
import { choosePositionEncoding, Positions, type ResolveFile } from "./convert.js";
import { registerCompletion } from "./handlers/completion.js";
import { registerCodeActions } from "./handlers/codeActions.js";
import type { HandlerContext } from "./handlers/context.js";
import { registerHover } from "./handlers/hover.js";
import { registerPreviews } from "./handlers/previews.js";
import { registerWholeDocumentHandlers, TOKEN_TYPES } from "./handlers/wholeDocument.js";
import { statusParams, targetFactsParams, validated } from "./params.js";
import { documentKind, type DocumentKind } from "../core/documentKind.js";
import type { Source } from "./previews.js";
import { readSettings, type Settings } from "./settings.js";
import { detectSystemdVersion, type Detected } from "./systemdVersion.js";
import { loadNames, type MachineNames, type Names } from "./userDatabase.js";
import { IdleCollection } from "./idleCollection.js";
import { ResultTable } from "./results.js";
import { keyOf, readText, uriToPath, WorkspaceIndex, type Folder, type IndexedFile } from "./workspace.js";
import { crossCheck, type CrossInput } from "./crossCheck.js";
import type { Problem } from "./problems.js";

export const SERVER_VERSION = PRODUCT_VERSION;


/** What the last check of a file found, for the text it checked. */
interface FileResult {
  file: IndexedFile;
  /** The document version checked, or null for the text on disk. */
  version: number | null;
  text: string;
  index: LineIndex;
  problems: Problem[];
  /** tmpfiles.d: the lines systemd keeps (for the cross-check with manifests), made when asked for. */
  kept?: () => CheckResult["items"];
  manifest?: Manifest;
  /** What was last published (for which version), to skip repeats. */
  published?: { version: number | null; diagnostics: Diagnostic[] };
}

interface Release {
  version: number;
  source: ServerStatusResult["source"];
  detected?: Detected;
}

/** Changes to an open document since its lines were last brought up to date: one range in offsets of `base`, or unknown. */
interface PendingChange {
  base: string;
  change?: TextChange;
  unknown?: boolean;
}

export function startServer(connection: Connection): void {
  /** How positions count, as agreed at initialize. */
  let pos = new Positions("utf-16");
  const edits = new Map<string, PendingChange>();
  // Documents as TextDocuments keeps them, and beside them where each version
  // differs from the text last checked, so a check re-reads only those lines.
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      edits.delete(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      let pending = edits.get(document.uri);
      if (!pending) edits.set(document.uri, (pending = { base: document.getText() }));
      let doc = document;
      for (const raw of changes) {
        // TextDocument counts in UTF-16: a range in another encoding is converted against the text it applies to.
        const c = TextDocumentContentChangeEvent.isIncremental(raw) ? { ...raw, range: { start: pos.inDocument(doc, raw.range.start), end: pos.inDocument(doc, raw.range.end) } } : raw;
        if (!pending.unknown && TextDocumentContentChangeEvent.isIncremental(c)) {
          // TextDocument.update swaps a range that ends before it starts; the change recorded is the one it applies.
          const a = doc.offsetAt(c.range.start);
          const b = doc.offsetAt(c.range.end);
          pending.change = composeChanges(pending.change, Math.min(a, b), Math.max(a, b), c.text.length);
        } else pending.unknown = true;
        doc = TextDocument.update(doc, [c], version);
      }
      return doc;
    },
  });
  const index = new WorkspaceIndex();
  const results = new ResultTable<FileResult>();
  const cross = new Map<string, Problem[]>();
  const models = new Map<string, { key: string; text: string; lines?: FileLines; doc?: TmpfilesDocument; index?: LineIndex }>();
  /** The checked lines of each systemd tree (or file on its own), kept between checks. */
  const trees = new Map<string, TmpfilesTree>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const warned = new Set<string>();
  let pushedSettings: unknown;
  let configurationCapability = false;
  let initializeSeen = false;
  /** Whether the client trusts the workspace (initializationOptions.workspaceTrusted; trusted when it does not say). */
  let workspaceTrusted = true;
  /** Whether the client asked for the custom notifications (initializationOptions.customNotifications; other editors do not know them). */
  let customNotifications = false;
  const statusChanged = (): void => {
    if (customNotifications) void connection.sendNotification(ServerStatusChangedNotification, {});
  };
  let detection: Promise<Detected> | undefined;
  /** Whether the client asks tmpfiles.remote.host for its release (initializationOptions.targetFacts). */
  let targetFacts = false;
  /** What the client learned on each target host (tmpfiles/targetFacts). */
  const hostFacts = new Map<string, TargetFactsParams>();
  let scanned: Promise<void> = Promise.resolve();

  const log = (message: string): void => connection.console.log(message);
  const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
  // Memory the checks left behind is given back once the server is quiet (see idleCollection.ts).
  const idle = new IdleCollection((c) => log(`Idle: ${c.what} ${mb(c.beforeBytes)} -> ${mb(c.afterBytes)} (${c.ms.toFixed(0)} ms).`));
  const logError = (where: string, e: unknown): void => connection.console.error(`${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);

  /** Runs a request handler: bad parameters and exceptions become errors, never a dead server. */
  function guard<P, R, E = void>(name: string, fn: (params: P, token?: CancellationToken) => R | Promise<R>): (params: P, token?: CancellationToken) => Promise<R | ResponseError<E>> {
    return async (params: P, token?: CancellationToken) => {
      // LSP: a request before initialize is answered with ServerNotInitialized.
      if (!initializeSeen) return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server has not been initialized yet.`) as ResponseError<E>;
      try {
        return await fn(params, token);
      } catch (e) {
        if (e instanceof ResponseError) return e as ResponseError<E>;
        logError(name, e);
        return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`) as ResponseError<E>;
      } finally {
        idle.poke();
      }
    };
  }
  function guardNotification<P>(name: string, fn: (params: P) => unknown): (params: P) => void {
    return (params: P) => {
      try {
        const r = fn(params);
        if (r instanceof Promise) r.catch((e: unknown) => logError(name, e));
      } catch (e) {
        logError(name, e);
      }
    };
  }

  function warnOnce(message: string): void {
    if (warned.has(message)) return;
    warned.add(message);
    log(message);
    void connection.window.showWarningMessage(message);
  }

  // ---------------------------------------------------------------- settings

  function settingsFor(scopeUri: string | undefined): Promise<Settings> {
    const key = scopeUri ?? "";
    let p = settingsCache.get(key);
    if (!p) {
      p = (async () => {
        let raw: unknown = (pushedSettings as { tmpfiles?: unknown } | undefined)?.tmpfiles;
        if (configurationCapability) {
          try {
            raw = await connection.workspace.getConfiguration({ ...(scopeUri ? { scopeUri } : {}), section: "tmpfiles" });
          } catch (e) {
            logError("workspace/configuration", e);
          }
        }
        const { settings, problems } = readSettings(raw);
        for (const m of problems) warnOnce(m);
        return settings;
      })();
      settingsCache.set(key, p);
    }
    return p;
  }

  const clampRelease = (r: number): number => Math.min(NEWEST_VERSION, Math.max(OLDEST_VERSION, r));

  async function releaseOf(settings: Settings): Promise<Release> {
    if (settings.systemdVersion !== "auto") return { version: settings.systemdVersion, source: "setting" };
    const host = settings.remote.host;
    if (host !== "" && targetFacts) {
      // The dry-runs run there: its release is the one that counts, not this machine's.
      if (!workspaceTrusted) return { version: NEWEST_VERSION, source: "auto-fallback", detected: { host, problem: `the workspace is not trusted, so ${host} was not asked` } };
      const said = hostFacts.get(host)?.release;
      if (!said) return { version: NEWEST_VERSION, source: "auto-fallback", detected: { host, problem: `${host} has not answered systemd-tmpfiles --version yet` } };
      const detected: Detected = { host, ...said };
      if (said.release === undefined) return { version: NEWEST_VERSION, source: "auto-fallback", detected };
      return { version: clampRelease(said.release), source: "auto-detected", detected };
    }
    if (!detection) {
      detection = detectSystemdVersion();
      void detection.then((d) => {
        log(d.release !== undefined ? `systemd-tmpfiles on PATH is systemd ${d.release}.` : `tmpfiles.systemdVersion is "auto" and ${d.problem ?? "no release was found"}; systemd ${NEWEST_VERSION} rules apply.`);
        statusChanged();
      });
    }
    const d = await detection;
    if (d.release === undefined) return { version: NEWEST_VERSION, source: "auto-fallback", detected: d };
    return { version: clampRelease(d.release), source: "auto-detected", detected: d };
  }

  /** tmpfiles.remote.host's user database when that host is the target, as the client fetched it (pending until then). */
  function machineNames(settings: Settings): MachineNames | undefined {
    const host = settings.remote.host;
    if (host === "" || !targetFacts) return undefined;
    const f = hostFacts.get(host);
    if (!workspaceTrusted || !f || (f.users === undefined && f.groups === undefined && f.userDatabaseProblem === undefined)) return { host, pending: true };
    return { host, ...(f.users ? { users: f.users } : {}), ...(f.groups ? { groups: f.groups } : {}), ...(f.userDatabaseProblem ? { problem: f.userDatabaseProblem } : {}) };
  }

  function namesFor(settings: Settings, folder: Folder | undefined): Names {
    const n = loadNames(settings.userDatabase, folder?.path, { trusted: workspaceTrusted, folders: index.folders.flatMap((f) => (f.path ? [f.path] : [])) }, undefined, machineNames(settings));
    for (const m of n.problems) warnOnce(m);
    return n;
  }

  const scopeOf = (f: IndexedFile): string => f.folder?.uri ?? f.uri;

  // ---------------------------------------------------------------- documents

  function kindOfDocument(doc: TextDocument): DocumentKind | undefined {
    return documentKind(doc.languageId, uriToPath(doc.uri) ?? doc.uri, doc.getText());
  }

  /** The text a file is checked as: the open document's, else the one on disk (empty for a file too large to read, which an open document never is). */
  function textOf(f: IndexedFile): { text: string; version: number | null; tooLarge?: { bytes?: number } } | undefined {
    const doc = f.open ? documents.get(f.uri) : undefined;
    if (doc) return { text: doc.getText(), version: doc.version };
    return f.diskText !== undefined ? { text: f.diskText, version: null, ...(f.tooLarge ? { tooLarge: f.tooLarge } : {}) } : undefined;
  }

  /** The lines last checked for a file, when they are of this text and read with this release's escapes. */
  function checkedLines(f: IndexedFile, text: string, version: number): FileLines | undefined {
    const lines = trees.get(index.groupOf(f) ?? f.key)?.file(f.name)?.lines;
    return lines && lines.text === text && lines.escapes === version >= SINCE.escapesInFields ? lines : undefined;
  }

  /**
   * The parsed model of a tmpfiles.d document for its version and release:
   * the checked lines when they are of this version, else parsed once per version.
   */
  async function model(doc: TextDocument): Promise<{ doc: TmpfilesDocument; lineDoc: (offset: number) => TmpfilesDocument; index: LineIndex; version: number; names: () => Names }> {
    const f = index.entry(doc.uri, "tmpfiles");
    const settings = await settingsFor(scopeOf(f));
    const release = await releaseOf(settings);
    const key = `${doc.version}@${release.version}`;
    const text = doc.getText();
    let m = models.get(doc.uri);
    if (!m || m.key !== key) {
      const lines = checkedLines(f, text, release.version);
      m = { key, text, ...(lines ? { lines } : {}) };
      models.set(doc.uri, m);
    }
    const mm = m;
    const linesNow = (): FileLines | undefined => (mm.lines && mm.lines.text === mm.text ? mm.lines : undefined);
    const fullDoc = (): TmpfilesDocument => (mm.doc ??= linesNow()?.document() ?? parseForVersion(mm.text, release.version));
    const r = results.get(f.key);
    return {
      get doc() {
        return fullDoc();
      },
      lineDoc: (offset) => mm.doc ?? linesNow()?.lineDocument(offset) ?? fullDoc(),
      get index() {
        return (mm.index ??= r && r.text === mm.text ? r.index : new LineIndex(mm.text));
      },
      version: release.version,
      names: () => namesFor(settings, f.folder),
    };
  }

  function openDocument(uri: string): TextDocument {
    const doc = documents.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `The document ${uri} is not open on the server.`);
    return doc;
  }

  // ---------------------------------------------------------------- checking

  function problemsOf(diagnostics: CoreDiagnostic[], uri: string): Problem[] {
    return diagnostics.map((core) => ({
      core,
      fixes: (core.fixes ?? []).map((fx) => ({ title: fx.title, preferred: fx.preferred === true, edits: [{ uri, edits: fx.edits }] })),
    }));
  }

  function store(f: IndexedFile, text: string, version: number | null, problems: Problem[], extra: Partial<FileResult> = {}): FileResult {
    const prev = results.get(f.key);
    const r: FileResult = { file: f, version, text, problems, ...extra, index: extra.index ?? new LineIndex(text), ...(prev?.published !== undefined ? { published: prev.published } : {}) };
    results.set(f.key, r);
    return r;
  }

  /**
   * Checks the tree a tmpfiles.d file belongs to (or the file alone) and
   * stores the problems of every member whose findings may have changed.
   * The tree keeps its lines between checks: an edit re-checks only the lines
   * it touched (see core/tmpfiles/incremental.ts).
   */
  async function checkTmpfilesOf(f: IndexedFile): Promise<IndexedFile[]> {
    const settings = await settingsFor(scopeOf(f));
    const release = await releaseOf(settings);
    const names = namesFor(settings, f.folder);
    const opts = { systemdVersion: release.version, ...(names.database ? { userDatabase: names.database } : {}) };
    const group = index.groupOf(f);
    const treeKey = group ?? f.key;
    let tree = trees.get(treeKey);
    if (!tree || tree.settingsKey !== TmpfilesTree.keyOf(opts)) {
      tree = new TmpfilesTree(opts);
      trees.set(treeKey, tree);
    }
    const members = group ? index.members(group) : [f];
    const texts = new Map<string, { f: IndexedFile; text: string; version: number | null }>();
    const inputs: TreeInput[] = [];
    const changes = new Map<string, { base: string; change: TextChange }>();
    for (const m of members) {
      const t = textOf(m);
      if (!t) continue;
      texts.set(m.name, { f: m, ...t });
      // What changed since the last check, when the editor said so and the tree has the text it changed.
      const pending = edits.get(m.uri);
      let change: TextChange | undefined;
      if (pending && t.version !== null) {
        edits.delete(m.uri);
        if (!pending.unknown && pending.change && tree.file(m.name)?.lines?.text === pending.base) {
          change = pending.change;
          changes.set(m.name, { base: pending.base, change });
        }
      }
      inputs.push({ path: m.name, text: t.text, ...(change ? { change } : {}), ...(t.tooLarge ? { tooLarge: t.tooLarge } : {}) });
    }
    const touched = tree.update(inputs);
    const stored = new Map<string, FileResult>();
    for (const [name, t] of texts) {
      const prev = results.get(t.f.key);
      if (!touched.has(name) && prev && prev.version === t.version && prev.text === t.text) continue;
      const state = tree.file(name);
      if (!state) continue;
      const lines = state.lines;
      // The line index moves along with the change, as the lines do.
      const c = changes.get(name);
      const index = c && prev && prev.text === c.base ? prev.index.changed(t.text, c.change) : undefined;
      stored.set(name, store(t.f, t.text, t.version, problemsOf(state.diagnostics, t.f.uri), { kept: lines ? () => lines.items() : () => [], ...(index ? { index } : {}) }));
    }
    // A conflict between two files shows in both: the kept line learns of the dropped one.
    for (const [name, kept] of stored) {
      for (const { dropped, kept: keptLine } of tree.droppedElsewhere(name)) {
        const from = texts.get(dropped.file.name!);
        const droppedResult = from && results.get(from.f.key);
        if (!from || !droppedResult) continue;
        const droppedLine = dropped.parsed() as EntryLine;
        const d = droppedLine.fields.path!;
        const rel = (keptLine.parsed() as EntryLine).fields.path!;
        const path = dropped.file.name!;
        const lineNo = droppedResult.index.position(d.offset).line + 1;
        kept.problems.push({
          core: duplicateElsewhereDiagnostic(rel, { file: path, line: lineNo, offset: d.offset, length: d.length }),
          fixes: [{ title: `Remove the line ${path}:${lineNo} that systemd ignores`, preferred: false, edits: [{ uri: from.f.uri, edits: removeLineFix(droppedResult.text, droppedLine, "", false).edits }] }],
        });
      }
    }
    return [...stored.values()].map((r) => r.file);
  }

  function checkManifestOf(f: IndexedFile): IndexedFile[] {
    const t = textOf(f);
    if (!t) return [];
    const manifest = readManifest(t.text, f.name);
    store(f, t.text, t.version, problemsOf(checkManifest(manifest, { fileName: f.name }), f.uri), { manifest });
    return [f];
  }

  /** Finds the file a related location names (a member's name in its folder), for ranges and fixes: one lookup each. */
  const resolverFor = (f: IndexedFile): ResolveFile => results.resolverFor(f);

  function allProblems(f: IndexedFile): Problem[] {
    return [...(results.get(f.key)?.problems ?? []), ...(cross.get(f.key) ?? [])];
  }

  function publish(f: IndexedFile): void {
    const r = results.get(f.key);
    if (!r) return;
    const source = f.kind === "manifest" ? "tmpfiles-manifest" : "tmpfiles";
    const resolve = resolverFor(f);
    const diagnostics: Diagnostic[] = allProblems(f).map((p) => pos.diagnostic(p.core, r.index, resolve, source));
    // Unchanged findings for the same version are not sent again; a new version always gets its own.
    const last = r.published;
    if (last && last.version === r.version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) return;
    r.published = { version: r.version, diagnostics };
    void connection.sendDiagnostics({ uri: f.uri, ...(r.version !== null ? { version: r.version } : {}), diagnostics });
  }

  /** Re-runs the cross-check of tmpfiles.d lines and manifests in a folder; returns the files whose findings changed. */
  function runCrossCheck(folder: Folder | undefined): IndexedFile[] {
    const inFolder = [...results.values()].filter((r) => r.file.folder?.uri === folder?.uri);
    const manifests = inFolder.filter((r) => r.manifest).map((r) => ({ id: r.file.key, name: r.file.name, uri: r.file.uri, manifest: r.manifest! }));
    const input: CrossInput = {
      // The kept lines are made only when a manifest can conflict with them.
      tmpfiles: manifests.length ? inFolder.filter((r) => r.kept).map((r) => ({ id: r.file.key, name: r.file.name, uri: r.file.uri, text: r.text, kept: r.kept!() })) : [],
      manifests,
    };
    const found = crossCheck(input);
    const changed: IndexedFile[] = [];
    for (const r of inFolder) {
      const before = JSON.stringify(cross.get(r.file.key) ?? []);
      const now = found.get(r.file.key) ?? [];
      if (JSON.stringify(now) !== before) {
        if (now.length) cross.set(r.file.key, now);
        else cross.delete(r.file.key);
        changed.push(r.file);
      }
    }
    return changed;
  }

  async function check(f: IndexedFile): Promise<void> {
    const touched = f.kind === "tmpfiles" ? await checkTmpfilesOf(f) : checkManifestOf(f);
    const again = runCrossCheck(f.folder);
    for (const t of new Set([...touched, ...again])) publish(t);
  }

  // Checks run one after another, open documents first; a burst of edits to one file makes one check.
  // Between two checks the event loop is given back, so requests are answered while the workspace is checked.
  const pendingOpen = new Map<string, IndexedFile>();
  const pendingRest = new Map<string, IndexedFile>();
  let running: Promise<void> | undefined;
  function schedule(f: IndexedFile): Promise<void> {
    const key = index.groupOf(f) ?? f.key;
    if (documents.get(f.uri)) {
      pendingRest.delete(key);
      pendingOpen.set(key, f);
    } else if (!pendingOpen.has(key)) pendingRest.set(key, f);
    if (!running) {
      running = (async () => {
        await Promise.resolve();
        while (pendingOpen.size || pendingRest.size) {
          const queue = pendingOpen.size ? pendingOpen : pendingRest;
          const [key, next] = queue.entries().next().value as [string, IndexedFile];
          queue.delete(key);
          try {
            await check(next);
          } catch (e) {
            logError(`checking ${next.name}`, e);
          }
          if (pendingOpen.size || pendingRest.size) await new Promise<void>((resolve) => setImmediate(resolve));
        }
        running = undefined;
        idle.poke();
      })();
    }
    return running;
  }

  /** The problems of an open document for its current version (checked now if the last check is older). */
  async function freshResult(doc: TextDocument): Promise<FileResult | undefined> {
    const kind = kindOfDocument(doc);
    if (!kind) return undefined;
    const f = index.entry(doc.uri, kind);
    let r = results.get(f.key);
    if (!r || r.version !== doc.version) {
      await schedule(f);
      r = results.get(f.key);
      if (!r || r.version !== doc.version) {
        await check(f);
        r = results.get(f.key);
      }
    }
    return r;
  }

  function forget(f: IndexedFile): void {
    results.delete(f.key);
    cross.delete(f.key);
    models.delete(f.uri);
    edits.delete(f.uri);
    if (!index.groupOf(f)) trees.delete(f.key);
    void connection.sendDiagnostics({ uri: f.uri, diagnostics: [] });
  }

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize((params): InitializeResult => {
    initializeSeen = true;
    configurationCapability = params.capabilities.workspace?.configuration === true;
    const options = params.initializationOptions as { [K in keyof InitializationOptions]?: unknown } | undefined;
    customNotifications = options?.customNotifications === true;
    pushedSettings = options?.settings;
    workspaceTrusted = options?.workspaceTrusted !== false;
    targetFacts = options?.targetFacts === true;
    const folders: Folder[] = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "" }] : [])).map((w) => {
      const path = uriToPath(w.uri);
      return { uri: w.uri, ...(path ? { path } : {}) };
    });
    index.setFolders(folders);
    pos = new Positions(choosePositionEncoding(params.capabilities.general?.positionEncodings));
    return {
      serverInfo: { name: "tmpfiles-lsp", version: SERVER_VERSION },
      capabilities: {
        positionEncoding: pos.encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["%", ":", "+", ",", "~", "\""] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: TOKEN_TYPES, tokenModifiers: [] }, full: { delta: true }, range: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
      },
    };
  });

  connection.onInitialized(
    guardNotification("initialized", async () => {
      scanned = (async () => {
        const found = await index.scan();
        log(`Indexed ${found.length} tmpfiles.d files and manifests in ${index.folders.length} workspace folder(s).`);
        for (const f of found) void schedule(f);
        await running;
      })();
      await scanned;
    }),
  );

  connection.onDidChangeConfiguration(
    guardNotification("workspace/didChangeConfiguration", (params) => {
      pushedSettings = (params as { settings?: unknown }).settings;
      settingsCache.clear();
      models.clear();
      statusChanged();
      for (const r of [...results.values()]) void schedule(r.file);
    }),
  );

  connection.onNotification(
    TargetFactsNotification,
    guardNotification(TargetFactsNotification.method, (raw: unknown) => {
      const r = targetFactsParams.safeParse(raw);
      if (!r.success) {
        logError(TargetFactsNotification.method, new Error(`bad parameters: ${r.error.message}`));
        return;
      }
      const facts = { ...hostFacts.get(r.data.host), ...(r.data as TargetFactsParams) };
      hostFacts.set(facts.host, facts);
      if (r.data.userDatabaseProblem) warnOnce(`The user database of ${facts.host} was not read: ${r.data.userDatabaseProblem}; names are not checked against it.`);
      if (r.data.users || r.data.groups) log(`${facts.host}: ${facts.users?.length ?? 0} user and ${facts.groups?.length ?? 0} group names.`);
      const said = r.data.release;
      if (said) log(said.release !== undefined ? `${facts.host}: systemd-tmpfiles there is systemd ${said.release}.` : `${facts.host}: no release (${said.problem ?? "no answer"}).`);
      models.clear();
      statusChanged();
      for (const f of [...results.values()]) void schedule(f.file);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification("workspace/didChangeWatchedFiles", async (params) => {
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (!path) continue;
        const existing = index.get(change.uri);
        // Changed into something that is not read (a link out of the folder, a FIFO): as if deleted.
        const f = change.type === FileChangeType.Deleted ? undefined : await index.readFromDisk(path);
        if (!f) {
          if (!existing) continue;
          const group = index.groupOf(existing);
          existing.diskText = undefined;
          if (!existing.open) {
            forget(existing);
            index.remove(change.uri);
            const other = group ? index.members(group)[0] : undefined;
            if (other) void schedule(other);
            else runCrossCheck(existing.folder).forEach(publish);
          }
          continue;
        }
        if (!f.open) void schedule(f);
      }
    }),
  );

  documents.onDidOpen(
    guardNotification("textDocument/didOpen", ({ document }) => {
      const kind = kindOfDocument(document);
      if (!kind) return;
      const f = index.entry(document.uri, kind);
      f.uri = document.uri;
      f.open = true;
      // The document stands in for the file on disk (read again on close): a large file is not held twice.
      f.diskText = undefined;
      void schedule(f);
    }),
  );
  documents.onDidChangeContent(
    guardNotification("textDocument/didChange", ({ document }) => {
      const kind = kindOfDocument(document);
      if (kind !== "tmpfiles") edits.delete(document.uri);
      const f = kind ? index.entry(document.uri, kind) : index.get(document.uri);
      if (!f) return;
      if (!kind) {
        // No longer one of ours (a $schema removed): say nothing more about it.
        forget(f);
        index.remove(document.uri);
        return;
      }
      f.open = true;
      void schedule(f);
    }),
  );
  documents.onDidClose(
    guardNotification("textDocument/didClose", async ({ document }) => {
      const f = index.get(document.uri);
      models.delete(document.uri);
      edits.delete(document.uri);
      // Its last semantic tokens were kept for a delta; a closed document gets none.
      wholeDocument.forget(document.uri);
      if (!f) return;
      f.open = false;
      // Checked again as it is on disk, when it is there (an open document's text on disk is not kept).
      await index.readFromDisk(f.key);
      if (f.open) return;
      if (f.diskText === undefined) {
        const group = index.groupOf(f);
        forget(f);
        index.remove(document.uri);
        const other = group ? index.members(group)[0] : undefined;
        if (other) void schedule(other);
        else runCrossCheck(f.folder).forEach(publish);
      } else void schedule(f);
    }),
  );

  // ---------------------------------------------------------------- features

  const handlers: HandlerContext = {
    connection,
    guard,
    openDocument,
    versionNow: (uri) => documents.get(uri)?.version,
    kindOfDocument,
    model,
    positions: () => pos,
    async checked(doc) {
      const r = await freshResult(doc);
      if (!r) return undefined;
      return { uri: r.file.uri, kind: r.file.kind, text: r.text, index: r.index, problems: allProblems(r.file), resolve: resolverFor(r.file) };
    },
    indexOf(uri) {
      const x = results.get(keyOf(uri));
      return x && x.file.uri === uri ? x.index : undefined;
    },
    sourceOf,
  };
  registerHover(handlers);
  registerPreviews(handlers);
  registerCodeActions(handlers);
  registerCompletion(handlers);
  const wholeDocument = registerWholeDocumentHandlers(handlers);

  // ---------------------------------------------------------------- custom requests

  async function sourceOf(uri: string): Promise<Source> {
    const doc = documents.get(uri);
    const path = uriToPath(uri);
    if (doc) return { text: doc.getText(), fileName: path ?? uri };
    const f = index.get(uri);
    if (f?.diskText !== undefined && !f.tooLarge) return { text: f.diskText, fileName: path ?? uri };
    if (path) {
      try {
        return { text: await readText(path), fileName: path };
      } catch (e) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
      }
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `The document ${uri} is not open and is not a file the server can read.`);
  }

  connection.onRequest(
    ServerStatusRequest,
    guard(ServerStatusRequest.method, async (raw: unknown) => {
      const params = validated(statusParams, raw);
      const uri = params?.uri;
      const f = uri ? index.get(uri) : undefined;
      const scope = f ? scopeOf(f) : uri ?? index.folders[0]?.uri;
      const settings = await settingsFor(scope);
      const release = await releaseOf(settings);
      const result: ServerStatusResult = {
        serverVersion: SERVER_VERSION,
        known: { oldest: OLDEST_VERSION, newest: NEWEST_VERSION },
        systemdVersion: release.version,
        source: release.source,
        ...(release.detected ? { detected: release.detected } : {}),
        indexed: index.counts(),
      };
      return result;
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/** The fix-all's title, which says how many lines it takes away. */
