/**
 * The check queue. Checks run one after another, open documents first; a
 * burst of edits to one file makes one check. Between two checks the event
 * loop is given back, so requests are answered while the workspace is checked.
 * A long check (a large file new to the index, see TmpfilesTree.updateInSteps)
 * gives it back between its steps too, through `pause`, and the checks of
 * open documents waiting meanwhile run there first.
 */
import type { IndexedFile } from "./workspace.js";

export class CheckQueue {
  private readonly open = new Map<string, IndexedFile>();
  private readonly rest = new Map<string, IndexedFile>();
  /** Who waits for the next check of each key. */
  private readonly waiting = new Map<string, (() => void)[]>();
  /** The keys of the checks under way (one, or more while a long one pauses for open documents). */
  private readonly current: string[] = [];
  /** The run under way, settled once the queue is empty. */
  running: Promise<void> | undefined;

  constructor(
    private readonly check: (f: IndexedFile) => Promise<void>,
    private readonly failed: (f: IndexedFile, e: unknown) => void,
    /** Called each time the queue runs empty. */
    private readonly drained: () => void,
  ) {}

  /** Queues `f` under `key` (one pending check per key); resolves once that check has run. */
  add(key: string, f: IndexedFile, isOpen: boolean): Promise<void> {
    if (isOpen) {
      this.rest.delete(key);
      this.open.set(key, f);
    } else if (!this.open.has(key)) this.rest.set(key, f);
    const done = new Promise<void>((resolve) => {
      const list = this.waiting.get(key);
      if (list) list.push(resolve);
      else this.waiting.set(key, [resolve]);
    });
    this.running ??= this.run();
    return done;
  }

  /**
   * Gives the event loop back in the middle of a long check, and first runs
   * the checks of open documents queued meanwhile (but not of the key being
   * checked: that one runs after, on the texts of then).
   */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      const next = [...this.open.entries()].find(([key]) => !this.current.includes(key));
      if (!next) return;
      this.open.delete(next[0]);
      await this.runOne(next[0], next[1]);
    }
  }

  private async runOne(key: string, f: IndexedFile): Promise<void> {
    // Who waits for this key now is answered by this check; a later add waits for the next one.
    const waiters = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    this.current.push(key);
    try {
      await this.check(f);
    } catch (e) {
      this.failed(f, e);
    } finally {
      this.current.splice(this.current.lastIndexOf(key), 1);
      for (const w of waiters) w();
    }
  }

  private async run(): Promise<void> {
    await Promise.resolve();
    while (this.open.size || this.rest.size) {
      const queue = this.open.size ? this.open : this.rest;
      const [key, next] = queue.entries().next().value as [string, IndexedFile];
      queue.delete(key);
      await this.runOne(key, next);
      if (this.open.size || this.rest.size) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.running = undefined;
    // Keys queued and dropped again (an open document's check replacing a pending one) have had their check.
    for (const [key, list] of this.waiting) {
      this.waiting.delete(key);
      for (const w of list) w();
    }
    this.drained();
  }
}
