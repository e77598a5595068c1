import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  copySourcesCommandLine,
  copySourcesInput,
  existingSources,
  dryRunCommandLine,
  DRY_RUN_WORDS,
  gitHeadCommandLine,
  HOST_STATE_WORDS,
  hostStateCommandLines,
  HostNameError,
  installHint,
  parseReleaseOutput,
  ISOLATE_SCRIPT,
  ISOLATED_WORDS,
  JAIL_SCRIPT,
  RUN_SCRIPT,
  TMPFILES_SCRIPT,
  shellJoin,
  shellQuote,
  targetFromSettings,
  validateHostName,
  versionCommandLine,
} from "../../../../client/src/dryRun/commandLine";

const ssh = { kind: "ssh" as const, host: "build-box", sshConfig: "/home/me/.ssh/test config" };

test("local: the program and its arguments as they are, the file on stdin", () => {
  const from256 = dryRunCommandLine({ kind: "local" }, 256);
  assert.deepEqual(
    [from256.executable, ...from256.args],
    ["systemd-tmpfiles", "--dry-run", "--create", "--remove", "--boot", "-"],
  );
  assert.equal(from256.stdin, "config");
  assert.equal(from256.display, "systemd-tmpfiles --dry-run --create --remove --boot -");
  const before = dryRunCommandLine({ kind: "local" }, 255);
  assert.deepEqual(
    [before.executable, ...before.args],
    ["sh", "-c", ISOLATE_SCRIPT, "tmpfiles-dry-run", JAIL_SCRIPT, RUN_SCRIPT, TMPFILES_SCRIPT],
  );
  assert.equal(before.stdin, "config");
  const v = versionCommandLine({ kind: "local" });
  assert.deepEqual([v.executable, ...v.args, v.stdin], ["systemd-tmpfiles", "--version", "none"]);
});

test("ssh: options, then --, then the host, then one fixed remote command", () => {
  const c = dryRunCommandLine(ssh, 257);
  assert.equal(c.executable, "ssh");
  assert.deepEqual(c.args, [
    "-F",
    "/home/me/.ssh/test config",
    "-o",
    "BatchMode=yes",
    "-T",
    "--",
    "build-box",
    "systemd-tmpfiles --dry-run --create --remove --boot -",
  ]);
  assert.equal(
    c.display,
    "ssh -F '/home/me/.ssh/test config' -o BatchMode=yes -T -- build-box 'systemd-tmpfiles --dry-run --create --remove --boot -'",
  );
  const old = dryRunCommandLine({ kind: "ssh", host: "root@10.0.0.2" }, 252);
  assert.deepEqual(old.args.slice(0, 5), ["-o", "BatchMode=yes", "-T", "--", "root@10.0.0.2"]);
  assert.equal(
    old.args[5],
    `sh -c '${ISOLATE_SCRIPT}' tmpfiles-dry-run '${JAIL_SCRIPT}' '${RUN_SCRIPT}' '${TMPFILES_SCRIPT}'`,
  );
  assert.equal(old.args.length, 6);
  // Nothing turns host-key checking off.
  for (const c2 of [c, old, versionCommandLine(ssh), hostStateCommandLines(ssh).entries]) {
    assert.ok(
      !c2.args.some((a) => /StrictHostKeyChecking|UserKnownHostsFile|GlobalKnownHostsFile/i.test(a)),
      c2.display,
    );
  }
});

test("the release decides: --dry-run from 256, an isolated scratch root before", () => {
  for (const r of [252, 253, 254, 255])
    assert.deepEqual(dryRunCommandLine({ kind: "local" }, r).args, ISOLATED_WORDS.slice(1));
  for (const r of [256, 257, 262])
    assert.deepEqual(dryRunCommandLine({ kind: "local" }, r).args, DRY_RUN_WORDS.slice(1));
  assert.throws(() => dryRunCommandLine({ kind: "local" }, Number.NaN));
});

