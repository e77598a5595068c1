// The command line's output to a reader that stops early, and to binary inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = join(__dirname, "../../../dist/cli.js");
const dir = mkdtempSync(join(tmpdir(), "tmpfiles-lsp-out-"));

/** Runs `check FILE | head -1` in bash: what head printed, check's stderr and check's own exit status. */
function headOne(file: string): { line: string; stderr: string; status: number } {
  const err = join(dir, "stderr");
  const r = spawnSync("bash", ["-c", `"$0" "$1" check "$2" 2>"$3" | head -1; echo "status \${PIPESTATUS[0]}"`, process.execPath, cli, file, err], { encoding: "utf8" });
  const [line = "", status = ""] = r.stdout.split("\n");
  return { line, stderr: spawnSync("cat", [err], { encoding: "utf8" }).stdout, status: Number(status.replace("status ", "")) };
}

test("check … | head -1 ends quietly, with check's own status (0 with warnings only, 1 with errors)", () => {
  // Some 2 MB of output, far more than a pipe holds: check is still writing when head exits.
  const warnings = join(dir, "warnings.conf");
  writeFileSync(warnings, Array.from({ length: 20000 }, (_, i) => `d /var/run/x${i}\n`).join(""));
  const w = headOne(warnings);
  assert.match(w.line, /var-run-path/);
  assert.equal(w.stderr, "");
  assert.equal(w.status, 0);
  const errors = join(dir, "errors.conf");
  writeFileSync(errors, Array.from({ length: 20000 }, (_, i) => `d run/x${i}\n`).join(""));
  const e = headOne(errors);
  assert.match(e.line, /path-not-absolute/);
  assert.equal(e.stderr, "");
  assert.equal(e.status, 1);
});

test("a binary .conf is one not-text error, not a line for each of its lines", () => {
  const bin = join(dir, "bin.conf");
  writeFileSync(bin, Buffer.from(Array.from({ length: 20000 }, (_, i) => (i % 3 === 0 ? 0 : i % 7 === 0 ? 0x0a : 0x80 + (i % 100)))));
  const r = spawnSync(process.execPath, [cli, "check", "--format", "json", bin], { encoding: "utf8" });
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.files[0].diagnostics.map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column]), [["not-text", 1, 1]]);
});
