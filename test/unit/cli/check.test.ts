// The check command as CI and other tools call it (docs/contracts.md §1): the built
// dist/cli.js, its exit codes, its JSON and SARIF documents.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { run, scratch } from "./cli";
import { jsonReport, sarifReport } from "../../support/cliOutput.js";

test("an error exits 1 and is reported on its field in JSON", () => {
  const dir = scratch({ "a.conf": "d /run/ok 0755 root root -\nd /run/bad 9999 root root -\n" });
  const r = run(["check", "--format", "json", join(dir, "a.conf")]);
  assert.equal(r.status, 1);
  const doc = jsonReport(r.stdout);
  assert.equal(doc.version, 1);
  assert.equal(doc.files.length, 1);
  assert.equal(doc.files[0]!.path, join(dir, "a.conf"));
  assert.equal(doc.files[0]!.kind, "tmpfiles");
  assert.deepEqual(
    doc.files[0]!.diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.severity, d.code]),
    [[2, 12, 2, 16, "error", "mode-invalid"]],
  );
});

test("a clean file exits 0; warnings alone exit 0", () => {
  const dir = scratch({ "ok.conf": "d /run/x 0755\n", "warn.conf": "d /run/y 0755\nd /run/y 0700\n" });
  assert.equal(run(["check", join(dir, "ok.conf")]).status, 0);
  const r = run(["check", "--format", "json", join(dir, "warn.conf")]);
  assert.equal(r.status, 0);
  assert.deepEqual(
    jsonReport(r.stdout).files[0]!.diagnostics.map((d) => d.code),
    ["duplicate-path"],
  );
});

test("--systemd-version applies that release's rules and says from which release a form works", () => {
  const dir = scratch({ "a.conf": "L? /etc/x - - - - /target\n" });
  const old = run(["check", "--format", "json", "--systemd-version", "254", join(dir, "a.conf")]);
  assert.equal(old.status, 1);
  const d = jsonReport(old.stdout).files[0]!.diagnostics[0]!;
  assert.equal(d.code, "modifier-not-in-release");
  assert.match(d.message, /257/);
  assert.equal(run(["check", "--systemd-version", "262", join(dir, "a.conf")]).status, 0);
});

test("usage errors and unreadable inputs exit 2 with one message on stderr", () => {
  for (const args of [
    ["check"],
    ["check", "--systemd-version", "200", "x"],
    ["check", "--format", "xml", "x"],
    ["check", "/nonexistent/file.conf"],
    ["frobnicate"],
  ]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, /^tmpfiles-lsp: /);
    assert.equal(r.stdout, "");
  }
});

test("a directory is read in systemd's order, with masking and conflicts across files shown on both lines", () => {
  const dir = scratch({
    "etc/tmpfiles.d/b.conf": "d /run/y\n",
    "usr/lib/tmpfiles.d/b.conf": "d /run/masked 9999\n",
    "usr/lib/tmpfiles.d/a.conf": "d /run/x 0755\n",
    "usr/lib/tmpfiles.d/c.conf": "d /run/x 0700\n",
  });
  const r = run(["check", "--format", "json", dir]);
  assert.equal(r.status, 0, "the masked file's error is not reported");
  const byFile = Object.fromEntries(
    jsonReport(r.stdout).files.map((f) => [f.path.slice(dir.length), f.diagnostics.map((d) => d.code)]),
  );
  assert.deepEqual(byFile, {
    "/usr/lib/tmpfiles.d/a.conf": ["duplicate-path-elsewhere"],
    "/etc/tmpfiles.d/b.conf": [],
    "/usr/lib/tmpfiles.d/b.conf": ["masked-file"],
    "/usr/lib/tmpfiles.d/c.conf": ["duplicate-path"],
  });
});

