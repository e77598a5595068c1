/**
 * When the server process dies, the client starts it again, up to `max`
 * times within `windowMs`; past that it stays stopped until the user asks.
 * Pure (time is passed in), so it can be tested without VS Code.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    readonly max = 5,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Records a crash at `now`; says whether to restart and how many crashes the window holds. */
  onCrash(now: number): { restart: boolean; recent: number } {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return { restart: this.crashes.length <= this.max, recent: this.crashes.length };
  }

  /** Forget past crashes (after a restart the user asked for). */
  reset(): void {
    this.crashes = [];
  }
}
