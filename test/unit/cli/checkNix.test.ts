// `tmpfiles-lsp check` on .nix files: given by name, or below a folder with --nix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { run, scratch } from "./cli";
import { jsonReport, sarifReport } from "../../support/cliOutput.js";

const MODULE = `{ lib, ... }:\n{\n  systemd.tmpfiles.rules = [\n    "d /var/lib/foo 0985 foo foo -"\n    ''\n      d /var/lib/bar 07777777 - - -\n    ''\n  ];\n}\n`;

test("check --format json x.nix reports a bad mode on its line and column inside the string", () => {
  const dir = scratch({ "x.nix": MODULE });
  const r = run(["check", "--format", "json", join(dir, "x.nix")]);
  assert.equal(r.status, 1, r.stderr);
  const [file] = jsonReport(r.stdout).files;
  assert.equal(file!.kind, "nix");
  assert.deepEqual(
    file!.diagnostics.map((d) => [d.line, d.column, d.endColumn, d.code]),
    [
      [4, 21, 25, "mode-invalid"],
      [6, 22, 30, "mode-invalid"],
    ],
  );
});

test("text and SARIF carry the same places", () => {
  const dir = scratch({ "x.nix": MODULE });
  const text = run(["check", join(dir, "x.nix")]).stdout;
  assert.match(text, /x\.nix:4:21: error: .*\[mode-invalid\]/);
  const sarif = sarifReport(run(["check", "--format", "sarif", join(dir, "x.nix")]).stdout);
  const region = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region;
  assert.deepEqual([region.startLine, region.startColumn], [4, 21]);
});

test("a folder's .nix files are checked only with --nix", () => {
  const dir = scratch({ "tmpfiles.d/a.conf": "d /run/a 0755 root root -\n", "modules/x.nix": MODULE });
  const without = jsonReport(run(["check", "--format", "json", dir]).stdout);
  assert.deepEqual(
    without.files.map((f) => f.kind),
    ["tmpfiles"],
  );
  const withNix = run(["check", "--format", "json", "--nix", dir]);
  assert.equal(withNix.status, 1);
  assert.deepEqual(
    jsonReport(withNix.stdout).files.map((f) => f.kind),
    ["tmpfiles", "nix"],
  );
});

// A conflict between a .nix file's rule and a .conf line: NixOS's 00-nixos.conf is read before 50-app.conf.
const RULE_MODULE = `{\n  systemd.tmpfiles.rules = [\n    "d /var/lib/app 0755 root root -"\n  ];\n}\n`;
const CONF = "d /var/lib/app 0700 root root -\n";

/** Each file's findings as check gives them: code, severity and place (messages name the files). */
function findings(stdout: string): [string, string, number, number, number][][] {
  return jsonReport(stdout).files.map((f) =>
    f.diagnostics.map(
      (d) => [d.code, d.severity, d.line, d.column, d.endColumn] as [string, string, number, number, number],
    ),
  );
}

test("check x.nix y.conf reports a conflict between them as check reports one between two .conf files", () => {
  const dir = scratch({
    "m.nix": RULE_MODULE,
    "50-app.conf": CONF,
    "00-nixos.conf": "d /var/lib/app 0755 root root -\n",
  });
  const asConf = run(["check", "--format", "json", join(dir, "00-nixos.conf"), join(dir, "50-app.conf")]);
  const [onKept, onIgnored] = findings(asConf.stdout);
  const kept = onKept![0]!;
  const ignored = onIgnored![0]!;
  assert.deepEqual([kept[0], ignored[0]], ["duplicate-path-elsewhere", "duplicate-path"]);
  const r = run(["check", "--format", "json", join(dir, "m.nix"), join(dir, "50-app.conf")]);
  assert.equal(r.status, 0, r.stderr);
  // The same codes and severities; the kept side is the rule's path inside the string.
  assert.deepEqual(findings(r.stdout), [[[kept[0], kept[1], 3, 8, 20]], [ignored]]);
  const [nix, conf] = jsonReport(r.stdout).files;
  assert.match(conf!.diagnostics[0]!.message, new RegExp(`^${join(dir, "m.nix")}:3 already owns /var/lib/app `));
  assert.match(nix!.diagnostics[0]!.message, new RegExp(`^${join(dir, "50-app.conf")}:1 sets this path again`));
});

test("check --nix of a folder reports conflicts between its .nix files and its .conf files", () => {
  const dir = scratch({
    "tmpfiles.d/50-app.conf": CONF + "d /var/lib/b 0755 - - -\n",
    "modules/m.nix": RULE_MODULE.replace("];", '];\n  systemd.tmpfiles.settings."99-x"."/var/lib/b".d.mode = "0700";'),
  });
  const r = run(["check", "--format", "json", "--nix", dir]);
  assert.deepEqual(
    jsonReport(r.stdout).files.map((f) => [f.kind, f.diagnostics.map((d) => [d.code, d.line])]),
    [
      [
        "tmpfiles",
        [
          ["duplicate-path", 1],
          ["duplicate-path-elsewhere", 2],
        ],
      ],
      [
        "nix",
        [
          ["duplicate-path-elsewhere", 3],
          ["duplicate-path", 5],
        ],
      ],
    ],
  );
});

// systemd reads 00-nixos.conf before 50-a.conf and 60-b.conf, keeps the .nix file's line and ignores both others
// (test/unit/core/nix/treeOracle.test.ts holds this against each systemd-tmpfiles).
const CHAIN = {
  "m.nix": RULE_MODULE,
  "tmpfiles.d/50-a.conf": CONF,
  "tmpfiles.d/60-b.conf": "d /var/lib/app 0711 root root -\n",
};

/** Each file's conflict findings: code and the file its related location names. */
function conflictsOf(stdout: string): [string, string[]][] {
  return jsonReport(stdout).files.map((f) => [
    f.path.replace(/^.*\//, ""),
    f.diagnostics.map((d) => `${d.code} ${d.message.replace(/^\S*\/([^/\s]+:\d+) .*$/, "$1")}`),
  ]);
}

test("check m.nix a.conf b.conf: both .conf lines name the .nix file's line as the one systemd keeps", () => {
  const dir = scratch(CHAIN);
  for (const order of [
    ["m.nix", "tmpfiles.d/50-a.conf", "tmpfiles.d/60-b.conf"],
    ["tmpfiles.d/60-b.conf", "tmpfiles.d/50-a.conf", "m.nix"],
  ]) {
    const r = run(["check", "--format", "json", ...order.map((f) => join(dir, f))]);
    const byName = new Map(conflictsOf(r.stdout));
    assert.deepEqual(byName.get("50-a.conf"), ["duplicate-path m.nix:3"], order.join(" "));
    assert.deepEqual(byName.get("60-b.conf"), ["duplicate-path m.nix:3"], order.join(" "));
    assert.deepEqual(byName.get("m.nix"), [
      "duplicate-path-elsewhere 50-a.conf:1",
      "duplicate-path-elsewhere 60-b.conf:1",
    ]);
  }
});

test("check --nix of a folder: the .nix file's line is kept over both .conf files", () => {
  const { "m.nix": module, ...conf } = CHAIN;
  const dir = scratch({ ...conf, "modules/m.nix": module });
  const byName = new Map(conflictsOf(run(["check", "--format", "json", "--nix", dir]).stdout));
  assert.deepEqual(byName.get("50-a.conf"), ["duplicate-path m.nix:3"]);
  assert.deepEqual(byName.get("60-b.conf"), ["duplicate-path m.nix:3"]);
  assert.equal(byName.get("m.nix")!.length, 2);
});