test("SARIF 2.1.0 for code scanning", () => {
  const dir = scratch({ "a.conf": "d relative\n" });
  const r = run(["check", "--format", "sarif", join(dir, "a.conf")]);
  assert.equal(r.status, 1);
  const sarif = sarifReport(r.stdout);
  assert.equal(sarif.version, "2.1.0");
  const run0 = sarif.runs[0]!;
  assert.equal(run0.tool.driver.name, "tmpfiles-lsp");
  assert.deepEqual(
    run0.tool.driver.rules.map((x) => x.id),
    ["path-not-absolute"],
  );
  assert.equal(
    run0.tool.driver.rules[0]!.helpUri,
    "https://github.com/tmpfiles-lsp/tmpfiles-lsp/blob/main/docs/codes/path-not-absolute.md",
  );
  assert.equal(run0.results[0]!.level, "error");
  assert.deepEqual(run0.results[0]!.locations[0]!.physicalLocation.region, {
    startLine: 1,
    startColumn: 3,
    endLine: 1,
    endColumn: 11,
  });
});

test("manifests are checked as manifests", () => {
  const dir = scratch({
    "m.json":
      '[{"target": "a", "source": "/nix/store/x", "mode": "symlink"}, {"target": "a", "source": "/nix/store/y", "mode": "symlink"}]',
  });
  const r = run(["check", "--format", "json", join(dir, "m.json")]);
  assert.equal(r.status, 1);
  const f = jsonReport(r.stdout).files[0]!;
  assert.equal(f.kind, "manifest");
  assert.ok(f.diagnostics.some((d) => d.severity === "error"));
});

test("a tmpfiles.d line on a path a manifest owns is reported on both sides", () => {
  const dir = scratch({
    "a.conf": "L+ /etc/ssh/sshd_config - - - - /x\nd /run/unrelated\n",
    "m.json": '[{"target": "ssh/sshd_config", "source": "/nix/store/a", "mode": "symlink"}]',
  });
  const r = run(["check", "--format", "json", join(dir, "a.conf"), join(dir, "m.json")]);
  assert.equal(r.status, 0);
  const files = jsonReport(r.stdout).files;
  assert.deepEqual(
    files[0]!.diagnostics.map((d) => [d.line, d.code]),
    [[1, "manifest-owned-path"]],
  );
  assert.deepEqual(
    files[1]!.diagnostics.map((d) => d.code),
    ["tmpfiles-line-on-entry"],
  );
});

test("an L line on a path a manifest owns offers to become L+", async () => {
  const { crossCheckManifests } = await import("../../../server/src/core/crossCheck.js");
  const { checkTmpfiles } = await import("../../../server/src/core/tmpfiles/check.js");
  const { readManifest } = await import("../../../server/src/core/manifest/index.js");
  const text = "L /etc/hosts - - - - /x\n";
  const kept = checkTmpfiles(text, {}).items;
  const manifest = readManifest('[{"target": "hosts", "source": "/nix/store/h", "mode": "symlink"}]', "m.json");
  const [finding] = crossCheckManifests([{ name: "a.conf", text, kept }], [{ name: "m.json", manifest }]);
  const fix = finding!.tmpfiles.diagnostic.fixes!.find((f) => f.title.includes("L+"))!;
  const e = fix.edits[0]!;
  assert.equal(text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length), "L+ /etc/hosts - - - - /x\n");
});

test("--user-database local checks names against this machine's /etc/passwd and /etc/group as warnings; none (the default) does not check them", () => {
  const dir = scratch({ "a.conf": "d /run/a 0755 root root -\nd /run/b 0755 tmpfiles-lsp-no-such-user root -\n" });
  const local = run(["check", "--format", "json", "--user-database", "local", join(dir, "a.conf")]);
  assert.equal(local.status, 0, "a warning alone exits 0");
  assert.deepEqual(
    jsonReport(local.stdout).files[0]!.diagnostics.map((d) => [d.line, d.column, d.severity, d.code, d.message]),
    [
      [
        2,
        15,
        "warning",
        "owner-not-on-host",
        "The user 'tmpfiles-lsp-no-such-user' is not in this machine's user database (/etc/passwd); systemd-tmpfiles here rejects the line.",
      ],
    ],
  );
  for (const args of [["--user-database", "none"], []]) {
    const r = run(["check", "--format", "json", ...args, join(dir, "a.conf")]);
    assert.deepEqual(jsonReport(r.stdout).files[0]!.diagnostics, [], args.join(" "));
  }
  const bad = run(["check", "--user-database", "remote", join(dir, "a.conf")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--user-database must be local or none/);
  const both = run(["check", "--user-database", "local", "--passwd", "/etc/passwd", join(dir, "a.conf")]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--user-database local and --passwd\/--group/);
});
