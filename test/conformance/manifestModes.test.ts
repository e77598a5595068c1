// A manifest copy's mode, as each real systemd-tmpfiles applies the C line
// generate writes for it: leading zeros do not count and set-id and sticky
// bits are kept, as NixOS's own activation (Perl's oct() and chmod) keeps
// them. Runs --create in a scratch root (see oracle.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { oracleVersions, runOracle } from "./oracle.js";
import { generate } from "../../server/src/core/manifest/index.js";
import { octalModeOf } from "../../server/src/core/manifest/schema.js";

const MODES = ["06400", "6400", "006400", "4755", "2755", "1644", "0640", "640", "07777"];

for (const version of oracleVersions()) {
  test(`systemd ${version}: a copy gets the manifest's mode, set-id bits and leading zeros included`, async () => {
    const manifest = MODES.map((mode, i) => ({ target: `m${i}`, source: `/nix/store/x-src${i}`, mode }));
    const snippet = generate(JSON.stringify(manifest));
    const got: Record<string, string> = {};
    const r = await runOracle(version, [{ name: "etc.conf", text: snippet }], {
      action: "create",
      inspect: async (root) => {
        for (const [i, mode] of MODES.entries())
          got[mode] = ((await lstat(join(root, "etc", `m${i}`))).mode & 0o7777).toString(8);
      },
    });
    assert.equal(r.exit, 0, r.raw);
    assert.deepEqual(got, Object.fromEntries(MODES.map((m) => [m, octalModeOf(m)!.toString(8)])), snippet);
  });
}
