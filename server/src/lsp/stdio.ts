/**
 * The base protocol over a byte stream (stdio): each message is a header
 * ("Content-Length: N", CRLF-separated fields, a blank line) and N bytes of
 * UTF-8 JSON.
 *
 * Messages are read and written a piece at a time, never gathered into one
 * native buffer. A buffer of megabytes (a large file opened in the editor
 * arrives as one message) is allocated outside V8's heap, and freeing it
 * raises the C allocator's thresholds for good: every thread's arena then
 * keeps megabytes it no longer uses. Decoded pieces are strings in V8's heap,
 * which V8 gives back itself.
 */
import { StringDecoder } from "node:string_decoder";
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from "vscode-languageserver/node";

/** A header longer than this is not a header: the stream is not speaking the protocol. */
const MAX_HEADER = 8192;
/** Characters per write: at most three bytes each in UTF-8, well under the allocator's threshold for separate mappings (128 KiB). */
const PIECE = 16_384;

const CR = 13;
const LF = 10;

/** The value of Content-Length in a header block, or an error message. */
export function contentLength(header: string): number | string {
  let length: number | undefined;
  for (const field of header.split("\r\n")) {
    if (field === "") continue;
    const colon = field.indexOf(":");
    if (colon < 0) return `The header field "${field.slice(0, 80)}" has no ":".`;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    if (name === "content-length") {
      if (!/^\d{1,10}$/.test(value)) return `Content-Length "${value.slice(0, 80)}" is not a number of bytes.`;
      length = Number(value);
    } else if (name === "content-type") {
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return `The charset "${charset}" is not supported; messages are UTF-8.`;
    }
  }
  return length ?? "The header has no Content-Length.";
}

export class StreamMessageReader extends AbstractMessageReader implements MessageReader {
  /** The header read so far (its bytes as characters: header fields are ASCII). */
  private header = "";
  /** How many bytes of the CR LF CR LF that ends a header the header read so far ends with. */
  private matched = 0;
  /** Bytes of the body still to come; -1 while a header is read. */
  private need = -1;
  private parts: string[] = [];
  private decoder = new StringDecoder("utf8");

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string): void => {
      try {
        this.take(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk, callback);
      } catch (e) {
        this.fireError(e);
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
    while (at < chunk.length) {
      if (this.need < 0) {
        // The header ends at the first CR LF CR LF.
        const start = at;
        while (at < chunk.length && this.matched < 4) {
          const b = chunk[at++]!;
          if (b === (this.matched % 2 === 0 ? CR : LF)) this.matched++;
          else this.matched = b === CR ? 1 : 0;
        }
        const done = this.matched === 4;
        this.header += chunk.toString("latin1", start, at);
        if (!done) {
          if (this.header.length > MAX_HEADER) this.reset("A message header is longer than 8 KiB: the stream does not speak the language server protocol.");
          continue;
        }
        const length = contentLength(this.header.slice(0, -4));
        this.header = "";
        this.matched = 0;
        if (typeof length === "string") {
          this.reset(length);
          continue;
        }
        this.need = length;
      }
      const n = Math.min(this.need, chunk.length - at);
      if (n > 0) this.parts.push(this.decoder.write(chunk.subarray(at, at + n)));
      this.need -= n;
      at += n;
      if (this.need === 0) this.deliver(callback);
    }
  }

  private deliver(callback: DataCallback): void {
    this.parts.push(this.decoder.end());
    const body = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
    this.parts = [];
    this.need = -1;
    let message: Message;
    try {
      message = JSON.parse(body) as Message;
    } catch (e) {
      this.fireError(new Error(`A message body is not JSON: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    // A handler that throws loses its message, not the rest of the chunk (the stream stays in step).
    try {
      callback(message);
    } catch (e) {
      this.fireError(e);
    }
  }

  /** Gives up on the message being read (its header is unusable) and says why. */
  private reset(why: string): void {
    this.header = "";
    this.matched = 0;
    this.need = -1;
    this.parts = [];
    this.decoder = new StringDecoder("utf8");
    this.fireError(new Error(why));
  }
}

export class StreamMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly output: NodeJS.WritableStream) {
    super();
    output.on("error", (e: Error) => this.fireError(e));
    output.on("close", () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const json = JSON.stringify(msg);
    return new Promise((resolve, reject) => {
      const done = (e?: Error | null): void => {
        if (e) {
          this.errors++;
          this.fireError(e, msg, this.errors);
          reject(e);
        } else {
          this.errors = 0;
          resolve();
        }
      };
      try {
        this.output.write(`Content-Length: ${Buffer.byteLength(json, "utf8")}\r\n\r\n`, "ascii");
        let at = 0;
        while (json.length - at > PIECE) {
          let end = at + PIECE;
          // A surrogate pair stays in one piece (JSON.stringify leaves no lone surrogates).
          const c = json.charCodeAt(end - 1);
          if (c >= 0xd800 && c <= 0xdbff) end--;
          this.output.write(json.slice(at, end), "utf8");
          at = end;
        }
        this.output.write(at === 0 ? json : json.slice(at), "utf8", done);
      } catch (e) {
        done(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  end(): void {
    // The stream belongs to the process; it is not closed here.
  }
}
