/**
 * A dry-run never changes the target: the client's command lines, run by
 * its runner, against a real sshd on 127.0.0.1 (TESTING.md §4: host key
 * checked against a known_hosts file, never turned off) with this machine's
 * systemd-tmpfiles, and locally with the newest release's --dry-run when
 * .cache/systemd has it. The tmpfiles.d text names only paths in a scratch
 * tree (creating, writing, removing, relabelling, with names built to
 * inject); the tree is the same before and after, down to contents, modes
 * and times.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  copySourcesCommandLine,
  copySourcesInput,
  dryRunCommandLine,
  existingSources,
  HOST_GROUP_WORDS,
  HOST_PASSWD_WORDS,
  onTarget,
  parseReleaseOutput,
  versionCommandLine,
  type DryRunTarget,
} from "../../client/src/dryRun/commandLine";
import { releaseFacts, userDatabaseFacts } from "../../client/src/dryRun/targetRelease";
import { namesOf } from "../../server/src/core/userDatabase";
import { runToEnd } from "../../client/src/dryRun/process";
import { sshdProblem, startSshd, type Sshd } from "../browser/harness/sshd";
import { count } from "./counts";
import { snapshot } from "../support/treeSnapshot";

const ROOT = join(__dirname, "..", "..");
const NEWEST = join(ROOT, ".cache", "systemd", "262", "root", "usr", "bin", "systemd-tmpfiles");

let scratch: string;
let sshd: Sshd | undefined;
const problem = sshdProblem();
// Outside CI a machine without sshd skips these tests and says why; in CI (which installs sshd) that is a failure, not a skip.
const skipSsh = problem !== undefined && !process.env.CI ? problem : false;

/** A tmpfiles.d text that would change every part of the scratch tree if it ran for real. */
function hostileConfig(s: string): string {
  const q = (p: string): string => `"${p.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  return [
    `d ${s}/new-dir 0700 root root -`,
    `D ${s}/dir 0700 root root -`,
    `f+ ${s}/file 0600 root root - overwritten`,
    `w ${s}/file - - - - appended`,
    `z ${s}/file 0777 nobody nogroup -`,
    `Z ${s}/dir 0777 - - -`,
    `L+ ${s}/link - - - - /etc/passwd`,
    `r ${s}/empty-dir`,
    `R ${s}/dir`,
    `e ${s}/old 0755 - - 0`,
    `C+ ${s}/copy - - - - /etc/hostname`,
    `p+ ${s}/fifo 0600`,
    `f ${q(`${s}/$(touch ${s}/INJECTED)`)} 0644 - - - x`,
    `f ${q(`${s}/\`touch ${s}/INJECTED\``)} 0644 - - - x`,
    `f ${q(`${s}/a b; touch ${s}/INJECTED`)} 0644 - - - x`,
    `f ${s}/with\\x20space 0644 - - - x`,
    "",
  ].join("\n");
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "tmpfiles-scratch-"));
  mkdirSync(join(scratch, "dir", "sub"), { recursive: true });
  mkdirSync(join(scratch, "empty-dir"));
  mkdirSync(join(scratch, "old"));
  writeFileSync(join(scratch, "file"), "original\n");
  writeFileSync(join(scratch, "dir", "sub", "keep"), "keep\n");
  writeFileSync(join(scratch, "old", "stale"), "stale\n");
  symlinkSync("/nonexistent", join(scratch, "link"));
  if (!problem) sshd = await startSshd();
});

after(async () => {
  await sshd?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function dryRun(target: DryRunTarget): Promise<{ release: number; code: number | null; output: string }> {
  const v = await runToEnd(versionCommandLine(target), { timeoutMs: 30_000 });
  const release = parseReleaseOutput(v.stdout);
  assert.ok(release, `systemd-tmpfiles --version: ${v.stdout}${v.stderr}`);
  const before = snapshot(scratch);
  const r = await runToEnd(dryRunCommandLine(target, release), {
    stdinText: hostileConfig(scratch),
    timeoutMs: 60_000,
  });
  count("injections");
  assert.equal(r.error, undefined);
  assert.deepEqual(snapshot(scratch), before, "the scratch tree is unchanged");
  assert.ok(!existsSync(join(scratch, "INJECTED")));
  if (process.env.ROBUSTNESS_DEBUG) console.error(r.stdout + r.stderr);
  return { release, code: r.code, output: r.stdout + r.stderr };
}

test(
  "a dry-run over a real ssh to 127.0.0.1 (host key checked) leaves the scratch tree as it was",
  { skip: skipSsh, timeout: 120_000 },
  async () => {
    if (problem) assert.fail(problem);
    const r = await dryRun({ kind: "ssh", host: sshd!.alias, sshConfig: sshd!.sshConfig });
    assert.ok(r.release > 0);
    assert.match(r.output, /Would create|Scratch root|new-dir/, `systemd-tmpfiles ran: ${r.output.slice(0, 2000)}`);
  },
);

test("an unknown host key is refused, not accepted", { skip: skipSsh, timeout: 60_000 }, async () => {
  if (problem) assert.fail(problem);
  const cfg = join(sshd!.dir, "ssh_config_wrong_key");
  writeFileSync(
    cfg,
    readFileSync(sshd!.sshConfig, "utf8").replace(
      /UserKnownHostsFile .*/,
      `UserKnownHostsFile ${join(sshd!.dir, "empty_known_hosts")}`,
    ),
  );
  writeFileSync(join(sshd!.dir, "empty_known_hosts"), "");
  const before = snapshot(scratch);
  const r = await runToEnd(dryRunCommandLine({ kind: "ssh", host: sshd!.alias, sshConfig: cfg }, 257), {
    stdinText: hostileConfig(scratch),
    timeoutMs: 30_000,
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Host key verification failed|No .* host key is known/i);
  assert.deepEqual(snapshot(scratch), before);
});

test(
  "a local --dry-run of the newest release leaves the scratch tree as it was",
  { skip: !existsSync(NEWEST) && `${NEWEST} is not fetched (scripts/fetch-systemd-oracles.sh)`, timeout: 60_000 },
  async () => {
    const bin = mkdtempSync(join(tmpdir(), "tmpfiles-newest-"));
    symlinkSync(NEWEST, join(bin, "systemd-tmpfiles"));
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved ?? ""}`;
    try {
      const r = await dryRun({ kind: "local" });
      assert.ok(r.release >= 256, `release ${r.release} has --dry-run`);
      assert.match(r.output, /Would/, r.output.slice(0, 2000));
    } finally {
      process.env.PATH = saved;
      rmSync(bin, { recursive: true, force: true });
    }
  },
);

