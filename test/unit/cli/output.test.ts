// The command line's output to a reader that stops early, and to binary and too large inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { LARGEST_CHECKED_BYTES } from "../../../server/src/core/tooLarge";
import { sparseFile as sparse } from "../../support/sparseFile";

const cli = join(__dirname, "../../../dist/cli.js");
const dir = mkdtempSync(join(tmpdir(), "tmpfiles-lsp-out-"));

/** Runs `tmpfiles-lsp ARGS… | head -1` in bash: what head printed, the command's stderr and its own exit status. */
function headOne(...args: string[]): { line: string; stderr: string; status: number } {
  const err = join(dir, "stderr");
  const r = spawnSync(
    "bash",
    [
      "-c",
      `"$0" "$1" "\${@:3}" 2>"$2" | head -1; echo "status \${PIPESTATUS[0]}"`,
      process.execPath,
      cli,
      err,
      ...args,
    ],
    { encoding: "utf8" },
  );
  const [line = "", status = ""] = r.stdout.split("\n");
  return {
    line,
    stderr: spawnSync("cat", [err], { encoding: "utf8" }).stdout,
    status: Number(status.replace("status ", "")),
  };
}

test("check … | head -1 ends quietly, with check's own status (0 with warnings only, 1 with errors)", () => {
  // Some 2 MB of output, far more than a pipe holds: check is still writing when head exits.
  const warnings = join(dir, "warnings.conf");
  writeFileSync(warnings, Array.from({ length: 20000 }, (_, i) => `d /var/run/x${i}\n`).join(""));
  const w = headOne("check", warnings);
  assert.match(w.line, /var-run-path/);
  assert.equal(w.stderr, "");
  assert.equal(w.status, 0);
  const errors = join(dir, "errors.conf");
  writeFileSync(errors, Array.from({ length: 20000 }, (_, i) => `d run/x${i}\n`).join(""));
  const e = headOne("check", errors);
  assert.match(e.line, /path-not-absolute/);
  assert.equal(e.stderr, "");
  assert.equal(e.status, 1);
});

/** A manifest of `n` links, in the list shape. */
function manifest(n: number, prefix: string): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      target: `${prefix}/file${i}`,
      source: `/nix/store/0000000-etc/${prefix}/file${i}`,
      mode: "symlink",
    })),
  );
}

test("generate … | head -1 and plan … | head -1 end quietly, with the command's own status", () => {
  // Some 1 MB of output each, far more than a pipe holds.
  const older = join(dir, "old.etc.json");
  const newer = join(dir, "new.etc.json");
  writeFileSync(older, manifest(15000, "a"));
  writeFileSync(newer, manifest(15000, "b"));
  const g = headOne("generate", newer);
  assert.match(g.line, /^d \/etc\/b /);
  assert.equal(g.stderr, "");
  assert.equal(g.status, 0);
  const p = headOne("plan", "--old", older, "--new", newer);
  assert.match(p.line, /^# /);
  assert.equal(p.stderr, "");
  assert.equal(p.status, 0);
});

test("a binary .conf is one not-text error, not a line for each of its lines", () => {
  const bin = join(dir, "bin.conf");
  writeFileSync(
    bin,
    Buffer.from(Array.from({ length: 20000 }, (_, i) => (i % 3 === 0 ? 0 : i % 7 === 0 ? 0x0a : 0x80 + (i % 100)))),
  );
  const r = spawnSync(process.execPath, [cli, "check", "--format", "json", bin], { encoding: "utf8" });
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; line: number; column: number }[] }[] };
  assert.deepEqual(
    doc.files[0]!.diagnostics.map((d) => [d.code, d.line, d.column]),
    [["not-text", 1, 1]],
  );
});

test("a .conf larger than the limit is one too-large warning and is not read; one at the limit is read", () => {
  const d = join(dir, "large", "tmpfiles.d");
  mkdirSync(d, { recursive: true });
  sparse(join(d, "big.conf"), LARGEST_CHECKED_BYTES + 1);
  writeFileSync(join(d, "small.conf"), "d run/x\n");
  const r = spawnSync(process.execPath, [cli, "check", "--format", "json", d], { encoding: "utf8" });
  assert.equal(r.status, 1, r.stderr);
  const files = (
    JSON.parse(r.stdout) as {
      files: { path: string; diagnostics: { code: string; severity: string; line: number; column: number }[] }[];
    }
  ).files;
  assert.deepEqual(
    files.map((f) => [f.path.slice(d.length + 1), f.diagnostics.map((x) => [x.code, x.severity, x.line, x.column])]),
    [
      ["big.conf", [["too-large", "warning", 1, 1]]],
      ["small.conf", [["path-not-absolute", "error", 1, 3]]],
    ],
  );
  // Given alone: a warning, so the status is 0.
  const alone = spawnSync(process.execPath, [cli, "check", join(d, "big.conf")], { encoding: "utf8" });
  assert.equal(alone.status, 0, alone.stderr);
  assert.match(alone.stdout, /too-large/);
  // At the limit it is read and checked (and, all NUL bytes, it is not text).
  sparse(join(d, "big.conf"), LARGEST_CHECKED_BYTES);
  const at = spawnSync(process.execPath, [cli, "check", "--format", "json", join(d, "big.conf")], { encoding: "utf8" });
  assert.deepEqual(
    (JSON.parse(at.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0]!.diagnostics.map(
      (x) => x.code,
    ),
    ["not-text"],
  );
});
