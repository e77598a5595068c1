// generate and plan carry the manifest's verdict (docs/contracts.md §2): the built
// dist/cli.js exits 1 when a manifest has errors, prints them on stderr as
// check prints them, and still writes the snippet to stdout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatPlanText, planOf, planToJson, planWalk } from "../../../server/src/core/manifest/index.js";

const cli = join(__dirname, "../../../dist/cli.js");

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-lsp-generate-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

// Two entries for one target with different sources (NixOS: "mismatched duplicate entry"), and a relative source.
const CONFLICTING = `[
  {"target": "a.conf", "source": "/nix/store/x"},
  {"target": "a.conf", "source": "/nix/store/y"},
  {"target": "b.conf", "source": "relative"}
]
`;
const CLEAN = `[
  {"target": "a.conf", "source": "/nix/store/x"}
]
`;
// A warning alone (the same file twice) is no error.
const WARNING_ONLY = `[
  {"target": "a.conf", "source": "/nix/store/x"},
  {"target": "a.conf", "source": "/nix/store/x"}
]
`;

/** [line, column, code] of each stderr line in check's text format, and the path it names. */
function errorLines(stderr: string, path: string): [number, number, string][] {
  const lines = stderr.split("\n").filter((l) => l !== "");
  return lines.map((l) => {
    const m = /^(.*):(\d+):(\d+): error: (.+) \[([a-z0-9-]+)\]$/.exec(l);
    assert.ok(m, `not check's format: ${JSON.stringify(l)}`);
    assert.equal(m[1], path);
    return [Number(m[2]), Number(m[3]), m[5]!];
  });
}

test("generate: a manifest with errors exits 1, its errors on stderr one line each, the snippet still on stdout", () => {
  const dir = scratch({ "m.json": CONFLICTING });
  const m = join(dir, "m.json");
  const r = run(["generate", m]);
  assert.equal(r.status, 1);
  assert.deepEqual(errorLines(r.stderr, m), [
    [2, 14, "conflicting-target"],
    [3, 14, "conflicting-target"],
    [4, 34, "source-not-absolute"],
  ]);
  // The same lines as check prints for the same errors.
  const check = run(["check", m]);
  assert.deepEqual(
    r.stderr.split("\n").filter(Boolean),
    check.stdout.split("\n").filter((l) => l.includes(": error: ")),
  );
  assert.equal(r.stdout, "L+ /etc/a.conf - - - - /nix/store/x\n");
});

test("generate --allow-errors exits 0 with the same stdout and stderr", () => {
  const dir = scratch({ "m.json": CONFLICTING });
  const m = join(dir, "m.json");
  const plain = run(["generate", m]);
  const allowed = run(["generate", "--allow-errors", m]);
  assert.equal(allowed.status, 0);
  assert.equal(allowed.stdout, plain.stdout);
  assert.equal(allowed.stderr, plain.stderr);
});

test("generate: a clean manifest, or one with warnings only, exits 0 with nothing on stderr", () => {
  const dir = scratch({ "clean.json": CLEAN, "warn.json": WARNING_ONLY });
  for (const name of ["clean.json", "warn.json"]) {
    const r = run(["generate", join(dir, name)]);
    assert.equal(r.status, 0, name);
    assert.equal(r.stderr, "", name);
    assert.equal(r.stdout, "L+ /etc/a.conf - - - - /nix/store/x\n", name);
  }
});

test("generate: an error message holding a line break stays one line on stderr", () => {
  const dir = scratch({ "m.json": '[{"target": "x\\ny", "source": "/a"}, {"target": "x\\ny", "source": "/b"}]\n' });
  const m = join(dir, "m.json");
  const r = run(["generate", m]);
  assert.equal(r.status, 1);
  assert.deepEqual(
    errorLines(r.stderr, m).map((e) => e[2]),
    ["conflicting-target", "conflicting-target"],
  );
  assert.match(r.stderr, /\/etc\/x\\ny is also wanted/);
});

test("plan: errors of NEW or of OLD exit 1 and go to stderr, the plan still on stdout; --allow-errors exits 0", () => {
  const dir = scratch({ "bad.json": CONFLICTING, "good.json": CLEAN });
  const bad = join(dir, "bad.json");
  const good = join(dir, "good.json");
  for (const [oldP, newP] of [
    [good, bad],
    [bad, good],
  ] as const) {
    for (const format of ["text", "json"]) {
      const r = run(["plan", "--old", oldP, "--new", newP, "--format", format]);
      assert.equal(r.status, 1, `${oldP} → ${newP} ${format}`);
      assert.deepEqual(
        errorLines(r.stderr, bad).map((e) => e[2]),
        ["conflicting-target", "conflicting-target", "source-not-absolute"],
      );
      if (format === "json") assert.equal((JSON.parse(r.stdout) as { version: number }).version, 1);
      else assert.match(r.stdout, /^# 1\. replace/);
      const allowed = run(["plan", "--old", oldP, "--new", newP, "--format", format, "--allow-errors"]);
      assert.equal(allowed.status, 0);
      assert.equal(allowed.stdout, r.stdout);
      assert.equal(allowed.stderr, r.stderr);
    }
  }
});

test("plan: both manifests' errors are reported, OLD's first", () => {
  const dir = scratch({ "old.json": CONFLICTING, "new.json": '[{"target": "c", "source": "rel"}]\n' });
  const r = run(["plan", "--old", join(dir, "old.json"), "--new", join(dir, "new.json")]);
  assert.equal(r.status, 1);
  const lines = r.stderr.split("\n").filter(Boolean);
  assert.equal(lines.length, 4);
  assert.ok(lines.slice(0, 3).every((l) => l.startsWith(join(dir, "old.json") + ":")));
  assert.ok(lines[3]!.startsWith(join(dir, "new.json") + ":1:"));
});

test("plan: clean manifests and generated snippets exit 0 with nothing on stderr", () => {
  const dir = scratch({ "good.json": CLEAN, "old.tmpfiles": "L+ /etc/a.conf - - - - /nix/store/old\n" });
  const r = run(["plan", "--old", join(dir, "old.tmpfiles"), "--new", join(dir, "good.json")]);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, "");
});

test("a manifest that cannot be read at all still exits 2 with one line", () => {
  const dir = scratch({ "broken.json": "[{", "good.json": CLEAN });
  const r = run(["plan", "--old", join(dir, "broken.json"), "--new", join(dir, "good.json")]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split("\n").filter(Boolean).length, 1);
});

test("plan: a plan far longer than one write prints the same bytes as the plan's text and JSON forms", () => {
  const entries = (seed: number) =>
    Array.from({ length: 3000 }, (_, i) => ({
      target: `pkg${i % 40}/${i % 3 === seed ? "sub/" : ""}f${i}`,
      source: `/nix/store/${seed}-${i}`,
      ...(i % 5 === 0 ? { mode: "0440", user: "root", group: "+0" } : {}),
    }));
  const oldText = JSON.stringify(entries(1));
  const newText = JSON.stringify(entries(2));
  const dir = scratch({ "old.json": oldText, "new.json": newText });
  const args = ["plan", "--old", join(dir, "old.json"), "--new", join(dir, "new.json")];
  const walk = planWalk(oldText, newText);
  const text = run(args);
  assert.equal(text.status, 0);
  assert.ok(text.stdout.length > 200_000);
  assert.equal(text.stdout, formatPlanText(walk));
  assert.equal(run([...args, "--format", "json"]).stdout, JSON.stringify(planToJson(planOf(walk))) + "\n");
});
