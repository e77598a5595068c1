/**
 * Diagnostics published again without being made and serialized again.
 * LSP's publishDiagnostics carries every diagnostic of a file each time, so
 * a keystroke in a file with thousands of findings re-sent them all: at
 * 100,000 lines (6,902 diagnostics, 2 MB of JSON) converting them, the
 * writer's JSON.stringify of the whole message and its copy into a Buffer
 * were two thirds of a keystroke's work, and the 2 MB string and Buffer made
 * afresh each time cost most on a loaded machine.
 *
 * So what was published last for a file is kept with its JSON, and each
 * diagnostic that says the same at the same range is taken from there. A
 * tmpfiles.d line's own finding is found quicker: the publication keeps,
 * beside each diagnostic made of one, the finding as the line keeps it
 * (relative to the line, the same object while the line's text is the
 * same), and the diagnostic is taken again for the same finding while its
 * line number is where the line starts. A character typed moves the offsets
 * of every later line, not their line numbers, so only the lines typed in
 * are made again, and the next finding is the one next in the last
 * publication: no search, nothing placed. The stdio writer (`reusingJsonEncoder`) writes a
 * publishDiagnostics message from those pieces straight into one Buffer;
 * other transports serialize the plain message, which is the same JSON.
 */
import type {
  Diagnostic,
  MessageWriterOptions,
  Position,
  PublishDiagnosticsParams,
  Range,
} from "vscode-languageserver/node";
import type { CoreDiagnostic } from "../core/diagnostic.js";
import type { LineIndex } from "../core/text.js";
import { SEVERITY, type Positions, type ResolveFile } from "./convert.js";
import { numbersJsonLength, tokensResponse, writeNumbersJson } from "./tokenData.js";

/** A diagnostic to publish: placed in the file (`core`), and for a line's own finding, the finding as kept and where its line starts. */
export interface Finding {
  readonly core: CoreDiagnostic;
  readonly lineFinding?: CoreDiagnostic | undefined;
  readonly lineStart?: number | undefined;
}

/** The JSON of each of a message's diagnostics, in order, beside its `diagnostics`. */
const PIECES = Symbol("diagnostics as JSON");

/** Diagnostics as published, with their JSON and the encoding of positions they were made in. */
export interface Published {
  diagnostics: Diagnostic[];
  json: string[];
  /** For each diagnostic made of a line's own finding whose range lies in the line's first line: that finding as kept. */
  findings: (CoreDiagnostic | undefined)[];
  pos: Positions;
}

/**
 * The LSP form of each diagnostic and its JSON, taken from `previous` (what
 * was published last for the file) where it says the same thing at the same
 * place. Both lists run in the order of the text, so one walk finds them.
 */
export function diagnosticsOf(
  found: readonly Finding[],
  pos: Positions,
  index: LineIndex,
  resolve: ResolveFile,
  source: string,
  previous: Published | undefined,
): Published {
  const diagnostics: Diagnostic[] = [];
  const json: string[] = [];
  const findings: (CoreDiagnostic | undefined)[] = [];
  const before = previous?.pos === pos ? previous : undefined;
  // In UTF-16 a published position is checked against an offset with two lookups of line starts (no search, nothing made).
  const direct = pos.encoding === "utf-16";
  let j = 0;
  for (const f of found) {
    const kept = f.lineFinding;
    const lineStart = f.lineStart;
    if (kept !== undefined && lineStart !== undefined && before && before.findings[j] === kept) {
      const p = before.diagnostics[j]!;
      const line = p.range.start.line;
      if (p.source === source && line < index.lineCount && index.lineStart(line) === lineStart) {
        diagnostics.push(p);
        json.push(before.json[j]!);
        findings.push(kept);
        j++;
        continue;
      }
    }
    const d = f.core;
    let diagnostic: Diagnostic | undefined;
    let text: string | undefined;
    // A related location's range is in another file's lines: such a diagnostic is made each time.
    if (before && !d.related?.length) {
      const range = direct ? undefined : pos.range(index, d.offset, d.length);
      while (j < before.diagnostics.length && isBefore(before.diagnostics[j]!.range, index, d, range)) j++;
      const p = before.diagnostics[j];
      if (p && sameAs(p, index, range, d, source)) {
        diagnostic = p;
        text = before.json[j]!;
        j++;
      }
    }
    if (!diagnostic || text === undefined) {
      diagnostic = pos.diagnostic(d, index, resolve, source);
      text = JSON.stringify(diagnostic);
    }
    diagnostics.push(diagnostic);
    json.push(text);
    // Kept only for a range inside the line's first line: its characters alone decide it.
    const line = diagnostic.range.start.line;
    const inLine =
      kept !== undefined &&
      lineStart !== undefined &&
      !kept.related?.length &&
      index.lineStart(line) === lineStart &&
      d.offset + d.length <= index.lineEnd(line);
    findings.push(inLine ? kept : undefined);
  }
  return { diagnostics, json, findings, pos };
}

