/**
 * The extreme inputs, one per name, each run in a child process of its own
 * (extremes.test.ts) so that a hang can be stopped and an exhausted heap is a
 * failure, not the end of the suite. Run alone: `node --import tsx
 * test/robustness/extremes.ts NAME` prints the milliseconds it took.
 */
import assert from "node:assert/strict";
import { checkTmpfiles, parseForVersion } from "../../server/src/core/tmpfiles/check";
import { formatTmpfiles } from "../../server/src/core/tmpfiles/format";
import { applyEdits } from "../../server/src/core/text";
import { semanticTokens } from "../../server/src/core/tmpfiles/semanticTokens";
import {
  checkManifest,
  generate,
  manifestCompletions,
  manifestHover,
  plan,
  readManifest,
} from "../../server/src/core/manifest/index";
import { assertCleanEdits, assertDiagnosticsInside, assertSpan } from "./invariants";

const MB = 1024 * 1024;

function lines(n: number, f: (i: number) => string, end = "\n"): string {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out.join(end) + end;
}

function tmpfiles(text: string): void {
  const r = checkTmpfiles(text);
  assertDiagnosticsInside(text, r.diagnostics);
  const doc = parseForVersion(text, 262);
  const edits = formatTmpfiles(doc);
  assertCleanEdits(text, edits, "formatting");
  applyEdits(text, edits.slice(0, 1000));
  for (const t of semanticTokens(doc)) assertSpan(text, t.offset, t.length, "token");
}

function manifest(text: string): void {
  const ds = checkManifest(text);
  assertDiagnosticsInside(text, ds);
  const m = readManifest(text);
  generate(m);
  try {
    plan(text, text);
  } catch (e) {
    if (!(e instanceof Error) || e.name === "RangeError") throw e;
  }
  for (const at of [0, text.length >> 1, text.length]) {
    const h = manifestHover(m, at);
    if (h) assertSpan(text, h.offset, h.length, "hover");
    manifestCompletions(text, at);
  }
}

/** Name → [the check, the milliseconds it is expected to take here]; the test allows ten times that. */
export const EXTREMES: Record<string, [() => void, number]> = {
  "tmpfiles: a line of exactly 1 MiB - 1 byte": [() => tmpfiles("d /run/" + "a".repeat(MB - 8) + "\n"), 500],
  "tmpfiles: a 1 MiB line, then more lines": [() => tmpfiles("d /run/" + "a".repeat(MB) + "\nd /run/x\n"), 500],
  "tmpfiles: a 1 MiB argument of words": [() => tmpfiles("f /run/x - - - - " + "ab ".repeat(MB / 3) + "\n"), 500],
  "tmpfiles: 1 MiB of quotes and backslashes": [
    () => tmpfiles('d "' + '\\"'.repeat(MB / 4) + '"\n' + "d '" + "\\\\".repeat(MB / 4) + "\n"),
    500,
  ],
  // 50 MB in 350,000 distinct lines of about 150 bytes (a million short lines is a speed test, not a robustness one).
  "tmpfiles: a 50 MB file of distinct lines": [
    () => tmpfiles(lines(350_000, (i) => `d /run/app${i}/${"x".repeat(110)} 0755 root root 10d`)),
    60_000,
  ],
  "tmpfiles: a 50 MB file of one line repeated": [
    () => tmpfiles(lines(1_700_000, () => "d /run/x 0755 root root 10d")),
    50_000,
  ],
  "tmpfiles: 10 MB of conflicting lines": [() => tmpfiles(lines(400_000, (i) => `d /run/x 07${i % 8}5`)), 25_000],
  "tmpfiles: CR-only line ends, 10 MB": [
    () => tmpfiles(lines(400_000, (i) => `f /run/f${i} 0644 - - -`, "\r")),
    15_000,
  ],
  "tmpfiles: 1 million NULs": [() => tmpfiles("\0".repeat(1_000_000)), 3000],
  "tmpfiles: 1 million lone surrogates": [
    () => tmpfiles("d /run/" + "\ud800".repeat(500_000) + "\n" + "\udfff ".repeat(250_000)),
    3000,
  ],
  "manifest: nested 10,000 levels (lists)": [() => manifest("[".repeat(10_000) + "]".repeat(10_000)), 300],
  "manifest: nested 10,000 levels (objects)": [() => manifest('{"a":'.repeat(10_000) + "1" + "}".repeat(10_000)), 300],
  "manifest: nested 10,000 levels inside an entry": [
    () => manifest('[{"target":"a","source":"/x","text":' + "[".repeat(10_000) + "]".repeat(10_000) + "}]"),
    300,
  ],
  "manifest: 100,000 entries": [
    () =>
      manifest(
        JSON.stringify(
          Array.from({ length: 100_000 }, (_, i) => ({
            target: `d${i % 300}/f${i}`,
            source: `/nix/store/x${i}`,
            mode: i % 2 ? "symlink" : "0644",
            user: "+0",
            group: "+0",
          })),
        ),
      ),
    40_000,
  ],
  "manifest: 100,000 entries for one target": [
    () =>
      manifest(
        JSON.stringify(Array.from({ length: 100_000 }, (_, i) => ({ target: "a", source: i % 2 ? "/x" : "/y" }))),
      ),
    40_000,
  ],
  "manifest: 100,000 entries, each inside the one before": [
    () =>
      manifest(
        JSON.stringify(
          Array.from({ length: 100_000 }, (_, i) => ({ target: "a/".repeat(i % 60) + "f", source: "/x" })),
        ),
      ),
    40_000,
  ],
  "manifest: 100,000 named entries": [
    () =>
      manifest(
        JSON.stringify(
          Object.fromEntries(
            Array.from({ length: 100_000 }, (_, i) => [`n${i}/f`, { source: `/x${i}`, enable: i % 7 !== 0 }]),
          ),
        ),
      ),
    40_000,
  ],
  "manifest: a 10 MB string": [() => manifest('[{"target":"a","source":"/' + "x".repeat(10 * MB) + '"}]'), 2000],
};

if (require.main === module) {
  const name = process.argv[2]!;
  const entry = EXTREMES[name];
  assert.ok(entry, `no extreme named ${name}`);
  const start = performance.now();
  entry[0]();
  process.stdout.write(`${Math.round(performance.now() - start)}\n`);
}
