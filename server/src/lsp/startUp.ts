/**
 * How long the server took to start, said once in its log when the first
 * diagnostics go out: where a slow first squiggle after a window reload is
 * read from. The times count from the start of the server's process
 * (`performance.now()`), so they leave out the editor's spawn of it and
 * show what the server itself spent: loading its code, waiting for the
 * editor's initialize, and checking the first file.
 */
export interface StartUp {
  /** When the bundle's code had loaded and the server began to listen. */
  loadedMs: number;
  /** When initialize came. */
  initializeMs?: number;
  /** When the first tmpfiles.d check had its settings and systemd release (both asked of others: the editor, systemd-tmpfiles --version). */
  settledMs?: number;
}

export function startUpMessage(s: StartUp, publishedMs: number): string {
  const ms = (t: number): string => `${Math.round(t)} ms`;
  const init = s.initializeMs === undefined ? "" : `, initialize came at ${ms(s.initializeMs)}`;
  const settled = s.settledMs === undefined ? "" : `, the settings and release were known at ${ms(s.settledMs)}`;
  return `Start-up: the server's code had loaded ${ms(s.loadedMs)} after its process started${init}${settled}, and its first diagnostics went out at ${ms(publishedMs)}.`;
}