test("host names: what ssh could read as an option or expand is refused", () => {
  for (const ok of [
    "host",
    "build-box",
    "root@10.0.0.2",
    "me@host.example.org",
    "::1",
    "[fe80::1]",
    "tmpfiles_test",
    "a",
  ])
    assert.equal(validateHostName(ok), ok);
  for (const bad of [
    "",
    "-oProxyCommand=touch /tmp/x",
    "-p",
    "host name",
    "host\n",
    "me@-oProxyCommand=x",
    "@host",
    "host;rm",
    "$(id)",
    "`id`",
    "h%d",
    "a@b@c",
    "host/x",
    "x".repeat(256),
    "ssh://host",
  ]) {
    assert.throws(() => validateHostName(bad), HostNameError, JSON.stringify(bad));
    assert.throws(() => dryRunCommandLine({ kind: "ssh", host: bad }, 257), HostNameError);
  }
  assert.throws(() => dryRunCommandLine({ kind: "ssh", host: "h", sshConfig: "relative/config" }, 257), HostNameError);
});

test("settings: empty host is this machine; the ssh config is made absolute", () => {
  assert.deepEqual(targetFromSettings({}), { kind: "local" });
  assert.deepEqual(targetFromSettings({ host: "  " }), { kind: "local" });
  assert.deepEqual(targetFromSettings({ host: 42 }), { kind: "local" });
  assert.deepEqual(targetFromSettings({ host: "box" }), { kind: "ssh", host: "box" });
  assert.deepEqual(targetFromSettings({ host: "box", sshConfig: "ci/ssh_config" }, { workspaceFolder: "/ws/" }), {
    kind: "ssh",
    host: "box",
    sshConfig: "/ws/ci/ssh_config",
  });
  assert.deepEqual(targetFromSettings({ host: "box", sshConfig: "~/.ssh/other" }, { home: "/home/me" }), {
    kind: "ssh",
    host: "box",
    sshConfig: "/home/me/.ssh/other",
  });
  assert.deepEqual(targetFromSettings({ host: "box", sshConfig: "/etc/ssh/x" }), {
    kind: "ssh",
    host: "box",
    sshConfig: "/etc/ssh/x",
  });
  assert.throws(() => targetFromSettings({ host: "box", sshConfig: "rel" }), HostNameError);
  assert.throws(() => targetFromSettings({ host: "-oProxyCommand=x" }), HostNameError);
});

test("release detection from systemd-tmpfiles --version", () => {
  assert.equal(parseReleaseOutput("systemd 252 (252.38-1~deb12u1)\n+PAM +AUDIT +SELINUX\n"), 252);
  assert.equal(parseReleaseOutput("systemd 262 (262.1-1)\n"), 262);
  assert.equal(parseReleaseOutput("systemd 256 (256.7)\n"), 256);
  assert.equal(parseReleaseOutput("systemd 255~rc2\n"), 255);
  assert.equal(parseReleaseOutput("\n  systemd 257\n"), 257);
  assert.equal(parseReleaseOutput("systemd-tmpfiles 254 (254.5-1~bpo12+3)\n"), 254);
  assert.equal(parseReleaseOutput(""), undefined);
  assert.equal(parseReleaseOutput("sh: 1: systemd-tmpfiles: not found\n"), undefined);
  assert.equal(parseReleaseOutput("bash: line 1: systemd-tmpfiles: command not found"), undefined);
  assert.equal(parseReleaseOutput("systemd abc\n"), undefined);
  assert.equal(parseReleaseOutput("libsystemd 252\n"), undefined);
});

test("quoting: what a shell reads back is the word", () => {
  const words = [
    "plain",
    "",
    "two words",
    "it's",
    "'",
    "''",
    "$HOME",
    "`id`",
    "a\nb",
    "semi;colon",
    "back\\slash",
    "*",
    "~",
    "-x",
    "ünï",
    "%h",
  ];
  for (const w of words) {
    const r = spawnSync("sh", ["-c", `printf '%s\\0' ${shellQuote(w)}`], { encoding: "utf8" });
    assert.equal(r.stdout, `${w}\0`, `sh reads back ${JSON.stringify(w)} from ${shellQuote(w)}`);
  }
  const r = spawnSync("sh", ["-c", `printf '%s\\0' ${shellJoin(words)}`], { encoding: "utf8" });
  assert.deepEqual(r.stdout.split("\0").slice(0, -1), words);
  assert.equal(shellQuote("abc-1.2/x"), "abc-1.2/x");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
});

