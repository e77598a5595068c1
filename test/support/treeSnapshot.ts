/** A directory tree as data, to compare before and after a run that must not change it. */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/** Every path below `dir` with its kind, mode, owner, size, times and content (or link target). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, rel: string): void => {
    const st = lstatSync(p);
    const what = st.isSymbolicLink()
      ? `link ${readlinkSync(p)}`
      : st.isFile()
        ? `file ${createHash("sha256").update(readFileSync(p)).digest("hex")}`
        : st.isDirectory()
          ? "dir"
          : "other";
    out[rel || "."] = `${what} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeMs} ${st.ctimeMs}`;
    if (st.isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n), rel ? `${rel}/${n}` : n);
  };
  walk(dir, "");
  return out;
}
