/**
 * Runs a CommandLine: `spawn` with the argument list and no shell; the
 * tmpfiles.d text, when the command takes it, written to stdin and closed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { CommandLine } from "./commandLine";

/** The file `name` would run as, searched on PATH; undefined when it is not there. */
export function findOnPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (ENOENT: not installed). */
  error?: NodeJS.ErrnoException;
}

export interface Running {
  child: ChildProcess;
  done: Promise<Finished>;
}

/** Starts `cmd`; output arrives through `onOutput` as it comes, stdout and stderr alike. */
export function start(
  cmd: CommandLine,
  stdinText: string | undefined,
  onOutput: (text: string, stream: "stdout" | "stderr") => void,
  cwd?: string,
): Running {
  const child = spawn(cmd.executable, cmd.args, {
    shell: false,
    stdio: ["pipe", "pipe", "pipe"],
    windowsHide: true,
    ...(cwd ? { cwd } : {}),
    env: { ...process.env, SYSTEMD_COLORS: "0", LC_ALL: "C.UTF-8" },
  });
  child.stdout?.setEncoding("utf8").on("data", (t: string) => onOutput(t, "stdout"));
  child.stderr?.setEncoding("utf8").on("data", (t: string) => onOutput(t, "stderr"));
  child.stdin?.on("error", () => undefined); // the program may exit before reading all of it
  if (cmd.stdin !== "none" && stdinText !== undefined) child.stdin?.end(stdinText);
  else child.stdin?.end();
  const done = new Promise<Finished>((resolve) => {
    let error: NodeJS.ErrnoException | undefined;
    child.once("error", (e: NodeJS.ErrnoException) => {
      error = e;
      if (child.exitCode === null && child.pid === undefined) resolve({ code: null, signal: null, error: e });
    });
    child.once("close", (code, signal) => resolve({ code, signal, ...(error ? { error } : {}) }));
  });
  return { child, done };
}

/** How long a program has to end after `signal` before it is killed outright. */
const KILL_AFTER_MS = 2000;

/**
 * Asks `child` to stop with `signal`, then kills it (SIGKILL) if it has not
 * ended after KILL_AFTER_MS. An isolated run before 256 is, at the end, an
 * `unshare` that holds SIGINT and SIGTERM back; SIGKILL ends it and with it
 * every process of its PID namespace.
 */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }, KILL_AFTER_MS);
  timer.unref();
  child.once("exit", () => clearTimeout(timer));
}

/** Runs `cmd` to its end and returns what it printed, with a time limit. */
export async function runToEnd(
  cmd: CommandLine,
  opts: { stdinText?: string; cwd?: string; timeoutMs?: number; maxStdoutChars?: number } = {},
): Promise<Finished & { stdout: string; stderr: string; overflow?: boolean }> {
  let stdout = "";
  let stderr = "";
  let overflow = false;
  const r = start(
    cmd,
    opts.stdinText,
    (t, s) => {
      if (s === "stderr") {
        stderr += t;
        return;
      }
      if (overflow) return;
      stdout += t;
      // More than the caller reads: stop the program instead of holding what it sends.
      if (opts.maxStdoutChars !== undefined && stdout.length > opts.maxStdoutChars) {
        overflow = true;
        stdout = "";
        stopProcess(r.child);
      }
    },
    opts.cwd,
  );
  const timer = setTimeout(() => stopProcess(r.child), opts.timeoutMs ?? 60_000);
  try {
    const f = await r.done;
    return { ...f, stdout, stderr, ...(overflow ? { overflow } : {}) };
  } finally {
    clearTimeout(timer);
  }
}
