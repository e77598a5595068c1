/**
 * The reader of the base protocol over a byte stream (stdio): each message
 * is a header ("Content-Length: N", CRLF-separated fields, a blank line) and
 * N bytes of UTF-8 JSON. Messages are written by vscode-languageserver's own
 * StreamMessageWriter (main.ts).
 *
 * Why a reader of our own: vscode-jsonrpc's accepts any Content-Length (it
 * gathers whatever a hostile length asks for), ignores a header's charset
 * (it decodes every body as UTF-8), and goes on after a header it cannot
 * read, out of step with the stream. This one holds the limits of
 * docs/contracts.md §4: a body is at most MAX_BODY, a frame it cannot get
 * back in step from ends the server (onFatal), and a body in another charset
 * is skipped, exactly its length. Wrapped around vscode-jsonrpc's reader, this header
 * state machine would stay as it is, in front, and leave the library only
 * the decoding below (about 30 lines). Speed decides nothing either way:
 * `npm run bench -- --only=transport` (2026-12-03, 2 CPUs, load 2-4) had
 * keystroke to diagnostics p50 at 1.06-1.14 ms with this reader and
 * 1.00-1.48 ms with vscode-jsonrpc's on 1,000 lines, 4.2 and 3.5 ms on
 * 10,000, and resident memory settled within 2 MB of each other.
 *
 * Bodies are read a piece at a time, never gathered into one native buffer.
 * A buffer of megabytes (a large file opened in the editor arrives as one
 * message) is allocated outside V8's heap, and freeing it raises the C
 * allocator's thresholds for good: every thread's arena then keeps megabytes
 * it no longer uses. Decoded pieces are strings in V8's heap, which V8 gives
 * back itself.
 */
import { StringDecoder } from "node:string_decoder";
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
} from "vscode-languageserver/node";

/** A header longer than this is not a header: the stream is not speaking the protocol. */
const MAX_HEADER = 8192;
/** The largest body read: a document of tens of megabytes fits; a length beyond is not a message to hold. */
export const MAX_BODY = 64 * 1024 * 1024;

const CR = 13;
const LF = 10;

/**
 * What a header block says: the length of the body, and whether the body is
 * to be read, or skipped with a reason (its charset is not UTF-8); or an
 * error after which the stream cannot be read in step (no length, a length
 * that is not a decimal number of bytes or is too large, a field that is not
 * a field).
 */
export type Header = { length: number; skip?: string } | { fatal: string };

export function readHeader(header: string): Header {
  let length: number | undefined;
  let skip: string | undefined;
  for (const field of header.split("\r\n")) {
    if (field === "") continue;
    const colon = field.indexOf(":");
    if (colon < 0) return { fatal: `The header field "${field.slice(0, 80)}" has no ":".` };
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    if (name === "content-length") {
      if (!/^\d+$/.test(value))
        return { fatal: `Content-Length "${value.slice(0, 80)}" is not a decimal number of bytes.` };
      const n = value.length > 12 ? Infinity : Number(value);
      if (n > MAX_BODY)
        return {
          fatal: `Content-Length ${value.slice(0, 80)} is larger than ${MAX_BODY} bytes (64 MiB), the largest message read.`,
        };
      if (length !== undefined && length !== n)
        return { fatal: `The header has two Content-Length fields, ${length} and ${n}.` };
      length = n;
    } else if (name === "content-type") {
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== "utf-8" && charset !== "utf8")
        skip = `The charset "${charset.slice(0, 80)}" is not supported; messages are UTF-8. The message is skipped.`;
    }
  }
  if (length === undefined) return { fatal: "The header has no Content-Length." };
  return { length, ...(skip !== undefined ? { skip } : {}) };
}

export interface ReaderOptions {
  /**
   * Called once when the stream can no longer be read in step (a bad
   * header); nothing more is read after it. The server exits here, so that
   * the client starts it again. Without it, the error goes to onError.
   */
  onFatal?: (why: string) => void;
}

