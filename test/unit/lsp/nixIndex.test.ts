// Closed .nix files of the workspace: the index reads those that mention
// `tmpfiles`, so their rules meet the folder's tmpfiles.d files as an open
// .nix document's do (NixOS's 00-nixos.conf is read before 10-a.conf), and
// their diagnostics are published as a closed .conf file's are. A .nix file
// that does not mention `tmpfiles` is not read.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { ServerStatusResult } from "../../../server/src/protocol";
import { ServerStatusRequest } from "../../../server/src/protocol";
import { join } from "node:path";
import { startClient, serverBuilt, writeFileSync, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
/** A .nix file that sets no tmpfiles.d rules (and does not mention them). */
const NO_RULES = `{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.hello ];\n}\n`;
let c: TestClient;
before(async () => {
  if (!skip)
    c = await startClient({
      files: {
        "x.nix": `{\n  systemd.tmpfiles.rules = [\n    "d /x 0755 - - -"\n  ];\n}\n`,
        "y.nix": NO_RULES,
      },
      settings: { userDatabase: "none" },
    });
});
after(async () => {
  if (c) await c.stop();
});

test("a closed .nix file's rules conflict with an open .conf file's line, and both say so", { skip }, async () => {
  const conf = c.uri("tmpfiles.d/10-a.conf");
  const nix = c.uri("x.nix");
  c.open(conf, "d /x 0700 - - -\n");
  const dup = (await c.diagnosticsOf(conf, (d) => d.some((x) => x.code === "duplicate-path"))).find(
    (x) => x.code === "duplicate-path",
  )!;
  assert.match(dup.message as string, /^x\.nix:3 already owns \/x/);
  assert.equal(dup.relatedInformation?.[0]?.location.uri, nix);
  assert.deepEqual(dup.relatedInformation?.[0]?.location.range.start, { line: 2, character: 7 });
  // Published for the closed .nix file, as for a closed .conf file.
  const note = (await c.diagnosticsOf(nix, (d) => d.some((x) => x.code === "duplicate-path-elsewhere"))).find(
    (x) => x.code === "duplicate-path-elsewhere",
  )!;
  assert.deepEqual(note.range.start, { line: 2, character: 7 });
  assert.equal(note.relatedInformation?.[0]?.location.uri, conf);

  // Only x.nix is indexed: y.nix does not mention tmpfiles, so it is not read and nothing is said of it.
  const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, {});
  assert.equal(s.indexed.nix, 1);
  assert.equal(c.diagnostics.has(c.uri("y.nix")), false);

  c.change(conf, "d /x 0755 - - -\n");
  await c.diagnosticsOf(conf, (d) => !d.some((x) => x.code === "duplicate-path"));
  await c.diagnosticsOf(nix, (d) => !d.some((x) => x.code === "duplicate-path-elsewhere"));
  c.close(conf);
});

test(
  "a closed .nix file changed on disk is read again, and forgotten once it no longer mentions tmpfiles",
  { skip },
  async () => {
    const conf = c.uri("tmpfiles.d/10-a.conf");
    const nix = c.uri("x.nix");
    c.open(conf, "d /x 0700 - - -\n");
    await c.diagnosticsOf(conf, (d) => d.some((x) => x.code === "duplicate-path"));
    await c.diagnosticsOf(nix, (d) => d.some((x) => x.code === "duplicate-path-elsewhere"));
    writeFileSync(join(c.folder, "x.nix"), NO_RULES);
    void c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: nix, type: 2 }] });
    await c.diagnosticsOf(conf, (d) => !d.some((x) => x.code === "duplicate-path"));
    await c.diagnosticsOf(nix, (d) => d.length === 0);
    const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, {});
    assert.equal(s.indexed.nix, 0);
    c.close(conf);
  },
);
