/**
 * Commands that must not escape: the dry-run command lines the client
 * builds (client/src/dryRun/commandLine.ts), run by the client's own runner
 * (process.ts) against recorder programs named ssh, systemd-tmpfiles and
 * git. Host names, ssh config paths, folders, file names and file contents
 * built to inject (`$(…)`, backticks, `;`, newlines, a host named
 * `-oProxyCommand=…`, spaces and quotes) either are refused or reach the
 * program as exactly one argument (or as the exact bytes of stdin), and the
 * remote shell runs only the fixed words. A sentinel file that every
 * injection tries to create must never appear.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import {
  copySourcesCommandLine,
  copySourcesInput,
  existingSources,
  DRY_RUN_WORDS,
  dryRunCommandLine,
  gitHeadCommandLine,
  HostNameError,
  hostStateCommandLines,
  shellJoin,
  targetFromSettings,
  versionCommandLine,
  type CommandLine,
} from "../../client/src/dryRun/commandLine";
import { runToEnd } from "../../client/src/dryRun/process";
import { count } from "./counts";
import { runs } from "./settings";

let dir: string;
let bin: string;
let rec: string;
let sentinel: string;

/** Payloads that would create the sentinel if any shell read them as code. */
function payloads(s: string): string[] {
  return [
    `$(touch ${s})`,
    `\`touch ${s}\``,
    `;touch ${s}`,
    `x; touch ${s}`,
    `x && touch ${s}`,
    `x | touch ${s}`,
    `x\ntouch ${s}`,
    `x\rtouch ${s}`,
    `'; touch ${s}; '`,
    `"; touch ${s}; "`,
    `\\'; touch ${s} #`,
    `-oProxyCommand=touch ${s}`,
    `-oProxyCommand=sh -c 'touch ${s}'`,
    `-F/dev/null`,
    `${s} with spaces`,
    `$HOME`,
    `\${IFS}touch\${IFS}${s}`,
    `%h%p`,
    `!!`,
    `a'b"c`,
    `x > ${s}`,
    `ü-ä`,
  ];
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "tmpfiles-commands-"));
  bin = join(dir, "bin");
  rec = join(dir, "rec");
  sentinel = join(dir, "INJECTED");
  for (const d of [bin, rec]) spawnSync("mkdir", ["-p", d]);
  // Each recorder writes its arguments (NUL-terminated) and its stdin to a numbered record.
  const recorder = (name: string, then = "") =>
    `#!/bin/sh\nn=$(mktemp "${rec}/${name}.XXXXXX")\nprintf '%s\\0' "$@" > "$n.args"\n${then}\n`;
  writeFileSync(
    join(bin, "systemd-tmpfiles"),
    recorder("systemd-tmpfiles", `cat > "$n.stdin"\ncase "$1" in --version) echo "systemd 257 (257.1)";; esac\nexit 0`),
  );
  writeFileSync(join(bin, "git"), recorder("git", "exit 0"));
  // ssh: skip options up to "--", take the host, and hand the rest, joined by spaces as ssh does, to a shell (the remote login shell).
  writeFileSync(
    join(bin, "ssh"),
    recorder(
      "ssh",
      [
        'while [ $# -gt 0 ]; do a="$1"; shift; [ "$a" = "--" ] && break; done',
        'printf "%s" "$1" > "$n.host"; shift',
        `PATH="${bin}:/usr/bin:/bin"; export PATH`,
        'exec sh -c "$*"',
      ].join("\n"),
    ),
  );
  for (const p of ["systemd-tmpfiles", "git", "ssh"]) chmodSync(join(bin, p), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`;
});

after(() => {
  assert.ok(!existsSync(sentinel), "no injection ran");
  rmSync(dir, { recursive: true, force: true });
});

function records(name: string): { args: string[]; stdin?: Buffer; host?: string }[] {
  return readdirSync(rec)
    .filter((f) => f.startsWith(`${name}.`) && f.endsWith(".args"))
    .sort()
    .map((f) => {
      const base = join(rec, f.slice(0, -5));
      const args = readFileSync(`${base}.args`, "utf8").split("\0").slice(0, -1);
      return {
        args,
        ...(existsSync(`${base}.stdin`) ? { stdin: readFileSync(`${base}.stdin`) } : {}),
        ...(existsSync(`${base}.host`) ? { host: readFileSync(`${base}.host`, "utf8") } : {}),
      };
    });
}

function clearRecords(): void {
  for (const f of readdirSync(rec)) rmSync(join(rec, f), { force: true });
}

/** Runs a command line through the client's runner and returns what each recorder saw. */
async function run(cmd: CommandLine, stdinText?: string) {
  clearRecords();
  const r = await runToEnd(cmd, { ...(stdinText !== undefined ? { stdinText } : {}), timeoutMs: 20_000 });
  assert.equal(r.error, undefined, `${cmd.display} could not start`);
  return { ...r, ssh: records("ssh"), tmpfiles: records("systemd-tmpfiles"), git: records("git") };
}

/** A host setting: refused with HostNameError, or reaching ssh as the one argument after "--", never as an option. */
async function tryHost(host: string, content = "d /run/x\n"): Promise<void> {
  count("injections");
  let target;
  try {
    target = targetFromSettings({ host });
  } catch (e) {
    assert.ok(e instanceof HostNameError, `refused with a HostNameError: ${String(e)}`);
    return;
  }
  if (target.kind === "local") {
    assert.equal(host.trim(), "", "only an empty host means this machine");
    return;
  }
  assert.ok(!target.host.startsWith("-"), `${JSON.stringify(host)} is never an option`);
  for (const cmd of [dryRunCommandLine(target, 257), versionCommandLine(target)]) {
    const r = await run(cmd, content);
    assert.equal(r.ssh.length, 1);
    assert.deepEqual(r.ssh[0]!.args, cmd.args, "ssh gets exactly the argument list");
    assert.equal(r.ssh[0]!.host, target.host, "the host is the one argument after --");
    assert.equal(r.tmpfiles.length, 1, "the remote shell runs systemd-tmpfiles once");
  }
}

test("host names built to inject are refused or reach ssh as one argument after --", async () => {
  const hosts = [
    ...payloads(join(dir ?? "/tmp", "INJECTED")),
    "-",
    "--",
    "-v",
    "-oProxyCommand=x",
    "host",
    "user@host",
    "h-1.example.org",
    "[::1]",
    "::1",
    "user@-host",
    "-user@host",
    " host ",
    "a".repeat(300),
    "\thost",
    "host\0x",
    "@host",
    "user@",
    "@",
  ];
  for (const h of hosts) await tryHost(h.replace(/INJECTED/g, sentinel));
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom(...payloads(sentinel)).map((p) => `h${p}`),
      ),
      (h) => tryHost(h),
    ),
    runs(150),
  );
});

test("the file's text reaches systemd-tmpfiles byte for byte on stdin, locally and over ssh, and is never a command", async () => {
  const local = dryRunCommandLine({ kind: "local" }, 257);
  const remote = dryRunCommandLine({ kind: "ssh", host: "example" }, 257);
  assert.deepEqual([local.executable, ...local.args], DRY_RUN_WORDS);
  const texts = [...payloads(sentinel).map((p) => `f /run/${p} - - - - ${p}\n`), "\0\r\n\u2028", "x".repeat(1 << 20)];
  const check = async (text: string): Promise<void> => {
    count("injections");
    for (const cmd of [local, remote]) {
      const r = await run(cmd, text);
      assert.equal(r.tmpfiles.length, 1);
      assert.deepEqual(r.tmpfiles[0]!.args, DRY_RUN_WORDS.slice(1), "the fixed words, nothing from the file");
      assert.ok(r.tmpfiles[0]!.stdin!.equals(Buffer.from(text, "utf8")), "stdin holds the text");
    }
  };
  for (const t of texts) await check(t);
  await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), check), runs(60));
});

test("before 256 the isolated run gets the fixed words and the text on stdin, and leaves nothing behind", async () => {
  count("injections");
  // Inside the isolated root the host's temporary directory is out of sight, so for this test the recorder prints what it got.
  const recorder = join(bin, "systemd-tmpfiles");
  const saved = readFileSync(recorder);
  writeFileSync(
    recorder,
    [
      "#!/bin/sh",
      "printf 'RECORD-ARGS '; printf '%s|' \"$@\"; printf '\\n'",
      "printf 'RECORD-STDIN '; od -An -v -tx1 | tr -d ' \\n'; printf '\\n'",
      "exit 0",
      "",
    ].join("\n"),
  );
  const text = `f /run/$(touch ${sentinel}) - - - - \`touch ${sentinel}\`\n`;
  try {
    for (const target of [{ kind: "local" } as const, { kind: "ssh", host: "example" } as const]) {
      const r = await run(dryRunCommandLine(target, 252), text);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^Scratch root \/scratch /m);
      const args = /^RECORD-ARGS (.*)$/m.exec(r.stdout)?.[1];
      assert.equal(
        args,
        ["--root=/scratch", ...DRY_RUN_WORDS.slice(2)].map((a) => `${a}|`).join(""),
        "the same actions, stdin as the configuration",
      );
      assert.equal(
        /^RECORD-STDIN (.*)$/m.exec(r.stdout)?.[1],
        Buffer.from(text).toString("hex"),
        "stdin holds the text",
      );
      assert.ok(!existsSync("/tmp/tmpfiles-dry-run"), "the isolated root was never on the host");
      if (target.kind === "ssh") assert.equal(r.ssh.length, 1);
    }
  } finally {
    writeFileSync(recorder, saved);
  }
});

