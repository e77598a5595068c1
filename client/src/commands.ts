/**
 * Command plumbing: every command of the extension is one entry of a table,
 * registered in one place, with the workspace-trust rule beside it.
 *
 * The commands of issue 5 (previews, activation plan, dry-run) send the typed
 * requests of `server/src/protocol.ts`; import that module here (and only
 * here and in the preview provider) once it exists, e.g.
 *   import { PreviewGeneratedRequest } from "../../server/src/protocol";
 * and add one entry per command to `commandTable`, plus its
 * `contributes.commands`/`menus` entry in package.json.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  /** The running client; undefined while it is (re)starting. */
  client(): LanguageClient | undefined;
  restartServer(): Promise<void>;
  readonly output: vscode.LogOutputChannel;
}

export interface CommandSpec {
  id: string;
  /** Runs programs or touches hosts: refused in an untrusted workspace. */
  requiresTrust: boolean;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}

export function registerCommands(ctx: CommandContext, table: readonly CommandSpec[]): vscode.Disposable[] {
  return table.map((spec) =>
    vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      if (spec.requiresTrust && !vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(`${spec.id}: this workspace is not trusted, so this command does not run here.`);
        return undefined;
      }
      try {
        return await spec.run(ctx, ...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        ctx.output.error(`${spec.id} failed: ${message}`);
        void vscode.window.showErrorMessage(`${spec.id} failed: ${message}`);
        return undefined;
      }
    }),
  );
}