test("the fixed scripts read the same in every login shell: no quote, newline, ! or doubled backslash", () => {
  for (const s of [...ISOLATED_WORDS, ...HOST_STATE_WORDS]) {
    assert.ok(!/['\n!]|\\\\|\\'/.test(s), s);
  }
  // The remote command of ssh is the words of the local one, quoted once.
  const remote = dryRunCommandLine({ kind: "ssh", host: "h" }, 252).args.at(-1)!;
  const r = spawnSync("sh", ["-c", `printf '%s\\0' ${remote}`], { encoding: "utf8" });
  assert.deepEqual(r.stdout.split("\0").slice(0, -1), ISOLATED_WORDS);
});

test("git HEAD: an argument list, the name after HEAD:./, nothing read as an option", () => {
  const c = gitHeadCommandLine("/ws/examples", "etc-manifest.json");
  assert.deepEqual(
    [c.executable, ...c.args],
    ["git", "-C", "/ws/examples", "show", "--no-textconv", "--end-of-options", "HEAD:./etc-manifest.json"],
  );
  assert.equal(gitHeadCommandLine("/ws", "-rf").args.at(-1), "HEAD:./-rf");
  assert.throws(() => gitHeadCommandLine("/ws", "a/b"));
  assert.throws(() => gitHeadCommandLine("/ws", ".."));
});

test("host state: read-only commands on the target", () => {
  const { entries, cleanList } = hostStateCommandLines({ kind: "local" });
  assert.deepEqual(
    [entries.executable, ...entries.args],
    ["find", "/etc", "-mindepth", "1", "-printf", "%y\\0%m\\0%u\\0%g\\0%P\\0%l\\0"],
  );
  assert.deepEqual([cleanList.executable, ...cleanList.args], ["cat", "--", "/etc/.clean"]);
  const remote = hostStateCommandLines({ kind: "ssh", host: "h" }).entries;
  assert.equal(remote.args.at(-1), "find /etc -mindepth 1 -printf '%y\\0%m\\0%u\\0%g\\0%P\\0%l\\0'");
});

test("a missing program gets a message that says what to install", () => {
  assert.match(
    installHint("ssh", "on this machine"),
    /^ssh is not installed on this machine: install the OpenSSH client \(Debian\/Ubuntu: apt install openssh-client/,
  );
  assert.match(
    installHint("systemd-tmpfiles", "on build-box (over ssh)"),
    /not installed on build-box \(over ssh\): install systemd .*systemd-standalone-tmpfiles/,
  );
  assert.match(installHint("git", "here"), /apt install git/);
});

test("the terminal's short form: the isolated run names its scripts, --dry-run is shown as it is", () => {
  const before = dryRunCommandLine({ kind: "local" }, 255);
  assert.equal(before.short, "sh -c <isolated run before 256> …");
  assert.ok(before.display.includes(TMPFILES_SCRIPT.slice(0, 40)), "the full command line stays in display");
  const remote = dryRunCommandLine(ssh, 252);
  assert.equal(
    remote.short,
    "ssh -F '/home/me/.ssh/test config' -o BatchMode=yes -T -- build-box sh -c <isolated run before 256> …",
  );
  assert.equal(dryRunCommandLine({ kind: "local" }, 262).short, undefined);
});

test("copy sources: stat with the paths as its arguments here, read from stdin over ssh", () => {
  const sources = ["/nix/store/x-a", "/nix/store/y b'$(c)"];
  const local = copySourcesCommandLine({ kind: "local" }, sources);
  assert.deepEqual([local.executable, ...local.args], ["stat", "--printf=%n\\0", "--", ...sources]);
  assert.equal(local.stdin, "none");
  assert.equal(local.short, "stat '--printf=%n\\0' -- <2 copy sources>");
  assert.equal(copySourcesInput({ kind: "local" }, sources), undefined);
  const remote = copySourcesCommandLine(ssh, sources);
  assert.deepEqual(remote.args.slice(-1), ["xargs -0 -r stat '--printf=%n\\0' --"], "no path in the remote command");
  assert.equal(remote.stdin, "paths");
  assert.equal(copySourcesInput(ssh, sources), "/nix/store/x-a\0/nix/store/y b'$(c)\0");
  assert.match(remote.short!, /< <2 copy sources>$/);
  assert.throws(() => copySourcesCommandLine({ kind: "local" }, ["-rf"]));
  assert.throws(() => copySourcesCommandLine(ssh, ["/a\0b"]));
  assert.deepEqual([...existingSources("/a\0/b c\n\0")], ["/a", "/b c\n"]);
});
