/**
 * The language server driven over stdio as an editor drives it: a workspace
 * with one tmpfiles.d file, opened, then typed into one character at a time
 * (each change waits for its diagnostics), then hovers and completions.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { percentile, summarize, type Summary } from "./measure.js";
import { mulberry32 as rng } from "../test/support/random.js";

export interface ServerFigures {
  lines: number;
  openMs: number;
  edits: number;
  keystroke: { p50: number; p95: number; max: number };
  diagnostics: number;
  hover: { p50: number; p95: number };
  completion: { p50: number; p95: number };
  /** Keystroke → diagnostics while a whole-document semantic tokens request is running. */
  keystrokeDuringTokens: { p50: number; p95: number; max: number };
  /** A whole document's semantic tokens, and those of a visible range (60 lines). */
  tokensFull: { p50: number };
  tokensRange: { p50: number; p95: number };
  /** Resident memory after the edits, and the peak, in KiB. */
  rssKb: number;
  peakRssKb: number;
  /**
   * Resident memory once the server has been left alone (V8 gives memory
   * back some seconds after allocation stops): what an open file costs while
   * nobody types, in KiB.
   */
  settledRssKb: number;
  /** Resident memory once the server has been left alone after opening the file, before any typing. */
  openSettledRssKb: number;
  /** Seconds waited for it. */
  settledAfterS: number;
  all: { keystroke: Summary };
}

function memoryOf(pid: number): { rssKb: number; peakRssKb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { rssKb: field("VmRSS"), peakRssKb: field("VmHWM") };
  } catch {
    return { rssKb: 0, peakRssKb: 0 };
  }
}

/**
 * Waits, polling once a second, until the server's resident memory has not
 * fallen for `quietS` seconds after it last fell (or `maxS` seconds in all).
 */
async function settle(pid: number, quietS = 25, maxS = 60): Promise<{ rssKb: number; seconds: number }> {
  let best = memoryOf(pid).rssKb;
  let since = 0;
  let waited = 0;
  while (since < quietS && waited < maxS) {
    await new Promise((r) => setTimeout(r, 1000));
    waited++;
    const now = memoryOf(pid).rssKb;
    if (now < best - 1024) {
      best = now;
      since = 0;
    } else since++;
  }
  return { rssKb: Math.min(best, memoryOf(pid).rssKb), seconds: waited };
}

