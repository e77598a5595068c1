import { test } from "node:test";
import assert from "node:assert/strict";
import {
  describeRun,
  impliedParents,
  manifestErrorLines,
  missingSourceWarning,
  rejectedLines,
  scratchCopiesNote,
} from "../../../../client/src/dryRun/runSummary";

// What systemd-tmpfiles 262 --dry-run printed for a file with a bad line 2, an unknown user on 3 and a syntax error on 4.
const OUTPUT_262 = [
  "<stdin>:2: Unknown modifiers in command: bogus",
  "<stdin>:3: Failed to resolve user 'nosuchuser': Unknown user",
  "<stdin>:4: Syntax error.",
  '<stdin>:5: Duplicate line for path "/tmp/y", ignoring.',
  "Would create directory /var/lib/x",
  "",
].join("\n");

test("rejected lines: each <stdin>:N: message that is not a ', ignoring.' notice, once per line", () => {
  assert.deepEqual(rejectedLines(OUTPUT_262), [2, 3, 4]);
  assert.deepEqual(rejectedLines("<stdin>:7: a\n<stdin>:7: b\n\x1b[0;1;31m<stdin>:1: c\x1b[0m\n"), [1, 7]);
  assert.deepEqual(rejectedLines("Would create directory /x\n"), []);
  // The /var/run notice of 262 (seen in the browser scenario dry-run-over-ssh-262-bad-line): the line is kept, rewritten to /run.
  assert.deepEqual(
    rejectedLines(
      "<stdin>:22: Line references path below legacy directory /var/run/, updating /var/run/example-legacy \u2192 /run/example-legacy; please update the tmpfiles.d/ drop-in file accordingly.\n<stdin>:25: d lines don't take argument fields.\n",
    ),
    [25],
  );
});

test("--dry-run (256+): nothing was applied, whatever the exit", () => {
  assert.equal(
    describeRun({ code: 65, signal: null }, "dry-run", OUTPUT_262),
    "exit status 65: systemd-tmpfiles rejected 3 lines (2, 3, 4); this was a dry-run: nothing was changed",
  );
  assert.equal(
    describeRun({ code: 65, signal: null }, "dry-run", "<stdin>:4: Syntax error.\n"),
    "exit status 65: systemd-tmpfiles rejected 1 line (4); this was a dry-run: nothing was changed",
  );
  assert.equal(
    describeRun({ code: 65, signal: null }, "dry-run", ""),
    "exit status 65: systemd-tmpfiles rejected some lines; this was a dry-run: nothing was changed",
  );
  assert.equal(
    describeRun({ code: 0, signal: null }, "dry-run", ""),
    "exit status 0: every line was accepted; this was a dry-run: nothing was changed",
  );
  assert.equal(
    describeRun({ code: 73, signal: null }, "dry-run", ""),
    "exit status 73: something could not be created; this was a dry-run: nothing was changed",
  );
  assert.equal(
    describeRun({ code: null, signal: "SIGINT" }, "dry-run", ""),
    "stopped by SIGINT; this was a dry-run: nothing was changed",
  );
  for (const code of [0, 1, 65, 73])
    assert.doesNotMatch(describeRun({ code, signal: null }, "dry-run", OUTPUT_262), /applied/);
});

test("before 256: the lines ran in the scratch root, not on the host", () => {
  assert.equal(
    describeRun({ code: 65, signal: null }, "isolated", "<stdin>:4: Syntax error.\n"),
    "exit status 65: systemd-tmpfiles rejected 1 line (4); the others ran in the scratch root, which is gone: nothing on the host was changed",
  );
  assert.equal(
    describeRun({ code: 0, signal: null }, "isolated", ""),
    "exit status 0: every line was accepted; it ran in the scratch root, which is gone: nothing on the host was changed",
  );
  assert.equal(
    describeRun({ code: 127, signal: null }, "isolated", ""),
    "exit status 127: a program was not found; nothing on the host was changed",
  );
  assert.equal(
    describeRun({ code: null, signal: "SIGKILL" }, "isolated", ""),
    "stopped by SIGKILL; nothing on the host was changed",
  );
  assert.equal(
    describeRun({ code: 69, signal: null }, "isolated", ""),
    "exit status 69: nothing ran: before 256 a dry-run needs a private, read-only view of the host, and the host refused it",
  );
});

test("the scratch listing: parents that exist only because the root starts empty", () => {
  const source = "d /var/lib/x 0755 root root -\nf /etc/foo/bar 0644 - - - hi\nd /etc/foo\n";
  const listed = ["/etc/foo", "/etc/foo/bar", "/var", "/var/lib", "/var/lib/x"];
  assert.deepEqual(impliedParents(listed, source), ["/var", "/var/lib"]);
  // A directory that is listed alone is kept even when no line names it (it is not a parent of anything listed).
  assert.deepEqual(impliedParents(["/run/odd"], source), []);
  // Named by a line (however it is spelled): kept.
  assert.deepEqual(impliedParents(["/var", "/var/lib", "/var/lib/x"], "d /var//lib/ -\nd /var/lib/x\n"), ["/var"]);
  assert.deepEqual(impliedParents(["/a", "/ab"], "f /ab\n"), []);
});

test("a manifest's dry-run: missing copy sources and the manifest's errors, in words", () => {
  const copy = { line: 3, path: "/etc/ssh/sshd_config", source: "/nix/store/x-sshd" };
  assert.equal(
    missingSourceWarning(copy, "on build-box (over ssh)"),
    "Warning: line 3 (C /etc/ssh/sshd_config) copies /nix/store/x-sshd, which does not exist on build-box (over ssh): systemd-tmpfiles skips such a line without a word, so /etc/ssh/sshd_config would not be created.",
  );
  assert.equal(
    scratchCopiesNote(2, "on this machine"),
    "The scratch root holds none of the copy sources, so systemd-tmpfiles skipped the 2 C lines there without a word; the check below looks for the sources on this machine.",
  );
  assert.deepEqual(manifestErrorLines("hosts.etc.json", []), []);
  assert.deepEqual(
    manifestErrorLines("hosts.etc.json", [{ line: 4, message: "The user id 4294967295 is reserved." }]),
    [
      "Warning: hosts.etc.json has 1 error that this dry-run cannot show (the snippet that ran leaves out the entries they make invalid, or keeps one of entries that conflict):",
      "  hosts.etc.json line 4: The user id 4294967295 is reserved.",
    ],
  );
});
