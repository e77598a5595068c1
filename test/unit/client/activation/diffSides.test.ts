// The two sides of "Preview Activation as Diff", from the plan the server
// returns, and the git check that decides whether git HEAD is offered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffPaths, diffSides, diffTitle } from "../../../../client/src/activation/diffSides";
import { gitWorkTreeCommandLine, isInsideWorkTree } from "../../../../client/src/dryRun/commandLine";
import { generate } from "../../../../server/src/core/manifest/generate";
import { plan } from "../../../../server/src/core/manifest/plan";
import { readManifest } from "../../../../server/src/core/manifest/read";
import type { PlanPreviewResult } from "../../../../server/src/protocol";
import { ACTIVATION_DIFF_SCHEME, documentSelector } from "../../../../client/src/selectors";

const asResult = (p: ReturnType<typeof plan>): Pick<PlanPreviewResult, "plan"> => ({
  plan: {
    version: 1,
    replace: p.replace,
    create: p.create,
    remove: p.remove,
    changes: p.changes.map((c) => ({ ...c, newEntries: [], oldEntries: [] })),
  },
});

test("the diff's sides are the two generated snippets, one line per path in tree order", () => {
  const OLD =
    "d /etc/ssh - - - -\nC /etc/ssh/sshd_config 0644 0 0 - /nix/store/b-sshd\nL+ /etc/hosts - - - - /nix/store/a-hosts\nL+ /etc/issue - - - - /nix/store/i\n";
  const NEW =
    "d /etc/ssh - - - -\nC /etc/ssh/sshd_config 0644 0 0 - /nix/store/c-sshd\nL+ /etc/motd - - - - /nix/store/d-motd\nL+ /etc/issue - - - - /nix/store/i\n";
  const s = diffSides(asResult(plan(OLD, NEW)));
  assert.equal(
    s.previous,
    "L+ /etc/hosts - - - - /nix/store/a-hosts\nL+ /etc/issue - - - - /nix/store/i\nd /etc/ssh - - - -\nC /etc/ssh/sshd_config 0644 0 0 - /nix/store/b-sshd\n",
  );
  assert.equal(
    s.next,
    "L+ /etc/issue - - - - /nix/store/i\nL+ /etc/motd - - - - /nix/store/d-motd\nd /etc/ssh - - - -\nC /etc/ssh/sshd_config 0644 0 0 - /nix/store/c-sshd\n",
  );
  // Nothing before: one side empty.
  assert.equal(diffSides(asResult(plan("", NEW))).previous, "");
});

test("the examples: each side is what generate prints for that manifest", () => {
  const read = (f: string): string => readFileSync(join(__dirname, "..", "..", "..", "..", "examples", f), "utf8");
  const oldText = read("generations/previous.etc.json");
  const newText = read("etc-manifest.json");
  const s = diffSides(
    asResult(plan(oldText, newText, { oldFileName: "previous.etc.json", newFileName: "etc-manifest.json" })),
  );
  assert.equal(s.next, generate(readManifest(newText, "etc-manifest.json")));
  assert.equal(s.previous, generate(readManifest(oldText, "previous.etc.json")));
  assert.notEqual(s.previous, s.next);
});

test("the diff's documents: the same paths each time for a manifest, ending in .tmpfiles", () => {
  assert.deepEqual(diffPaths("etc-manifest.json"), diffPaths("etc-manifest.json"));
  const p = diffPaths("etc-manifest.json");
  assert.notEqual(p.previous, p.next);
  for (const path of [p.previous, p.next]) assert.match(path, /^\/activation\/etc-manifest\.json\/[^/]+\.tmpfiles$/);
  assert.equal(
    diffTitle("etc-manifest.json", "generations/previous.etc.json"),
    "generations/previous.etc.json ↔ etc-manifest.json (activation)",
  );
});

test("git HEAD is offered inside a work tree only: git rev-parse --is-inside-work-tree, a fixed argument list", () => {
  const c = gitWorkTreeCommandLine("/ws/-x dir");
  assert.deepEqual([c.executable, ...c.args], ["git", "-C", "/ws/-x dir", "rev-parse", "--is-inside-work-tree"]);
  assert.equal(c.stdin, "none");
  assert.equal(isInsideWorkTree(0, "true\n"), true);
  assert.equal(isInsideWorkTree(0, "false\n"), false);
  assert.equal(isInsideWorkTree(128, ""), false);
  assert.equal(isInsideWorkTree(null, "true\n"), false);
  // What the real git answers, in a scratch folder outside and inside a repository.
  if (spawnSync("git", ["--version"]).status !== 0) return;
  const dir = mkdtempSync(join(tmpdir(), "tmpfiles-git-"));
  try {
    const ask = (d: string): boolean => {
      const cmd = gitWorkTreeCommandLine(d);
      const r = spawnSync(cmd.executable, cmd.args, {
        encoding: "utf8",
        env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() },
      });
      return isInsideWorkTree(r.status, r.stdout);
    };
    assert.equal(ask(dir), false);
    assert.equal(spawnSync("git", ["init", "-q", dir]).status, 0);
    mkdirSync(join(dir, "sub"));
    assert.equal(ask(join(dir, "sub")), true);
    assert.equal(ask(join(dir, ".git")), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the diff's documents are not sent to the server, so it publishes no diagnostics for them", () => {
  const selector = documentSelector();
  assert.ok(
    selector.every((f) => f.scheme !== undefined),
    "every filter names its scheme",
  );
  assert.ok(!selector.some((f) => f.scheme === ACTIVATION_DIFF_SCHEME));
});
