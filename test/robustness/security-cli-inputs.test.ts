/**
 * Finding 17.7: the command line reads only regular files. A FIFO, a
 * character device such as /dev/zero or a directory given where a file is
 * expected ends with exit 2 and a message that names the file and what it
 * is; a directory whose symbolic links loop back on it is walked once.
 * Each run has a spawn timeout that kills a hung CLI: a hang shows as a
 * missing exit status, not as a slow pass.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = join(__dirname, "../../dist/cli.js");
const skip = !existsSync(cli) && "dist/cli.js is not built (npm run build)";
let dir: string;

function run(args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  // A hung run is killed here; its status is then null and the assertion on it fails.
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function fifo(name: string): string {
  const p = join(dir, name);
  const r = spawnSync("mkfifo", [p]);
  assert.equal(r.status, 0, `mkfifo ${p}`);
  return p;
}

/** Exit 2, and the first line on stderr names the file and says why. */
function assertRefused(r: ReturnType<typeof run>, path: string, why: RegExp): void {
  assert.equal(
    r.signal,
    null,
    `the CLI finished by itself (it was killed by ${r.signal}); stderr: ${r.stderr.slice(0, 300)}`,
  );
  assert.equal(r.status, 2, `exit 2; stderr: ${r.stderr.slice(0, 300)}`);
  const first = r.stderr.split("\n")[0]!;
  assert.ok(first.includes(path), `the message names ${path}: ${first}`);
  assert.match(first, why);
  assert.equal(r.stdout, "", "nothing on stdout");
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "tmpfiles-security-cli-"));
  writeFileSync(join(dir, "good.conf"), "d /run/good 0755 root root -\n");
  writeFileSync(join(dir, "good.json"), '[{"target":"x","source":"/nix/store/x"}]\n');
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("check of a FIFO exits 2 naming it (it waited for a writer for ever)", { skip, timeout: 60_000 }, () => {
  const p = fifo("fifo.conf");
  assertRefused(run(["check", p]), p, /named pipe|FIFO/);
});

test("generate and plan of a FIFO exit 2 naming it", { skip, timeout: 90_000 }, () => {
  const p = fifo("fifo.json");
  assertRefused(run(["generate", p]), p, /named pipe|FIFO/);
  assertRefused(run(["plan", "--old", p, "--new", join(dir, "good.json")]), p, /named pipe|FIFO/);
  assertRefused(run(["plan", "--old", join(dir, "good.json"), "--new", p]), p, /named pipe|FIFO/);
});

test("check of /dev/zero exits 2 naming it (it grew by 50 MB a second)", { skip, timeout: 60_000 }, () => {
  assertRefused(run(["check", "/dev/zero"]), "/dev/zero", /character device/);
  assertRefused(run(["generate", "/dev/zero"]), "/dev/zero", /character device/);
});

test("--passwd and --group must be regular files too", { skip, timeout: 120_000 }, () => {
  const p = fifo("passwd");
  const good = join(dir, "good.conf");
  assertRefused(run(["check", "--passwd", p, good]), p, /named pipe|FIFO/);
  assertRefused(run(["check", "--group", "/dev/zero", good]), "/dev/zero", /character device/);
  assertRefused(run(["check", "--passwd", dir, good]), dir, /directory/);
});

test(
  "a directory whose links point back at it is walked once (ln -s . a; ln -s . b walked 2^32 paths)",
  { skip, timeout: 60_000 },
  () => {
    const loop = join(dir, "loop");
    mkdirSync(join(loop, "sub"), { recursive: true });
    writeFileSync(join(loop, "x.conf"), "d /run/x 0755 root root -\n");
    writeFileSync(join(loop, "sub", "y.conf"), "d /run/y 0755 root root -\n");
    symlinkSync(".", join(loop, "a"));
    symlinkSync(".", join(loop, "b"));
    symlinkSync("..", join(loop, "sub", "up"));
    symlinkSync(loop, join(loop, "sub", "abs"));
    symlinkSync("self.conf", join(loop, "self.conf")); // a link to itself: ELOOP, skipped as a dangling link is
    const r = run(["check", "--format", "json", loop]);
    assert.equal(r.signal, null, "the walk ends");
    assert.equal(r.status, 0, r.stderr);
    const paths = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort();
    assert.deepEqual(paths, [join(loop, "sub", "y.conf"), join(loop, "x.conf")]);
  },
);

test(
  "in a walked directory a link to a file is read and a FIFO or device is left out, as systemd does",
  { skip, timeout: 60_000 },
  () => {
    const d = join(dir, "mixed");
    mkdirSync(d);
    writeFileSync(join(dir, "target.txt"), "d /run/linked 0755 root root -\n");
    symlinkSync(join(dir, "target.txt"), join(d, "linked.conf"));
    symlinkSync("/dev/zero", join(d, "zero.conf"));
    spawnSync("mkfifo", [join(d, "pipe.conf")]);
    const r = run(["check", "--format", "json", d]);
    assert.equal(r.signal, null, "the check ends");
    assert.equal(r.status, 0, r.stderr);
    const paths = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    assert.deepEqual(paths, [join(d, "linked.conf")]);
  },
);
