/** Starts code-server (VS Code 1.100 in the browser) on 127.0.0.1 with the extension under development. */
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODE_SERVER_ENTRY } from "./paths";
import { endGroup, freePort, spawnGroup } from "./processes";

export interface CodeServerOptions {
  /** The folder whose package.json is loaded as the extension under development. */
  extensionPath?: string | undefined;
  /** A .vsix to install (with code-server --install-extension) before start, instead of a development folder. */
  vsix?: string | undefined;
  /** User settings written to settings.json before start. */
  settings?: Record<string, unknown> | undefined;
  /** Workspace trust is off unless asked for (the untrusted-workspace scenarios ask). */
  workspaceTrust?: boolean | undefined;
  startTimeoutMs?: number | undefined;
}

export interface CodeServer {
  port: number;
  /** URL of the workbench with `folder` open. */
  urlFor(folder: string): string;
  /** Everything code-server printed so far. */
  log(): string;
  /** Text of the extension host's output channel logs whose file name contains `name`. */
  outputChannel(name: string): string;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "extensions.ignoreRecommendations": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "window.restoreWindows": "none",
  "files.hotExit": "off",
  "editor.minimap.enabled": false,
  "editor.hover.delay": 300,
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.startupPrompt": "never",
};

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const home = mkdtempSync(join(tmpdir(), "tmpfiles-cs-"));
  const userData = join(home, "data");
  const extensions = join(home, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2),
  );
  const config = join(home, "config.yaml");
  writeFileSync(config, "auth: none\n");

  const env = {
    ...process.env,
    // A HOME of its own: code-server and VS Code write state under it.
    HOME: home,
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "share"),
    // No extension gallery: nothing is fetched from outside.
    EXTENSIONS_GALLERY: "{}",
  };
  if (opts.vsix) {
    execFileSync(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        "--user-data-dir",
        userData,
        "--extensions-dir",
        extensions,
        "--install-extension",
        opts.vsix,
      ],
      { env, stdio: "pipe", timeout: 120_000 },
    );
  }

  const port = await freePort();
  const args = [
    CODE_SERVER_ENTRY,
    "--config",
    config,
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--user-data-dir",
    userData,
    "--extensions-dir",
    extensions,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--ignore-last-opened",
  ];
  if (!opts.workspaceTrust) args.push("--disable-workspace-trust");

  let out = "";
  const child: ChildProcess = spawnGroup(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));

  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`code-server did not start listening within ${timeoutMs} ms; its output:\n${out}`));
    }, timeoutMs);
    const onData = (): void => {
      if (out.includes("HTTP server listening on")) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`code-server exited (${code}) before listening; its output:\n${out}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    onData();
  }).catch(async (err: unknown) => {
    await endGroup(child);
    rmSync(home, { recursive: true, force: true });
    throw err;
  });

  return {
    port,
    urlFor: (folder) => workbenchUrl(port, folder, opts.extensionPath),
    log: () => out,
    outputChannel: (name) => readLogs(join(userData, "logs"), name),
    async stop() {
      await endGroup(child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * code-server takes no --extensionDevelopmentPath; the web workbench reads
 * it from the `payload` query parameter, as a URI on the remote side.
 */
export function workbenchUrl(
  port: number,
  folder: string,
  extensionPath?: string,
  extensionTestsPath?: string,
): string {
  const authority = `127.0.0.1:${port}`;
  const payload: Array<[string, string]> = [];
  if (extensionPath) payload.push(["extensionDevelopmentPath", `vscode-remote://${authority}${extensionPath}`]);
  if (extensionTestsPath) payload.push(["extensionTestsPath", `vscode-remote://${authority}${extensionTestsPath}`]);
  const url = `http://${authority}/?folder=${encodeURIComponent(folder)}`;
  return payload.length ? `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}` : url;
}

/** Concatenates the log files below `dir` whose name contains `name`. */
function readLogs(dir: string, name: string): string {
  const parts: string[] = [];
  const walk = (d: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.includes(name)) parts.push(`--- ${p}\n${readFileSync(p, "utf8")}`);
    }
  };
  walk(dir);
  return parts.join("\n");
}
