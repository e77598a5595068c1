/**
 * When the language server starts. At once when one of its files is open as
 * the extension activates; else at the first of its files opened, or when
 * the search of the workspace finds one, whichever comes first. The search
 * never holds back a file the user opened: it can take seconds in a large
 * folder, or while VS Code is still starting. Pure (no `vscode`), so it is
 * tested without VS Code.
 */

/** Why the server starts: a file open at activation, the file opened later (its name), or the workspace's files. */
export type StartReason = { kind: "openAtActivation" } | { kind: "opened"; name: string } | { kind: "workspace" };

export class ServerStart {
  private reason: StartReason | undefined;

  constructor(private readonly start: (reason: StartReason) => void) {}

  /** Why the server was started, once it was. */
  get startedFor(): StartReason | undefined {
    return this.reason;
  }

  /** The extension activated; whether one of the server's files is open. */
  activated(oursOpen: boolean): void {
    if (oursOpen) this.fire({ kind: "openAtActivation" });
  }

  /** One of the server's files was opened. */
  opened(name: string): void {
    this.fire({ kind: "opened", name });
  }

  /** The search of the workspace for the server's files ended. */
  searched(found: boolean): void {
    if (found) this.fire({ kind: "workspace" });
  }

  private fire(reason: StartReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.start(reason);
  }
}

/**
 * Node's flags for the server process. `--expose-gc` gives the server the
 * `gc` its idle collection calls (server/src/lsp/idleCollection.ts has the
 * figures); without it the server has to make one through
 * v8.setFlagsFromString, which Node documents as unsafe after start.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--expose-gc"];