test("ssh config paths, workspace folders and home directories built to inject are refused or one argument of -F", async () => {
  const values = [
    ...payloads(sentinel),
    "/abs/with space/ssh_config",
    "/abs/'quoted'",
    '/abs/"dq"',
    "-F",
    "-oProxyCommand=x",
    "~/x",
    "rel/x",
    "/x\ny",
  ];
  for (const sshConfig of values) {
    for (const where of [
      {},
      { workspaceFolder: `/w/$(touch ${sentinel})`, home: `/h/\`touch ${sentinel}\`` },
      { workspaceFolder: "/w ; touch x", home: "/h\nx" },
    ]) {
      count("injections");
      let target;
      try {
        target = targetFromSettings({ host: "example", sshConfig }, where);
      } catch (e) {
        assert.ok(e instanceof HostNameError, String(e));
        continue;
      }
      assert.equal(target.kind, "ssh");
      const cmd = dryRunCommandLine(target, 257);
      const r = await run(cmd, "d /run/x\n");
      assert.deepEqual(r.ssh[0]!.args, cmd.args);
      if (target.kind === "ssh" && target.sshConfig !== undefined) {
        const i = r.ssh[0]!.args.indexOf("-F");
        assert.equal(r.ssh[0]!.args[i + 1], target.sshConfig, "the config path is one argument");
        assert.ok(target.sshConfig.startsWith("/"), "an absolute path, never an option");
      }
      assert.equal(r.ssh[0]!.host, "example");
      assert.equal(r.tmpfiles.length, 1);
    }
  }
});

