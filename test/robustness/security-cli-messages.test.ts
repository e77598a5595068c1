/**
 * Finding 17.10: every exit 2 of the command line comes with exactly one
 * line on stderr (docs/contracts.md §1: "2 for a usage error or an unreadable input
 * (with a one-line message on stderr)"). The usage text was appended to
 * every such message, a missing file included; and a path holding a line
 * break broke the message in two.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = join(__dirname, "../../dist/cli.js");
const skip = !existsSync(cli) && "dist/cli.js is not built (npm run build)";
let dir: string;

function run(args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 30_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on stdout, one line on stderr (ending in its newline) that matches `what`. */
function assertOneLine(args: string[], what: RegExp): void {
  const r = run(args);
  const shown = `${args.join(" ")}: ${JSON.stringify(r.stderr.slice(0, 400))}`;
  assert.equal(r.signal, null, shown);
  assert.equal(r.status, 2, shown);
  assert.equal(r.stdout, "", shown);
  assert.match(r.stderr, /^tmpfiles-lsp: [^\n\r\u2028\u2029\u0085]*\n$/, `one line on stderr: ${shown}`);
  assert.match(r.stderr, what, shown);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "tmpfiles-security-cli-messages-"));
  writeFileSync(join(dir, "good.conf"), "d /run/good 0755 root root -\n");
  writeFileSync(join(dir, "good.json"), '[{"target":"x","source":"/nix/store/x"}]\n');
  writeFileSync(join(dir, "file"), "not a directory\n");
  mkdirSync(join(dir, "sub"));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("a missing file: one line naming it, for check, generate and plan", { skip, timeout: 120_000 }, () => {
  const missing = join(dir, "missing.conf");
  assertOneLine(["check", missing], /missing\.conf: no such file or directory/);
  assertOneLine(["generate", join(dir, "missing.json")], /missing\.json: no such file or directory/);
  assertOneLine(
    ["plan", "--old", join(dir, "missing.json"), "--new", join(dir, "good.json")],
    /missing\.json: no such file or directory/,
  );
  assertOneLine(
    ["check", "--passwd", join(dir, "missing-passwd"), join(dir, "good.conf")],
    /missing-passwd: no such file or directory/,
  );
});

// ENOTDIR is refused whoever runs the test (root reads a file of mode 000, so EACCES cannot be shown as root).
test("a path through a file (ENOTDIR): one line naming it", { skip, timeout: 120_000 }, () => {
  const through = join(dir, "file", "x.conf");
  assertOneLine(["check", through], /file\/x\.conf: .*not a directory/);
  assertOneLine(["generate", join(dir, "file", "m.json")], /file\/m\.json: .*not a directory/);
  assertOneLine(
    ["check", "--group", join(dir, "file", "group"), join(dir, "good.conf")],
    /file\/group: .*not a directory/,
  );
});

test("a directory where a file belongs: one line", { skip, timeout: 60_000 }, () => {
  assertOneLine(["generate", join(dir, "sub")], /sub: a directory/);
});

test("usage errors: one line each", { skip, timeout: 120_000 }, () => {
  assertOneLine(["check", "--bogus", join(dir, "good.conf")], /unknown option --bogus/);
  assertOneLine(["check", "--systemd-version", "200", join(dir, "good.conf")], /--systemd-version/);
  assertOneLine(["check", "--systemd-version", "abc", join(dir, "good.conf")], /--systemd-version/);
  assertOneLine(["generate", join(dir, "good.json"), "--systemd-version", "9999"], /--systemd-version/);
  assertOneLine(["check", "--systemd-version"], /--systemd-version needs a value/);
  assertOneLine(["check", "--format", "xml", join(dir, "good.conf")], /--format/);
  assertOneLine(["check"], /check needs at least one PATH/);
  assertOneLine(["plan", "--old", join(dir, "good.json")], /plan needs --old OLD and --new NEW/);
  assertOneLine(["lsp"], /lsp needs --stdio/);
  assertOneLine([], /no command given/);
  assertOneLine(["frobnicate"], /unknown command 'frobnicate'/);
});

test("a line break in a path or an argument stays inside the one line", { skip, timeout: 120_000 }, () => {
  assertOneLine(["check", join(dir, "a\nb.conf")], /a\\nb\.conf: no such file or directory/);
  assertOneLine(["check", join(dir, "a\rb\u2028c.conf")], /no such file or directory/);
  assertOneLine(["check", "--bogus\nflag", join(dir, "good.conf")], /unknown option --bogus\\nflag/);
  assertOneLine(["frob\nnicate"], /unknown command 'frob\\nnicate'/);
});
