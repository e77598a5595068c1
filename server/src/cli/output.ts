/**
 * The command line's output: write(2) on stdout's descriptor, without
 * making `process.stdout`, a stream whose setup is some 5 ms of a small
 * check's start-up. A reader that goes away early (`tmpfiles-lsp check … |
 * head -1`) is not an error: the rest of the output is not wanted, and the
 * command exits with its own status. Any other failure to write is an
 * OutputError (one line on stderr, exit 2).
 */
import { writeSync } from "node:fs";

export class OutputError extends Error {}

const STDOUT = 1;
let readerGone = false;

/** A pause of about `ms` milliseconds, for a non-blocking pipe that is full. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes all of `text` to stdout, or nothing once its reader has gone. */
export function writeOut(text: string): void {
  if (readerGone) return;
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(STDOUT, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A descriptor shared with a program that made it non-blocking: wait for the reader.
      if (code === "EAGAIN") pause(1);
      else if (code === "EPIPE") {
        readerGone = true;
        return;
      } else throw new OutputError(`cannot write the output: ${code ?? (e as Error).message}`);
    }
  }
}

/** Lines written in batches of some 64 K characters: a long output is never held as one string. */
export class LineWriter {
  private batch: string[] = [];
  private size = 0;
  /** Writes `text` and a newline. */
  line = (text: string): void => {
    this.batch.push(text);
    this.size += text.length + 1;
    if (this.size >= 65_536) this.flush();
  };
  /** Writes what is left. */
  flush(): void {
    if (this.batch.length) writeOut(this.batch.join("\n") + "\n");
    this.batch = [];
    this.size = 0;
  }
}
