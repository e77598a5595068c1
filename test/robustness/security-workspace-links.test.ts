/**
 * Finding 17.11: the workspace index followed file links out of the
 * workspace (tmpfiles.d/env.conf -> /proc/self/environ, -> /etc/shadow were
 * read and diagnosed, quoting fragments of them). Now a file whose real path
 * leaves its workspace folder is not read, nor is anything but a regular
 * file (a FIFO, a device); links that stay inside the folder still work.
 * Every file here is in one tmpfiles.d tree, checked and published together:
 * once the files that are indexed have their diagnostics, the others would
 * have had theirs too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverBuilt, startClient } from "../unit/lsp/harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

test(
  "links out of the workspace and special files in tmpfiles.d are not read; links inside it are",
  { skip, timeout: 60_000 },
  async () => {
    const outside = mkdtempSync(join(tmpdir(), "tmpfiles-outside-"));
    // Outside the workspace: a file that, if read, conflicts with 10-kept.conf and has an error of its own.
    writeFileSync(join(outside, "secret.conf"), "d /run/shared 0700 root root -\nsecret-token-in-a-file-outside\n");
    const c = await startClient({
      files: {
        "tmpfiles.d/10-kept.conf": "d /run/shared 0755 root root -\n",
        "shared/inside.txt": "d /run/inside 0755 root root -\nnot-a-line\n",
      },
      prepare: (folder) => {
        const d = join(folder, "tmpfiles.d");
        symlinkSync("/proc/self/environ", join(d, "env.conf"));
        symlinkSync(join(outside, "secret.conf"), join(d, "20-secret.conf"));
        symlinkSync("../../" + outside.split("/").slice(-1)[0] + "/secret.conf", join(d, "21-relative.conf"));
        if (existsSync("/etc/shadow")) symlinkSync("/etc/shadow", join(d, "shadow.conf"));
        symlinkSync("/dev/zero", join(d, "zero.conf"));
        assert.equal(spawnSync("mkfifo", [join(d, "fifo.conf")]).status, 0);
        symlinkSync("../shared/inside.txt", join(d, "30-inside.conf"));
      },
    });
    try {
      const inside = c.uri("tmpfiles.d/30-inside.conf");
      const kept = c.uri("tmpfiles.d/10-kept.conf");
      const d = await c.diagnosticsOf(inside, (x) => x.length > 0, 20_000);
      assert.ok(d.length > 0, "a link that stays in the workspace is read and checked");
      const status = await c.request<{ indexed: { tmpfiles: number } }>("tmpfiles/serverStatus", {});
      assert.equal(status.indexed.tmpfiles, 2, "only 10-kept.conf and 30-inside.conf are indexed");
      for (const name of ["env.conf", "20-secret.conf", "21-relative.conf", "shadow.conf", "zero.conf", "fifo.conf"]) {
        assert.equal(c.diagnostics.get(c.uri(`tmpfiles.d/${name}`)), undefined, `nothing is published for ${name}`);
      }
      // The file outside would have conflicted with 10-kept.conf.
      const keptDiagnostics = c.diagnostics.get(kept)?.diagnostics ?? [];
      assert.deepEqual(
        keptDiagnostics.filter((x) => x.code === "duplicate-path-elsewhere"),
        [],
      );
      const all = JSON.stringify([...c.diagnostics.values()]);
      assert.ok(!all.includes("secret-token"), "nothing of the file outside is quoted");
      assert.ok(!all.includes("PATH="), "nothing of the environment is quoted");
    } finally {
      await c.stop();
      rmSync(outside, { recursive: true, force: true });
    }
  },
);

test(
  "a file changed into a link out of the workspace is dropped when the watcher reports it",
  { skip, timeout: 60_000 },
  async () => {
    const outside = mkdtempSync(join(tmpdir(), "tmpfiles-outside-"));
    writeFileSync(join(outside, "secret.conf"), "secret-token-in-a-file-outside\n");
    const c = await startClient({ files: { "tmpfiles.d/a.conf": "not-a-line\n" } });
    try {
      const a = c.uri("tmpfiles.d/a.conf");
      await c.diagnosticsOf(a, (x) => x.length > 0, 20_000);
      rmSync(join(c.folder, "tmpfiles.d/a.conf"));
      symlinkSync(join(outside, "secret.conf"), join(c.folder, "tmpfiles.d/a.conf"));
      await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: a, type: 2 }] });
      await c.diagnosticsOf(a, (x) => x.length === 0, 20_000);
      const status = await c.request<{ indexed: { tmpfiles: number } }>("tmpfiles/serverStatus", {});
      assert.equal(status.indexed.tmpfiles, 0);
      assert.ok(!JSON.stringify([...c.diagnostics.values()]).includes("secret-token"));
    } finally {
      await c.stop();
      rmSync(outside, { recursive: true, force: true });
    }
  },
);
