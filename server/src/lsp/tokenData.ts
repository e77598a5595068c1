/**
 * Semantic tokens as LSP sends them (five numbers a token, each position
 * relative to the token before), kept in a Uint32Array instead of a list of
 * numbers. A 100,000-line document has some 550,000 tokens: as a list of
 * numbers (vscode-languageserver's SemanticTokensBuilder) that is 22 MB made
 * for each request, kept for the next delta, and serialized by
 * JSON.stringify into a string of 7 MB and then a Buffer; in a Uint32Array it
 * is 11 MB, and the stdio writer writes its digits straight into the output
 * Buffer (`tokensResponse`, `writeNumbersJson`, used by diagnosticJson.ts).
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit } from "vscode-languageserver/node";

/** A whole result's numbers, read as a list of numbers wherever it is serialized as JSON. */
class TokenNumbers extends Uint32Array {
  toJSON(): number[] {
    return Array.from(this);
  }
}

let lastId = 0;

/** The tokens of one request, pushed in document order; the last whole result of a document, kept for deltas. */
export class TokenData {
  private data = new TokenNumbers(1024);
  private length = 0;
  private line = 0;
  private character = 0;
  private previous: { id: string; data: Uint32Array } | undefined;

  /** A token at (line, character), after every token pushed before it. */
  push(line: number, character: number, length: number, type: number, modifiers: number): void {
    if (this.length + 5 > this.data.length) {
      const grown = new TokenNumbers(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    const at = this.length;
    d[at] = line - this.line;
    d[at + 1] = line === this.line ? character - this.character : character;
    d[at + 2] = length;
    d[at + 3] = type;
    d[at + 4] = modifiers;
    this.length = at + 5;
    this.line = line;
    this.character = character;
  }

  /** The tokens pushed, as a whole result (kept for a delta against it); the builder is empty again. */
  build(): SemanticTokens {
    // A view of the numbers pushed, not a copy: the unused end of the array is not worth copying 11 MB to give back.
    const data = new TokenNumbers(this.data.buffer, 0, this.length);
    const id = String(++lastId);
    this.previous = { id, data };
    this.clear();
    return { resultId: id, data: data as unknown as number[] };
  }

  /**
   * The tokens pushed, as edits of the result `previousId` when that is the
   * one kept (one edit: what lies between the numbers both share at the start
   * and at the end), else as a whole result.
   */
  buildDelta(previousId: string): SemanticTokens | SemanticTokensDelta {
    const before = this.previous;
    if (!before || before.id !== previousId) return this.build();
    const now = this.data.subarray(0, this.length);
    const old = before.data;
    let start = 0;
    while (start < now.length && start < old.length && now[start] === old[start]) start++;
    let endNow = now.length;
    let endOld = old.length;
    while (endNow > start && endOld > start && now[endNow - 1] === old[endOld - 1]) {
      endNow--;
      endOld--;
    }
    const edits: SemanticTokensEdit[] =
      endNow === start && endOld === start
        ? []
        : [
            {
              start,
              deleteCount: endOld - start,
              ...(endNow > start ? { data: Array.from(now.subarray(start, endNow)) } : {}),
            },
          ];
    const { resultId } = this.build();
    return { resultId: resultId!, edits };
  }

  /** Drops what was pushed since the last result (by a request that ended before it was built); the result kept stays. */
  clear(): void {
    this.data = new TokenNumbers(1024);
    this.length = 0;
    this.line = 0;
    this.character = 0;
  }
}

/**
 * A response carrying a whole result of `TokenData`, in three parts: the
 * JSON before its numbers, the numbers, the JSON after them (the same bytes
 * as JSON.stringify gives, for the writer to write without a string of the
 * whole message). Undefined for any other message.
 */
export function tokensResponse(msg: unknown): { head: string; data: Uint32Array; tail: string } | undefined {
  const m = msg as { id?: unknown; result?: { resultId?: string; data?: unknown } | null };
  const data = m.result?.data;
  if (!(data instanceof TokenNumbers) || m.id === undefined) return undefined;
  const resultId = m.result!.resultId;
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(m.id)},"result":{${resultId !== undefined ? `"resultId":${JSON.stringify(resultId)},` : ""}"data":[`;
  return { head, data, tail: "]}}" };
}

/** The length of the numbers of `data` written as JSON, with a comma between each two. */
export function numbersJsonLength(data: Uint32Array): number {
  let n = Math.max(0, data.length - 1);
  for (let i = 0; i < data.length; i++) n += digits(data[i]!);
  return n;
}

function digits(v: number): number {
  let n = 1;
  while (v >= 10) {
    v = Math.floor(v / 10);
    n++;
  }
  return n;
}

/** Writes the numbers of `data` as JSON (comma between) into `buffer` at `at`; returns where it ended. */
export function writeNumbersJson(data: Uint32Array, buffer: Buffer, at: number): number {
  for (let i = 0; i < data.length; i++) {
    if (i > 0) buffer[at++] = 44; // ","
    let v = data[i]!;
    const end = at + digits(v);
    for (let k = end - 1; k >= at; k--) {
      buffer[k] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    at = end;
  }
  return at;
}
