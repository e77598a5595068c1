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