/** Whether a published range starts before where `d` starts (given as `range` in an encoding other than UTF-16). */
function isBefore(a: Range, index: LineIndex, d: CoreDiagnostic, range: Range | undefined): boolean {
  if (range)
    return (
      a.start.line < range.start.line ||
      (a.start.line === range.start.line && a.start.character < range.start.character)
    );
  return index.lineStart(a.start.line) + a.start.character < d.offset;
}

/** Whether (line, character) is where `offset` is in UTF-16: the offset lies in that line, that far in. */
function isAt(index: LineIndex, p: Position, offset: number): boolean {
  if (p.line >= index.lineCount || offset > index.text.length) return false;
  const start = index.lineStart(p.line);
  return start + p.character === offset && (p.line + 1 >= index.lineCount || offset < index.lineStart(p.line + 1));
}

/** Whether a published diagnostic is what `d` would give now (everything else in it follows from its code). */
function sameAs(p: Diagnostic, index: LineIndex, range: Range | undefined, d: CoreDiagnostic, source: string): boolean {
  const placed = range
    ? p.range.start.line === range.start.line &&
      p.range.start.character === range.start.character &&
      p.range.end.line === range.end.line &&
      p.range.end.character === range.end.character
    : isAt(index, p.range.start, d.offset) && isAt(index, p.range.end, d.offset + d.length);
  return (
    placed &&
    p.code === d.code &&
    p.severity === SEVERITY[d.severity] &&
    p.message === d.message &&
    p.source === source &&
    p.relatedInformation === undefined
  );
}

/** Whether two publications carry the same diagnostics. */
export function samePublished(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The params of a publishDiagnostics message, carrying the JSON of its diagnostics for the writer. */
export function publishParams(uri: string, version: number | null, p: Published): PublishDiagnosticsParams {
  const params: PublishDiagnosticsParams & { [PIECES]?: string[] } = {
    uri,
    ...(version !== null ? { version } : {}),
    diagnostics: p.diagnostics,
  };
  Object.defineProperty(params, PIECES, { value: p.json, enumerable: false });
  return params;
}

type Encoder = NonNullable<MessageWriterOptions["contentTypeEncoder"]>;

/**
 * The memory the last large message was written into, written into again:
 * a fresh 2 MB Buffer each keystroke cost a third of the keystroke's CPU
 * (on this shared machine most of it the first touch of new memory). The
 * writer (vscode-jsonrpc's) encodes a message only after the one before has
 * been written out (one write at a time, each awaited), so the memory is
 * free again when the next message is encoded.
 */
let reused = Buffer.alloc(0);

function outputBuffer(size: number): Buffer {
  // Kept when it fits, and not much larger than needed (a large file closed gives its memory back).
  if (size > reused.length || size < reused.length / 8) reused = Buffer.allocUnsafeSlow(Math.max(size, 65_536));
  return reused.subarray(0, size);
}

/**
 * The writer's JSON encoder: a message as JSON.stringify writes it, except a
 * publishDiagnostics message made by `publishParams`, written from the JSON
 * of its diagnostics into one Buffer (no string of the whole message), and
 * a response of semantic tokens from their numbers (tokenData.ts).
 */
export const reusingJsonEncoder: Encoder = {
  name: "application/json",
  encode(msg) {
    const m = msg as { method?: string; params?: PublishDiagnosticsParams & { [PIECES]?: string[] } };
    const tokens = tokensResponse(msg);
    if (tokens) {
      const size = Buffer.byteLength(tokens.head) + numbersJsonLength(tokens.data) + tokens.tail.length;
      const buffer = outputBuffer(size);
      const at = writeNumbersJson(tokens.data, buffer, buffer.write(tokens.head, 0));
      buffer.write(tokens.tail, at);
      return Promise.resolve(buffer);
    }
    const pieces = m.params?.[PIECES];
    if (!pieces || m.method === undefined) return Promise.resolve(Buffer.from(JSON.stringify(msg), "utf-8"));
    const { uri, version } = m.params!;
    const head = `{"jsonrpc":"2.0","method":${JSON.stringify(m.method)},"params":{"uri":${JSON.stringify(uri)}${version !== undefined ? `,"version":${version}` : ""},"diagnostics":[`;
    const tail = "]}}";
    let size = Buffer.byteLength(head) + tail.length + Math.max(0, pieces.length - 1);
    for (const s of pieces) size += Buffer.byteLength(s);
    const buffer = outputBuffer(size);
    let at = buffer.write(head, 0);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) buffer[at++] = 44; // ","
      at += buffer.write(pieces[i]!, at);
    }
    buffer.write(tail, at);
    return Promise.resolve(buffer);
  },
};
