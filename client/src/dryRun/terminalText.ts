/**
 * What a program prints, made safe to show in the dry-run terminal. The
 * output quotes paths and arguments of the file that ran, and a path may
 * hold terminal controls (`\x1b[2K\x1b[1A` erases the line above,
 * `\x1b]8;;…` plants a hyperlink, a lone `\r` writes over a line). Every
 * C0 control but line feed and tab, DEL and every C1 control is shown as a
 * visible escape instead (`\r`, `\xNN`), so the terminal draws the text and
 * never obeys it; `\r\n` counts as a line feed.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function terminalSafe(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    if (c === "\r\n") return "\n";
    if (c === "\r") return "\\r";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

/**
 * Output in whole lines: `push` takes a chunk as it arrives and returns the
 * lines it completed, made safe; `end` returns what was left after the last
 * line feed. A `\r\n` split between two chunks is still one line feed.
 */
export class SafeLines {
  private pending = "";

  push(chunk: string): string {
    this.pending += chunk;
    const cut = this.pending.lastIndexOf("\n");
    if (cut < 0) return "";
    const done = this.pending.slice(0, cut + 1);
    this.pending = this.pending.slice(cut + 1);
    return terminalSafe(done);
  }

  end(): string {
    const rest = this.pending;
    this.pending = "";
    return terminalSafe(rest);
  }
}
