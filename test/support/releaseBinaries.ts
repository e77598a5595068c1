/**
 * The real systemd-tmpfiles of every release 252–262 that this machine
 * has, as a program to put on PATH: Debian's 252, 254, 257 and 262 from
 * scripts/fetch-systemd-oracles.sh (.cache/systemd/oracles.json), and the
 * releases Debian does not ship from ../shared/systemd/bin (or
 * $SYSTEMD_SHARED_BIN), one ELF file per release.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { shellJoin } from "../../client/src/dryRun/commandLine";

const ROOT = resolve(__dirname, "..", "..");
export const FIRST_RELEASE = 252;
export const NEWEST_RELEASE = 262;
export const ALL_RELEASES: readonly number[] = Array.from({ length: NEWEST_RELEASE - FIRST_RELEASE + 1 }, (_, i) => FIRST_RELEASE + i);

/** Where the releases Debian does not ship are. */
export function sharedBinDir(): string {
  return process.env.SYSTEMD_SHARED_BIN ?? resolve(ROOT, "..", "shared", "systemd", "bin");
}

/** The argv that starts `release`'s systemd-tmpfiles here, or undefined when this machine does not have it. */
export function releaseArgv(release: number): string[] | undefined {
  const shared = join(sharedBinDir(), `systemd-tmpfiles-${release}`);
  if (existsSync(shared)) return [shared];
  const oracles = join(ROOT, ".cache", "systemd", "oracles.json");
  if (!existsSync(oracles)) return undefined;
  const entry = (JSON.parse(readFileSync(oracles, "utf8")) as Record<string, { argv?: string[] }>)[String(release)];
  return entry?.argv && existsSync(entry.argv[entry.argv.length - 1]!) ? entry.argv : undefined;
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
