/** The release of the systemd-tmpfiles on PATH, for `tmpfiles.systemdVersion: "auto"`. */
import type { DetectedRelease } from "../protocol.js";
import { execFile } from "node:child_process";

export type Detected = DetectedRelease;

/** The release in the first line of `systemd-tmpfiles --version` ("systemd 257 (257.4-1)"). */
export function parseVersionOutput(out: string): number | undefined {
  const m = /^systemd (\d+)\b/.exec(out.split("\n", 1)[0]!.trim());
  return m ? Number(m[1]) : undefined;
}

/** Runs `systemd-tmpfiles --version` (argument list, no shell, bounded time); never rejects. */
export function detectSystemdVersion(executable = "systemd-tmpfiles", timeoutMs = 5000): Promise<Detected> {
  return new Promise((resolve) => {
    try {
      execFile(
        executable,
        ["--version"],
        { timeout: timeoutMs, windowsHide: true, env: { ...process.env, LC_ALL: "C" } },
        (err, stdout) => {
          if (err) {
            const code = (err as NodeJS.ErrnoException).code;
            resolve({
              problem:
                code === "ENOENT" ? `${executable} is not on PATH` : `${executable} --version failed: ${err.message}`,
            });
            return;
          }
          const release = parseVersionOutput(String(stdout));
          resolve(
            release === undefined
              ? { executable, problem: `${executable} --version did not name a release` }
              : { executable, release },
          );
        },
      );
    } catch (e) {
      resolve({ problem: (e as Error).message });
    }
  });
}