export async function benchServer(
  serverJs: string,
  text: string,
  edits: number,
  queries: number,
  nodeArgs: string[] = [],
  settings: Record<string, unknown> = { systemdVersion: 262 },
): Promise<ServerFigures> {
  const folder = mkdtempSync(join(tmpdir(), "tmpfiles-bench-lsp-"));
  const file = join(folder, "tmpfiles.d", "bench.conf");
  mkdirSync(join(folder, "tmpfiles.d"));
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const child = spawn(process.execPath, [...nodeArgs, serverJs, "--stdio"], { stdio: ["pipe", "pipe", "ignore"] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiting: { version: number; resolve: (p: PublishDiagnosticsParams) => void } | undefined;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri && waiting && p.version === waiting.version) {
      const w = waiting;
      waiting = undefined;
      w.resolve(p);
    }
  });
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
  conn.onRequest("client/registerCapability", () => null);
  conn.onNotification("window/logMessage", () => undefined);
  conn.listen();
  const diagnosticsOf = (version: number): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve) => (waiting = { version, resolve }));
  try {
    const folderUri = pathToFileURL(folder).href;
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: "bench" }],
      capabilities: { workspace: { configuration: true } },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    let t = performance.now();
    const opened = diagnosticsOf(1);
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "tmpfiles", version: 1, text },
    });
    await opened;
    const openMs = performance.now() - t;
    // A file opened and left open without typing: what the server keeps once it is quiet.
    const openSettled = await settle(child.pid!);

    // Lines of the text, to place edits and requests inside entry lines.
    const lines = text.split("\n");
    const entryLines = lines.map((l, i) => (l.startsWith("#") || l.trim() === "" ? -1 : i)).filter((i) => i >= 0);
    const r = rng(1);
    const latencies: number[] = [];
    let version = 1;
    let diagnostics = 0;
    const change = async (line: number, character: number, remove: boolean): Promise<void> => {
      version++;
      const published = diagnosticsOf(version);
      const range = { start: { line, character }, end: { line, character: character + (remove ? 1 : 0) } };
      const t0 = performance.now();
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range, text: remove ? "" : "x" }],
      });
      const p = await published;
      latencies.push(performance.now() - t0);
      diagnostics = p.diagnostics.length;
    };
    while (latencies.length < edits) {
      // Type a character at the end of a line's path, then take it back: the file keeps its size.
      const line = entryLines[Math.floor(r() * entryLines.length)]!;
      const at = Math.max(0, lines[line]!.indexOf(" ", 2));
      await change(line, at, false);
      await change(line, at, true);
    }
    const hovers: number[] = [];
    const completions: number[] = [];
    for (let k = 0; k < queries; k++) {
      const line = entryLines[Math.floor(r() * entryLines.length)]!;
      const character = Math.floor(r() * Math.max(1, lines[line]!.length));
      t = performance.now();
      await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
      hovers.push(performance.now() - t);
      t = performance.now();
      await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
      completions.push(performance.now() - t);
    }
    // Semantic tokens: whole documents, visible ranges, and typing while a whole document's tokens are computed.
    const full: number[] = [];
    const ranges: number[] = [];
    const duringTokens: number[] = [];
    for (let k = 0; k < Math.max(3, Math.floor(queries / 10)); k++) {
      t = performance.now();
      await conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
      full.push(performance.now() - t);
    }
    for (let k = 0; k < queries; k++) {
      const line = Math.floor(r() * Math.max(1, lines.length - 60));
      t = performance.now();
      await conn.sendRequest(SemanticTokensRangeRequest.type, {
        textDocument: { uri },
        range: { start: { line, character: 0 }, end: { line: line + 60, character: 0 } },
      });
      ranges.push(performance.now() - t);
    }
    const before = latencies.length;
    for (let k = 0; k < 2 * Math.max(5, Math.floor(edits / 8)); k += 2) {
      // A character typed and taken back, each while a whole document's tokens are being computed.
      const line = entryLines[Math.floor(r() * entryLines.length)]!;
      const at = Math.max(0, lines[line]!.indexOf(" ", 2));
      for (const remove of [false, true]) {
        const tokens = conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }).catch(() => undefined); // the edit ends it with ContentModified
        await change(line, at, remove);
        duringTokens.push(latencies.pop()!);
        await tokens;
      }
    }
    latencies.length = before;
    const mem = memoryOf(child.pid!);
    const settled = await settle(child.pid!);
    return {
      lines: lines.length - 1,
      openMs,
      edits: latencies.length,
      keystroke: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
      diagnostics,
      hover: { p50: percentile(hovers, 50), p95: percentile(hovers, 95) },
      completion: { p50: percentile(completions, 50), p95: percentile(completions, 95) },
      keystrokeDuringTokens: {
        p50: percentile(duringTokens, 50),
        p95: percentile(duringTokens, 95),
        max: Math.max(...duringTokens),
      },
      tokensFull: { p50: percentile(full, 50) },
      tokensRange: { p50: percentile(ranges, 50), p95: percentile(ranges, 95) },
      ...mem,
      openSettledRssKb: openSettled.rssKb,
      settledRssKb: settled.rssKb,
      settledAfterS: settled.seconds,
      all: { keystroke: summarize(latencies) },
    };
  } finally {
    try {
      await Promise.race([conn.sendRequest("shutdown"), new Promise((res) => setTimeout(res, 2000))]);
      void conn.sendNotification("exit");
    } catch {
      // the server is gone already
    }
    await Promise.race([new Promise((res) => child.once("exit", res)), new Promise((res) => setTimeout(res, 3000))]);
    if (child.exitCode === null) child.kill();
    conn.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}
