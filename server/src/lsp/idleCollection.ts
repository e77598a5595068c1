/**
 * Gives memory back once the server has nothing to do.
 *
 * V8 collects its old generation when it next needs room, or when its memory
 * reducer decides the process is idle; with a large file open neither may
 * happen for a minute, or at all. A 100,000-line file opened and then only
 * read kept about 130 MB resident for good, most of it the garbage of opening
 * it, and typing in it left about 200 MB for the next 40 seconds. So when
 * the server has been quiet for a moment and its heap holds much more than
 * was live after the last collection, it collects once, in full; and once it
 * has been quiet for longer, it lets V8 shrink the young generation.
 *
 * It pays on ordinary sizes too (the bench's language-server section, RSS
 * once quiet after 200 keystrokes, with it / without it, medians of 2 runs
 * each, 2026-12-03, load average 6–17): 1,000 lines 63 / 79 MB, 10,000
 * lines 71 / 128 MB, 100,000 lines 116–125 / 194 MB; a file opened and only
 * read, 10,000 lines 66 / 75 MB, 100,000 lines 100 / 131 MB. Without it V8
 * gave none of that back within the bench's 25 quiet seconds. The gc of
 * --expose-gc and the one made here measure the same.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Quiet this long after the last check or request before collecting. */
const QUIET_MS = 1500;
/**
 * And this much longer before asking V8 to shrink its young generation: it
 * does so at a collection only when little was allocated since the one before
 * (over 5 seconds), so the first collection cannot; a second one, once
 * nothing has happened for that long, gives back the 32 MB the young
 * generation grew to while a large file was read.
 */
const SHRINK_MS = 6000;
/** Collect only when the heap has grown this much beyond what was live after the last collection. */
const WORTH_BYTES = 16 * 1024 * 1024;
/** A young generation larger than this is worth shrinking. */
const YOUNG_BYTES = 4 * 1024 * 1024;

type Collect = (options?: { type: "minor" | "major" }) => void;

/** V8's collection as a function, and how it was had. */
interface Collector {
  collect: Collect;
  how: "gc of --expose-gc" | "gc made with v8.setFlagsFromString";
}

/**
 * The process's own `gc` when node was started with --expose-gc (the VS Code
 * client starts it so), else one made for this purpose: `tmpfiles-lsp lsp
 * --stdio` and `node dist/server.js --stdio` as other editors start them have
 * no flag, and a `#!/usr/bin/env node` line cannot carry one portably.
 */
function collector(): Collector | undefined {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === "function") return { collect: own as Collect, how: "gc of --expose-gc" };
  try {
    // The flag gives `gc` to contexts made while it is set: one is made for it, and the flag is cleared again.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? { collect: gc as Collect, how: "gc made with v8.setFlagsFromString" } : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

export interface Collected {
  what: "heap" | "young generation";
  how: Collector["how"];
  beforeBytes: number;
  afterBytes: number;
  ms: number;
}

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

/** The log line for a collection. */
export function collectionMessage(c: Collected): string {
  return `Idle: ${c.what} ${mb(c.beforeBytes)} -> ${mb(c.afterBytes)} (${c.ms.toFixed(0)} ms, ${c.how}).`;
}

export class IdleCollection {
  private timer: NodeJS.Timeout | undefined;
  /** Whether the next quiet moment is the first since something was done. */
  private first = true;
  private liveAfterLast = 0;
  private readonly collector = collector();

  constructor(private readonly collected: (c: Collected) => void) {}

  /** Something was done: collect once nothing more has been for a while. */
  poke(): void {
    if (!this.collector) return;
    this.first = true;
    this.arm(QUIET_MS);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), ms);
    this.timer.unref();
  }

  private run(): void {
    this.timer = undefined;
    const { collect, how } = this.collector!;
    if (!this.first) {
      // Quiet for long enough now: a young collection lets V8 shrink the young generation.
      const young = youngBytes();
      if (young > YOUNG_BYTES) {
        const t = performance.now();
        collect({ type: "minor" });
        this.collected({
          what: "young generation",
          how,
          beforeBytes: young,
          afterBytes: youngBytes(),
          ms: performance.now() - t,
        });
      }
      return;
    }
    this.first = false;
    this.arm(SHRINK_MS);
    const before = getHeapStatistics().total_heap_size;
    if (before - this.liveAfterLast < WORTH_BYTES) return;
    const t = performance.now();
    collect();
    const after = getHeapStatistics();
    this.liveAfterLast = after.used_heap_size;
    this.collected({
      what: "heap",
      how,
      beforeBytes: before,
      afterBytes: after.total_heap_size,
      ms: performance.now() - t,
    });
  }
}

function youngBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
}
