/**
 * A real sshd on 127.0.0.1 and a free port, started by the test as its own
 * process (TESTING.md §4): a host key and a client key made by ssh-keygen
 * in a temp dir, a known_hosts file the client checks against (strict
 * checking, never off), the test's own sshd_config, and an ssh_config with
 * a Host alias that the extension is pointed at (tmpfiles.remote.host and
 * tmpfiles.remote.sshConfig).
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { userInfo, tmpdir } from "node:os";
import { join } from "node:path";
import { endGroup, freePort, spawnGroup } from "./processes";

export const SSHD = process.env.SSHD_PATH ?? "/usr/sbin/sshd";
export const HOST_ALIAS = "tmpfiles-test";

export interface Sshd {
  port: number;
  /** The Host alias of `sshConfig`. */
  alias: string;
  /** The client's ssh_config (pass it with -F / tmpfiles.remote.sshConfig). */
  sshConfig: string;
  dir: string;
  /** What sshd logged so far. */
  log(): string;
  /** Runs ssh to the alias with `args` as the remote command words; returns stdout. */
  run(args: string[]): string;
  stop(): Promise<void>;
}

export function sshdProblem(): string | undefined {
  if (!existsSync(SSHD))
    return `sshd is not at ${SSHD}: install openssh-server (bash scripts/setup-code-server.sh does).`;
  try {
    execFileSync("ssh", ["-V"], { stdio: "pipe" });
  } catch {
    return "ssh is not installed: install openssh-client.";
  }
  return undefined;
}

export async function startSshd(extra: { sshdConfig?: string[]; clientConfig?: string[] } = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-sshd-"));
  const hostKey = join(dir, "host_ed25519");
  const clientKey = join(dir, "client_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "tmpfiles-test-host", "-f", hostKey]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "tmpfiles-test-client", "-f", clientKey]);
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${clientKey}.pub`));
  const port = await freePort();
  const user = userInfo().username;
  writeFileSync(
    join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      // The keys live in a temp dir that sshd's owner checks would refuse.
      "StrictModes no",
      "AllowTcpForwarding no",
      "X11Forwarding no",
      "PermitTTY no",
      "LogLevel VERBOSE",
      ...(extra.sshdConfig ?? []),
      "",
    ].join("\n"),
  );
  // The known host: the key sshd will present on this port, nothing else.
  const hostPub = readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  writeFileSync(join(dir, "known_hosts"), `[127.0.0.1]:${port} ${hostPub}\n`);
  const sshConfig = join(dir, "ssh_config");
  writeFileSync(
    sshConfig,
    [
      `Host ${HOST_ALIAS}`,
      "  HostName 127.0.0.1",
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${clientKey}`,
      "  IdentitiesOnly yes",
      `  UserKnownHostsFile ${join(dir, "known_hosts")}`,
      "  GlobalKnownHostsFile /dev/null",
      "  StrictHostKeyChecking yes",
      "  ConnectTimeout 10",
      ...(extra.clientConfig ?? []),
      "",
    ].join("\n"),
  );
  // sshd wants its privilege separation directory (Debian: /run/sshd).
  if (!existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  let out = "";
  const child: ChildProcess = spawnGroup(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`sshd did not listen within 15 s:\n${out}`)), 15_000);
    const check = (): void => {
      if (/Server listening on 127\.0\.0\.1 port/.test(out)) done();
    };
    const exited = (code: number | null): void => done(new Error(`sshd exited (${code}):\n${out}`));
    const done = (err?: Error): void => {
      clearTimeout(timer);
      child.stderr?.off("data", check);
      child.off("exit", exited);
      if (err) reject(err);
      else resolve();
    };
    child.stderr?.on("data", check);
    child.once("exit", exited);
    check();
  }).catch(async (err: unknown) => {
    await endGroup(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });

  return {
    port,
    alias: HOST_ALIAS,
    sshConfig,
    dir,
    log: () => out,
    run: (args) =>
      execFileSync("ssh", ["-F", sshConfig, "-o", "BatchMode=yes", "-T", "--", HOST_ALIAS, ...args], {
        encoding: "utf8",
        timeout: 30_000,
      }),
    async stop() {
      await endGroup(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
