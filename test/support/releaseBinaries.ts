/**
 * The real systemd-tmpfiles of every release 252–262 that this machine
 * has, as a program to put on PATH: the oracles scripts/fetch-systemd-oracles.sh
 * recorded in .cache/systemd/oracles.json (Debian's 252, 254, 257 and 262,
 * and the other releases from ../shared/systemd/bin).
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shellJoin } from "../../client/src/dryRun/commandLine";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../server/src/core/versions";
import { oracleArgv, oracleVersions } from "../conformance/oracle";

export const ALL_RELEASES: readonly number[] = Array.from(
  { length: NEWEST_VERSION - OLDEST_VERSION + 1 },
  (_, i) => OLDEST_VERSION + i,
);

/** The argv that starts `release`'s systemd-tmpfiles here (as scripts/fetch-systemd-oracles.sh recorded it), or undefined when this machine does not have it. */
export function releaseArgv(release: number): string[] | undefined {
  return oracleVersions().includes(release) ? oracleArgv(release) : undefined;
}

/** The releases 252–262 this machine has. */
export function availableReleases(): number[] {
  return ALL_RELEASES.filter((r) => releaseArgv(r) !== undefined);
}

/**
 * Makes `dir/systemd-tmpfiles` start `release`: a symbolic link to the
 * binary when it runs as it is, a small sh wrapper when it needs its own
 * loader (the trixie build). Returns `dir`.
 */
export function installOnPath(release: number, dir: string): string {
  const argv = releaseArgv(release);
  if (!argv) throw new Error(`systemd-tmpfiles ${release} is not on this machine`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "systemd-tmpfiles");
  if (argv.length === 1) symlinkSync(argv[0]!, file);
  else {
    writeFileSync(file, `#!/bin/sh\nexec ${shellJoin(argv)} "$@"\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}