test(
  "over a real ssh: the copy sources a manifest's dry-run looks for, read from stdin by the remote login shell's xargs and stat",
  { skip: skipSsh, timeout: 60_000 },
  async () => {
    if (problem) assert.fail(problem);
    const target = { kind: "ssh" as const, host: sshd!.alias, sshConfig: sshd!.sshConfig };
    const present = [join(scratch, "file"), join(scratch, "link"), "/etc/hostname"];
    const missing = [
      join(scratch, "absent"),
      join(scratch, `$(touch ${scratch}/INJECTED)`),
      join(scratch, "a b'c"),
      join(scratch, "new\nline"),
    ];
    const sources = [...present, ...missing];
    const before = snapshot(scratch);
    const r = await runToEnd(copySourcesCommandLine(target, sources), {
      stdinText: copySourcesInput(target, sources)!,
      timeoutMs: 30_000,
    });
    const found = existingSources(r.stdout);
    assert.deepEqual(
      sources.filter((x) => !found.has(x)),
      missing,
      `exactly the absent ones are missing (a dangling link exists, as for systemd): ${r.stderr}`,
    );
    assert.deepEqual(snapshot(scratch), before);
    assert.ok(!existsSync(join(scratch, "INJECTED")));
  },
);

test(
  "over a real ssh: the release and the user database that the editor checks against",
  { skip: skipSsh, timeout: 60_000 },
  async () => {
    if (problem) assert.fail(problem);
    const target = { kind: "ssh" as const, host: sshd!.alias, sshConfig: sshd!.sshConfig };
    const release = releaseFacts(target.host, await runToEnd(versionCommandLine(target), { timeoutMs: 30_000 }));
    assert.ok(release.release !== undefined && release.release >= 252, JSON.stringify(release));
    const facts = userDatabaseFacts(
      target.host,
      await runToEnd(onTarget(target, HOST_PASSWD_WORDS, "none"), { timeoutMs: 30_000 }),
      await runToEnd(onTarget(target, HOST_GROUP_WORDS, "none"), { timeoutMs: 30_000 }),
    );
    // The sshd runs on this machine: its database is this machine's.
    assert.deepEqual(facts, {
      users: namesOf(readFileSync("/etc/passwd", "utf8")),
      groups: namesOf(readFileSync("/etc/group", "utf8")),
    });
  },
);
