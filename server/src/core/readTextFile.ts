/**
 * Reading a text input safely: only a regular file is read, never more than
 * a cap, and nothing can block. The file is opened with O_NONBLOCK (a FIFO
 * opens at once instead of waiting for a writer), then fstat of the open
 * descriptor decides: anything but a regular file (a FIFO, /dev/zero, a
 * directory, a socket) is refused with a message that says what it is. The
 * cap counts the bytes read, not the size stat reports, since files of /proc
 * report 0. Bytes are read and decoded 64 KiB at a time into one reused
 * buffer, so a large file never sits in one native buffer (see
 * server/src/lsp/stdio.ts for why that matters); a file smaller than that
 * is read with one call and decoded at once.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

/** An input that is not read, and why, in words for a message: `PATH: REASON`. */
export class UnreadableInput extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** What was opened, when it is not a regular file (a caller may walk a directory instead). */
    readonly stats?: Stats,
  ) {
    super(`${path}: ${reason}`);
    this.name = "UnreadableInput";
  }
}

/** An input not read because it is larger than the cap; `bytes` is its size when known (stat's, or undefined when it grew past the cap while read). */
export class TooLargeInput extends UnreadableInput {
  constructor(
    path: string,
    readonly maxBytes: number,
    readonly bytes: number | undefined,
  ) {
    super(path, `larger than ${maxBytes} bytes, the most that is read`);
    this.name = "TooLargeInput";
  }
}

export interface ReadLimits {
  /** Largest number of bytes read; a longer file is refused. */
  maxBytes: number;
  /** Refuse a file that holds a NUL byte (for files that must be text, like passwd). */
  refuseNul?: boolean;
  /** Do not follow a symbolic link in the last component of the path. */
  noFollow?: boolean;
}

const CHUNK = 65_536;

/** What a file that is not regular is, for a message. */
function describeKind(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function flags(limits: ReadLimits): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (limits.noFollow ? constants.O_NOFOLLOW : 0);
}

/** An error of the open or read, as a reason for a message. */
function reasonOf(e: unknown, limits: ReadLimits): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return limits.noFollow ? "a symbolic link, which is not followed here" : "too many levels of symbolic links";
    case "ENOTDIR":
      return "a component of the path is not a directory";
    case "ENXIO":
      return "a socket or a device without a reader, not a regular file";
    case "EISDIR":
      return "a directory";
    default:
      return code ?? (e as Error).message;
  }
}

function notRegular(path: string, st: Stats): UnreadableInput {
  return new UnreadableInput(path, `${describeKind(st)}, not a regular file; only regular files are read`, st);
}

function tooLarge(path: string, limits: ReadLimits, bytes?: number): TooLargeInput {
  return new TooLargeInput(path, limits.maxBytes, bytes);
}

/** Decodes UTF-8 pieces and enforces the limits on the bytes; the text goes to `piece` as it is decoded, or is kept. */
class Collector {
  private readonly decoder = new StringDecoder("utf8");
  private readonly parts: string[] = [];
  private total = 0;
  constructor(
    private readonly path: string,
    private readonly limits: ReadLimits,
    private readonly piece: (text: string) => void = (text) => this.parts.push(text),
  ) {}
  add(buf: Buffer, n: number): void {
    this.total += n;
    const piece = buf.subarray(0, n);
    refuseBytes(this.path, this.limits, piece, this.total);
    this.piece(this.decoder.write(piece));
  }
  text(): string {
    this.piece(this.decoder.end());
    return this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
  }
}

/**
 * The buffer every synchronous read reads into, made once: `check` of a
 * directory reads hundreds of small files, and a new 64 KiB buffer for each
 * was a tenth of its time (each is memory outside the heap that the
 * collector then counts). The text is decoded out of it before the next read.
 */
let chunk: Buffer | undefined;

/** Reads a regular file as UTF-8 text; throws UnreadableInput (never blocks, never reads more than the cap). */
export function readTextFileSync(path: string, limits: ReadLimits): string {
  return readTextPieces(path, limits);
}

/**
 * `readTextFileSync` a piece at a time: `piece` is given the text in order
 * as it is decoded (some 64 KiB at a time), and the whole text is never
 * held. An UnreadableInput may come after some pieces. `piece` must not
 * read a file itself: the reads share one buffer.
 */
export function readTextFilePiecesSync(path: string, limits: ReadLimits, piece: (text: string) => void): void {
  readTextPieces(path, limits, piece);
}

/** The whole text, or "" when the pieces went to `piece`. */
function readTextPieces(path: string, limits: ReadLimits, piece?: (text: string) => void): string {
  let fd: number;
  try {
    fd = openSync(path, flags(limits));
  } catch (e) {
    throw new UnreadableInput(path, reasonOf(e, limits));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, st);
    if (st.size > limits.maxBytes) throw tooLarge(path, limits, st.size);
    const buf = (chunk ??= Buffer.allocUnsafe(CHUNK));
    // A whole text that fits the buffer: one read of one byte more than fstat's size, and that byte not read says the file ended.
    if (!piece && st.size < CHUNK && st.size > 0) {
      const n = readSync(fd, buf, 0, st.size + 1, null);
      if (n <= st.size) return wholeText(path, limits, buf, n);
      const out = new Collector(path, limits);
      out.add(buf, n);
      return readRest(fd, buf, out);
    }
    return readRest(fd, buf, new Collector(path, limits, piece));
  } catch (e) {
    if (e instanceof UnreadableInput) throw e;
    throw new UnreadableInput(path, reasonOf(e, limits));
  } finally {
    closeSync(fd);
  }
}

/** The text of the `n` bytes of a file read whole into `buf`, under the same limits as a Collector's. */
function wholeText(path: string, limits: ReadLimits, buf: Buffer, n: number): string {
  refuseBytes(path, limits, buf.subarray(0, n), n);
  return buf.toString("utf8", 0, n);
}

/** Throws when the bytes read so far (`total`, of which `piece` is the newest) break the limits. */
function refuseBytes(path: string, limits: ReadLimits, piece: Buffer, total: number): void {
  if (total > limits.maxBytes) throw tooLarge(path, limits);
  if (limits.refuseNul && piece.includes(0))
    throw new UnreadableInput(path, "holds NUL bytes, so it is not a text file");
}

/** Reads the rest of the file into `out`, a chunk at a time. */
function readRest(fd: number, buf: Buffer, out: Collector): string {
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    out.add(buf, n);
  }
  return out.text();
}

/** The same as readTextFileSync, without blocking the event loop while it reads. */
export async function readTextFile(path: string, limits: ReadLimits): Promise<string> {
  let handle;
  try {
    handle = await open(path, flags(limits));
  } catch (e) {
    throw new UnreadableInput(path, reasonOf(e, limits));
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw notRegular(path, st);
    if (st.size > limits.maxBytes) throw tooLarge(path, limits, st.size);
    const out = new Collector(path, limits);
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      out.add(buf, bytesRead);
    }
    return out.text();
  } catch (e) {
    if (e instanceof UnreadableInput) throw e;
    throw new UnreadableInput(path, reasonOf(e, limits));
  } finally {
    await handle.close();
  }
}

/** The most read of a passwd or group file: 8 MiB is some 100,000 accounts. */
export const USER_DATABASE_LIMITS: ReadLimits = { maxBytes: 8 * 1024 * 1024, refuseNul: true };
