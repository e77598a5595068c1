/**
 * The check queue. Checks run one after another, open documents first; a
 * burst of edits to one file makes one check. Between two checks the event
 * loop is given back, so requests are answered while the workspace is checked.
 */
import type { IndexedFile } from "./workspace.js";

export class CheckQueue {
  private readonly open = new Map<string, IndexedFile>();
  private readonly rest = new Map<string, IndexedFile>();
  /** The run under way, settled once the queue is empty. */
  running: Promise<void> | undefined;

  constructor(
    private readonly check: (f: IndexedFile) => Promise<void>,
    private readonly failed: (f: IndexedFile, e: unknown) => void,
    /** Called each time the queue runs empty. */
    private readonly drained: () => void,
  ) {}

  /** Queues `f` under `key` (one pending check per key); resolves once the queue is empty. */
  add(key: string, f: IndexedFile, isOpen: boolean): Promise<void> {
    if (isOpen) {
      this.rest.delete(key);
      this.open.set(key, f);
    } else if (!this.open.has(key)) this.rest.set(key, f);
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<void> {
    await Promise.resolve();
    while (this.open.size || this.rest.size) {
      const queue = this.open.size ? this.open : this.rest;
      const [key, next] = queue.entries().next().value as [string, IndexedFile];
      queue.delete(key);
      try {
        await this.check(next);
      } catch (e) {
        this.failed(next, e);
      }
      if (this.open.size || this.rest.size) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.running = undefined;
    this.drained();
  }
}
