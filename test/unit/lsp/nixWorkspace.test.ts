// The rules of an open .nix file against the workspace's tmpfiles.d files:
// NixOS's 00-nixos.conf is read before 50-app.conf, so the .conf line on the
// same path is the one systemd ignores; both sides say so, each pointing at
// the other, and the finding goes when the .nix rule changes.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
before(async () => {
  if (!skip)
    c = await startClient({
      files: { "tmpfiles.d/50-app.conf": "d /var/lib/app 0700 root root -\n" },
      settings: { userDatabase: "none" },
    });
});
after(async () => {
  if (c) await c.stop();
});

const MODULE = (mode: string): string =>
  `{\n  systemd.tmpfiles.rules = [\n    "d /var/lib/app ${mode} root root -"\n  ];\n}\n`;

test(
  "a .nix rule and a workspace .conf line on one path: the .conf line is ignored, and both say so",
  { skip },
  async () => {
    const conf = c.uri("tmpfiles.d/50-app.conf");
    const nix = c.uri("app.nix");
    c.open(nix, MODULE("0755"), "nix");
    const onConf = await c.diagnosticsOf(conf, (d) => d.some((x) => x.code === "duplicate-path"));
    const dup = onConf.find((x) => x.code === "duplicate-path")!;
    assert.match(dup.message as string, /^app\.nix:3 already owns \/var\/lib\/app/);
    assert.equal(dup.relatedInformation?.[0]?.location.uri, nix);
    assert.deepEqual(dup.relatedInformation?.[0]?.location.range.start, { line: 2, character: 7 });
    const onNix = await c.diagnosticsOf(nix, (d) => d.some((x) => x.code === "duplicate-path-elsewhere"));
    const note = onNix.find((x) => x.code === "duplicate-path-elsewhere")!;
    assert.deepEqual(note.range.start, { line: 2, character: 7 });
    assert.equal(note.relatedInformation?.[0]?.location.uri, conf);

    c.change(nix, MODULE("0700"));
    await c.diagnosticsOf(conf, (d) => !d.some((x) => x.code === "duplicate-path"));
    await c.diagnosticsOf(nix, (d) => !d.some((x) => x.code === "duplicate-path-elsewhere"));
  },
);
