/**
 * A small LSP client for tests: starts the bundled server (dist/server.js)
 * with --stdio as a child process and speaks the protocol to it. Waits are
 * for the notification a test expects, with a bounded timeout, never sleeps.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before } from "node:test";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShowMessageRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CancellationToken,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from "vscode-languageserver-protocol/node";

export const ROOT = join(__dirname, "..", "..", "..");
export const SERVER = join(ROOT, "dist", "server.js");

export function serverBuilt(): boolean {
  return existsSync(SERVER);
}

export interface StartOptions {
  /** Files to create in a fresh workspace folder (relative path → text). */
  files?: Record<string, string>;
  /** What the server gets for workspace/configuration of section "tmpfiles". */
  settings?: unknown;
  /** No workspace folder at all. */
  noFolder?: boolean;
  /** Start through the CLI (`tmpfiles-lsp lsp --stdio`) instead of dist/server.js. */
  viaCli?: boolean;
  /** The initialize request's initializationOptions. */
  initializationOptions?: unknown;
  /** Runs on the workspace folder after its files are made, before the server starts (links, FIFOs). */
  prepare?: (folder: string) => void;
  /** The client's general.positionEncodings (left out when undefined). */
  positionEncodings?: string[];
  /** Node's own flags for the server process (before the script). */
  nodeFlags?: readonly string[];
}

type Waiter = { test: () => boolean; resolve: () => void };

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly messages: ShowMessageParams[] = [];
  /** The server's log (window/logMessage), one message each. */
  readonly logs: string[] = [];
  /** Notifications no other handler takes (the server's custom ones, tmpfiles/…). */
  readonly otherNotifications: { method: string; params: unknown }[] = [];
  readonly stderr: string[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  exited: { code: number | null } | undefined;
  /** What the server answered to initialize. */
  initializeResult: InitializeResult | undefined;

  constructor(
    readonly conn: ProtocolConnection,
    readonly child: ChildProcess,
    readonly folder: string,
    public settings: unknown,
  ) {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.poke();
    });
    conn.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p);
      this.poke();
    });
    conn.onRequest(ShowMessageRequest.type, (p) => {
      this.messages.push({ type: p.type, message: p.message });
      this.poke();
      return null;
    });
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings ?? null));
    conn.onRequest("client/registerCapability", () => null);
    conn.onNotification("window/logMessage", (p: { message: string }) => {
      this.logs.push(p.message);
      this.poke();
    });
    conn.onUnhandledNotification((n) => {
      this.otherNotifications.push({ method: n.method, params: n.params });
      this.poke();
    });
    child.on("exit", (code) => {
      this.exited = { code };
      this.poke();
    });
  }

  private poke(): void {
    const ready = this.waiters.filter((w) => w.test());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /** Resolves when `test` holds (checked now and after every notification); rejects after `timeoutMs`. */
  until(what: string, test: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join("").slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  uri(rel: string): string {
    return pathToFileURL(join(this.folder, rel)).href;
  }

  /** Waits for diagnostics of a document (of its current version when open) that satisfy `test`. */
  async diagnosticsOf(
    uri: string,
    test: (d: Diagnostic[]) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    await this.until(
      `diagnostics of ${uri}`,
      () => {
        const p = this.diagnostics.get(uri);
        return (
          p !== undefined &&
          (version === undefined || p.version === undefined || p.version === version) &&
          test(p.diagnostics)
        );
      },
      timeoutMs,
    );
    return this.diagnostics.get(uri)!.diagnostics;
  }

  open(uri: string, text: string, languageId = "tmpfiles"): void {
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    void this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Replaces the whole text (as an incremental change over the full range is awkward to build, a full-content change). */
  change(uri: string, text: string): void {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ text }],
    });
  }

  /** An incremental change: replace a range. */
  edit(
    uri: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): void {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ range, text }],
    });
  }

  close(uri: string): void {
    this.versions.delete(uri);
    void this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** A request; a `token` that is cancelled sends `$/cancelRequest` for it. */
  request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R> {
    return token ? this.conn.sendRequest<R>(method, params, token) : this.conn.sendRequest<R>(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification("exit");
    } catch {
      // already gone
    }
    if (!this.exited) {
      await Promise.race([new Promise((r) => this.child.once("exit", r)), new Promise((r) => setTimeout(r, 3000))]);
      if (!this.exited) this.child.kill();
    }
    this.conn.dispose();
  }
}

export function makeFolder(files: Record<string, string> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), "tmpfiles-lsp-test-"));
  for (const [rel, text] of Object.entries(files)) {
    const p = join(folder, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return folder;
}

/**
 * One server for the tests of a file: started before them, stopped after.
 * `skip` says why they cannot run (the server is not built), else false.
 */
export function serverForFile(options: StartOptions = {}): { skip: string | false; client: () => TestClient } {
  const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
  let c: TestClient | undefined;
  before(async () => {
    if (!skip) c = await startClient(options);
  });
  after(async () => {
    await c?.stop();
  });
  return { skip, client: () => c! };
}

export async function startClient(options: StartOptions = {}): Promise<TestClient> {
  const folder = makeFolder(options.files);
  options.prepare?.(folder);
  // PATH without systemd-tmpfiles keeps "auto" deterministic: the newest release.
  const args = options.viaCli ? [join(ROOT, "dist", "cli.js"), "lsp", "--stdio"] : [SERVER, "--stdio"];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, PATH: "/nonexistent" },
  });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const client = new TestClient(conn, child, folder, options.settings);
  child.stderr.on("data", (d: Buffer) => client.stderr.push(d.toString()));
  conn.listen();
  const folderUri = pathToFileURL(folder).href;
  client.initializeResult = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.noFolder ? null : folderUri,
    workspaceFolders: options.noFolder ? null : [{ uri: folderUri, name: "test" }],
    ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      ...(options.positionEncodings ? { general: { positionEncodings: options.positionEncodings } } : {}),
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: {
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } } },
      },
    },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return client;
}

/** Applies LSP text edits to a text (positions as LSP counts them). */
export function applyTextEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\r" && text[i + 1] === "\n") {
      starts.push(i + 2);
      i++;
    } else if (text[i] === "\n" || text[i] === "\r") starts.push(i + 1);
  }
  const off = (p: { line: number; character: number }): number =>
    Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

/** Splits a fixture with a `|` cursor into text and position. */
export function cursor(fixture: string): { text: string; line: number; character: number } {
  const at = fixture.indexOf("|");
  const text = fixture.slice(0, at) + fixture.slice(at + 1);
  const before = fixture.slice(0, at).split("\n");
  return { text, line: before.length - 1, character: before[before.length - 1]!.length };
}

export { writeFileSync };

/** A diagnostic's message as text: LSP 3.18 lets it be markup, which this server never sends. */
export function messageText(d: { message: string | { value: string } }): string {
  return typeof d.message === "string" ? d.message : d.message.value;
}