export class StreamMessageReader extends AbstractMessageReader implements MessageReader {
  /** The header read so far (its bytes as characters: header fields are ASCII). */
  private header = "";
  /** How many bytes of the CR LF CR LF that ends a header the header read so far ends with. */
  private matched = 0;
  /** Bytes of the body still to come; -1 while a header is read. */
  private need = -1;
  /** The body being read is skipped, not decoded. */
  private skipping = false;
  /** The stream is out of step: nothing more is read. */
  private dead = false;
  private parts: string[] = [];
  private decoder = new StringDecoder("utf8");

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly options: ReaderOptions = {},
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string): void => {
      if (this.dead) return;
      try {
        this.take(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk, callback);
      } catch (e) {
        // Whatever failed, the next chunk starts from a known state: out of step, so nothing more is read.
        this.fatal(`Reading a message failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const onError = (e: Error): void => this.fireError(e);
    const onClose = (): void => this.fireClose();
    this.input.on("data", onData);
    this.input.on("error", onError);
    // A stream that ends closes too: one close for the reader, as vscode-jsonrpc's own reader gives.
    this.input.on("close", onClose);
    return {
      dispose: () => {
        this.input.off("data", onData);
        this.input.off("error", onError);
        this.input.off("close", onClose);
      },
    };
  }

  /** Reads one chunk of the stream: header bytes, then body bytes, as many messages as it holds. */
  private take(chunk: Buffer, callback: DataCallback): void {
    let at = 0;
    while (at < chunk.length && !this.dead) {
      if (this.need < 0) {
        // The header ends at the first CR LF CR LF; a line feed without a carriage return before it is not a header.
        const start = at;
        let bareLf = false;
        while (at < chunk.length && this.matched < 4) {
          const b = chunk[at++]!;
          if (b === (this.matched % 2 === 0 ? CR : LF)) this.matched++;
          else if (b === LF) {
            bareLf = true;
            break;
          } else this.matched = b === CR ? 1 : 0;
        }
        if (bareLf)
          return this.fatal(
            "A header line ends with a line feed without a carriage return; header lines end with CR LF.",
          );
        const done = this.matched === 4;
        this.header += chunk.toString("latin1", start, at);
        if (this.header.length > MAX_HEADER + 4)
          return this.fatal(
            "A message header is longer than 8 KiB: the stream does not speak the language server protocol.",
          );
        if (!done) continue;
        const h = readHeader(this.header.slice(0, -4));
        this.header = "";
        this.matched = 0;
        if ("fatal" in h) return this.fatal(h.fatal);
        this.need = h.length;
        this.skipping = h.skip !== undefined;
        if (h.skip !== undefined) this.fireError(new Error(h.skip));
      }
      const n = Math.min(this.need, chunk.length - at);
      if (n > 0 && !this.skipping) this.parts.push(this.decoder.write(chunk.subarray(at, at + n)));
      this.need -= n;
      at += n;
      if (this.need === 0) {
        if (this.skipping) this.clear();
        else this.deliver(callback);
      }
    }
  }

  private deliver(callback: DataCallback): void {
    let message: Message;
    try {
      this.parts.push(this.decoder.end());
      const body = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
      message = JSON.parse(body) as Message;
    } catch (e) {
      this.fireError(new Error(`A message body is not JSON: ${e instanceof Error ? e.message : String(e)}`));
      return;
    } finally {
      // The next header starts from nothing, whatever happened to this body.
      this.clear();
    }
    // A handler that throws loses its message, not the rest of the chunk (the stream stays in step).
    try {
      callback(message);
    } catch (e) {
      this.fireError(e);
    }
  }

  /** Ready for the next header. */
  private clear(): void {
    this.header = "";
    this.matched = 0;
    this.need = -1;
    this.skipping = false;
    this.parts = [];
    this.decoder = new StringDecoder("utf8");
  }

  /** The stream is out of step: stops reading, lets go of what it held, and says why. */
  private fatal(why: string): void {
    this.clear();
    this.dead = true;
    if (this.options.onFatal) this.options.onFatal(why);
    else this.fireError(new Error(why));
  }
}
