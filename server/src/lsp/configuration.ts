/**
 * The settings of each scope (a workspace folder or a file): asked of the
 * client with workspace/configuration when it can answer, else the ones it
 * pushed, validated by settings.ts; asked once per scope until they change.
 */
import type { Connection } from "vscode-languageserver/node";
import { readSettings, type Settings } from "./settings.js";

export class Configuration {
  /** Whether the client answers workspace/configuration. */
  canAsk = false;
  /** What the client pushed (initializationOptions.settings or didChangeConfiguration). */
  private pushed: unknown;
  private readonly byScope = new Map<string, Promise<Settings>>();

  constructor(
    private readonly connection: Connection,
    /** A bad setting's message, or a failed request's error. */
    private readonly report: { warn(message: string): void; error(where: string, e: unknown): void },
  ) {}

  /** The client's settings changed: they are read again when next asked for. */
  changed(pushed: unknown): void {
    this.pushed = pushed;
    this.byScope.clear();
  }

  settingsFor(scopeUri: string | undefined): Promise<Settings> {
    const key = scopeUri ?? "";
    let p = this.byScope.get(key);
    if (!p) {
      p = this.read(scopeUri);
      this.byScope.set(key, p);
    }
    return p;
  }

  private async read(scopeUri: string | undefined): Promise<Settings> {
    let raw: unknown = (this.pushed as { tmpfiles?: unknown } | undefined)?.tmpfiles;
    if (this.canAsk) {
      try {
        raw = await this.connection.workspace.getConfiguration({
          ...(scopeUri ? { scopeUri } : {}),
          section: "tmpfiles",
        });
      } catch (e) {
        this.report.error("workspace/configuration", e);
      }
    }
    const { settings, problems } = readSettings(raw);
    for (const m of problems) this.report.warn(m);
    return settings;
  }
}
