import { test } from "node:test";
import assert from "node:assert/strict";
import { describeExit, lineOfPath, outputLinks, pathsIn, stripAnsi } from "../../../../client/src/dryRun/outputLinks";

const SOURCE = [
  "# generated",
  "d /etc/ssh - - - -",
  "L+ /etc/hosts - - - - /nix/store/1wv-hosts",
  'C "/etc/with space" 0440 0 0 - /nix/store/2c8-sudoers',
  "f /tmp/x 0644 nosuchuser root - hello",
  "x bogus",
  "C /etc/sudoers 0440 0 0 - /nix/store/2c8-sudoers",
  "L+ /etc/hosts - - - - /nix/store/other",
].join("\n");

const at = (line: string, l: { start: number; length: number }): string => line.slice(l.start, l.start + l.length);

test("<stdin>:N: links to line N", () => {
  const line = "<stdin>:5: Failed to resolve user 'nosuchuser': No such process";
  const links = outputLinks(line, SOURCE);
  assert.deepEqual(
    links.map((l) => [at(line, l), l.line]),
    [["<stdin>:5", 5]],
  );
  const named = "/etc/tmpfiles.d/a.conf:12: Unknown modifier";
  assert.deepEqual(
    outputLinks(named, SOURCE).map((l) => [at(named, l), l.line]),
    [["/etc/tmpfiles.d/a.conf:12", 12]],
  );
  assert.deepEqual(outputLinks("<stdin>:0: odd", SOURCE), []);
});

test("Would … lines link each path to the first line that names it", () => {
  const cases: [string, [string, number][]][] = [
    ["Would create directory /etc/ssh", [["/etc/ssh", 2]]],
    ["Would create symlink /etc/hosts -> /nix/store/1wv-hosts", [["/etc/hosts", 3]]],
    ['Would copy tree "/nix/store/2c8-sudoers" to "/etc/sudoers"', [["/etc/sudoers", 7]]],
    ['Would copy tree "/nix/store/2c8-sudoers" to "/etc/with space"', [["/etc/with space", 4]]],
    ["Would create /etc/ssh/", [["/etc/ssh/", 2]]],
    ["Would create /tmp/x", [["/tmp/x", 5]]],
    ["Would create /run/unknown", []],
    ["Scratch root /tmp/tmp.abc (systemd-tmpfiles before 256 has no --dry-run; removed when this ends)", []],
  ];
  for (const [line, want] of cases) {
    assert.deepEqual(
      outputLinks(line, SOURCE).map((l) => [at(line, l), l.line]),
      want,
      line,
    );
  }
});

test("paths and lines, with colours and quoting", () => {
  assert.equal(
    stripAnsi("\x1b[0;1;31m<stdin>:6: Path 'bogus' not absolute.\x1b[0m"),
    "<stdin>:6: Path 'bogus' not absolute.",
  );
  assert.deepEqual(
    outputLinks("\x1b[0;1;31m<stdin>:6: Path 'bogus' not absolute.\x1b[0m", SOURCE).map((l) => l.line),
    [6],
  );
  assert.deepEqual(
    pathsIn("Would remove /etc/a, then /etc/b.").map((p) => p.path),
    ["/etc/a", "/etc/b"],
  );
  assert.equal(lineOfPath(SOURCE, "/etc//ssh"), 2);
  assert.equal(lineOfPath('L+ "/etc/a\\"b" - - - - /x', '/etc/a"b'), 1);
  assert.equal(lineOfPath("# /etc/ssh\n", "/etc/ssh"), undefined);
});

test("exit statuses in words", () => {
  assert.match(describeExit(0, null), /accepted/);
  assert.match(describeExit(65, null), /invalid/);
  assert.match(describeExit(255, null), /ssh/);
  assert.match(describeExit(null, "SIGTERM"), /SIGTERM/);
});
