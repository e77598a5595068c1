// The rules of an open .nix file against the workspace's tmpfiles.d files:
// NixOS's 00-nixos.conf is read before 50-app.conf, so the .conf line on the
// same path is the one systemd ignores; both sides say so, each pointing at
// the other, and the finding goes when the .nix rule changes.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
before(async () => {
  if (!skip)
    c = await startClient({
      files: {
        "tmpfiles.d/50-app.conf": "d /var/lib/app 0700 root root -\n",
        "tmpfiles.d/60-b.conf": "d /var/lib/b 0700 root root -\n",
        "tmpfiles.d/70-b.conf": "d /var/lib/b 0755 root root -\n",
      },
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
    c.close(nix);
  },
);

async function quickFixes(uri: string, d: Diagnostic, editing = uri): Promise<unknown[]> {
  const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ["quickfix"] },
  });
  return actions.map((a) => [a.title, a.isPreferred ?? false, a.edit?.changes?.[editing]]);
}

test(
  "the .conf line a .nix rule makes systemd ignore has the fix a later .conf file's line has",
  { skip },
  async () => {
    const byConf = c.uri("tmpfiles.d/70-b.conf");
    c.open(byConf, "d /var/lib/b 0755 root root -\n");
    const dupOf = (d: Diagnostic[]): Diagnostic | undefined => d.find((x) => x.code === "duplicate-path");
    const asForConf: unknown[][] = (await quickFixes(
      byConf,
      dupOf(await c.diagnosticsOf(byConf, (d) => !!dupOf(d)))!,
    )) as unknown[][];
    assert.ok(asForConf.length > 0);
    const conf = c.uri("tmpfiles.d/50-app.conf");
    const nix = c.uri("fixes.nix");
    c.open(conf, "d /var/lib/app 0700 root root -\n");
    c.open(nix, MODULE("0755"), "nix");
    const onConf = dupOf(await c.diagnosticsOf(conf, (d) => !!dupOf(d)))!;
    assert.deepEqual(await quickFixes(conf, onConf), asForConf);
    // The kept line's note offers to remove the ignored line, as an earlier .conf file's does.
    const note = (await c.diagnosticsOf(nix)).find((x) => x.code === "duplicate-path-elsewhere")!;
    assert.deepEqual(await quickFixes(nix, note, conf), [
      ["Remove the line tmpfiles.d/50-app.conf:1 that systemd ignores", false, asForConf[0]![2]],
    ]);
    for (const u of [nix, conf, byConf]) c.close(u);
  },
);