test("file names and folders for git show are refused or one argument each", async () => {
  for (const name of [
    ...payloads(sentinel),
    "a b.conf",
    "-n",
    "--output=/tmp/x",
    "x:y",
    "..",
    ".",
    "",
    "a/b",
    "HEAD",
  ]) {
    for (const folder of [dir, `${dir}/$(touch ${sentinel})`, `-C`]) {
      count("injections");
      let cmd: CommandLine;
      try {
        cmd = gitHeadCommandLine(folder, name);
      } catch {
        continue;
      }
      const r = await run(cmd);
      assert.deepEqual(r.git[0]!.args, cmd.args);
      assert.equal(r.git[0]!.args[r.git[0]!.args.indexOf("--end-of-options") + 1], `HEAD:./${name}`);
      assert.equal(r.git[0]!.args[1], folder);
    }
  }
});

test("the other remote commands run only their fixed words", async () => {
  count("injections");
  const s = hostStateCommandLines({ kind: "ssh", host: "example" });
  for (const cmd of [s.entries, s.cleanList]) {
    const r = await run(cmd);
    assert.deepEqual(r.ssh[0]!.args, cmd.args);
  }
});

test("shellJoin and display read back, in sh and bash, as the same words", () => {
  const shells = ["sh", "bash"].filter((sh) => spawnSync(sh, ["-c", "true"]).status === 0);
  const readBack = (sh: string, line: string): string[] => {
    const r = spawnSync(sh, ["-c", `printf '%s\\0' ${line}`], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split("\0").slice(0, -1);
  };
  const word = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...payloads(sentinel)));
  fc.assert(
    fc.property(
      fc.array(
        word.filter((w) => !w.includes("\0")),
        { minLength: 1, maxLength: 5 },
      ),
      (words) => {
        count("injections");
        for (const sh of shells) assert.deepEqual(readBack(sh, shellJoin(words)), words, sh);
      },
    ),
    runs(200),
  );
  for (const cmd of [
    dryRunCommandLine({ kind: "ssh", host: "example", sshConfig: "/a b/c'd" }, 252),
    dryRunCommandLine({ kind: "local" }, 257),
  ]) {
    for (const sh of shells)
      assert.deepEqual(
        readBack(sh, cmd.display),
        [cmd.executable, ...cmd.args],
        `${sh}: the terminal shows the exact command`,
      );
  }
});

test("the recorders would catch an escape: a remote command built from a file name runs the injection", async () => {
  const caught = join(dir, "CAUGHT");
  const naive: CommandLine = {
    executable: "ssh",
    args: ["--", "example", `systemd-tmpfiles --dry-run /run/$(touch ${caught}).conf`],
    stdin: "none",
    display: "",
  };
  const r = await run(naive);
  assert.equal(r.ssh[0]!.host, "example");
  assert.ok(existsSync(caught), "the remote shell ran the injected command: the harness sees escapes");
});

test("copy sources: paths built to inject are looked up as they are, here and over ssh, and only the missing ones are missing", async () => {
  const there = join(dir, "there");
  spawnSync("mkdir", ["-p", there]);
  const present = payloads(sentinel)
    .filter((p) => !p.includes("/"))
    .map((p, i) => join(there, `${i}${p}`));
  for (const p of present) writeFileSync(p, "");
  const missing = payloads(sentinel).map((p) => join(dir, "absent", p));
  const sources = [...present, ...missing];
  for (const target of [{ kind: "local" as const }, { kind: "ssh" as const, host: "example" }]) {
    const cmd = copySourcesCommandLine(target, sources);
    const r = await run(cmd, copySourcesInput(target, sources));
    const found = existingSources(r.stdout);
    assert.deepEqual(
      sources.filter((s) => !found.has(s)),
      missing,
      `${target.kind}: exactly the absent paths are missing`,
    );
    if (target.kind === "ssh")
      assert.ok(!r.ssh[0]!.args.some((a) => a.includes(dir)), "no path reaches the ssh command line");
  }
  assert.ok(!existsSync(sentinel), "no injection ran");
});
