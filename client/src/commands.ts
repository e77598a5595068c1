/**
 * Command plumbing: every command of the extension is one entry of a table
 * (in extension.ts), registered in one place, with the workspace-trust rule
 * beside it. A command that runs programs or reaches a host (the dry-run)
 * says `requiresTrust: true` and is refused, with a message, in an untrusted
 * workspace; Preview Activation refuses only its git and host baselines
 * there. Each command also has its `contributes.commands`/`menus` entry in
 * package.json.
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
        void vscode.window.showWarningMessage(
          `${spec.id}: this workspace is not trusted, so this command does not run here.`,
        );
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
