// What editors other than VS Code send and expect: language ids of their own,
// no custom notifications, completion filtered by the word they see.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction, CompletionItem, DocumentSymbol, Hover } from "vscode-languageserver-protocol";
import { startClient, serverBuilt } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

const MANIFEST =
  '[\n  {"target": "./hosts", "source": "/nix/store/a-hosts", "mode": "symlink"},\n  {"target": "motd", "source": "rel", "mode": "0644"}\n]\n';

test(
  "a manifest opened as js-json (Emacs) is a manifest: diagnostics that stay after an edit, code actions, hover, completion, symbols",
  { skip },
  async () => {
    const c = await startClient({ files: { "etc-manifest.json": MANIFEST } });
    try {
      const uri = c.uri("etc-manifest.json");
      c.open(uri, MANIFEST, "js-json");
      const codes = (await c.diagnosticsOf(uri, (d) => d.length > 0)).map((d) => d.code);
      assert.ok(codes.includes("source-not-absolute"), JSON.stringify(codes));
      // An edit that changes nothing the checker cares about: the diagnostics stay.
      c.edit(uri, { start: { line: 3, character: 1 }, end: { line: 3, character: 1 } }, "\n");
      const after = await c.diagnosticsOf(uri);
      assert.deepEqual(
        after.map((d) => d.code),
        codes,
      );
      const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } },
        context: { diagnostics: after },
      });
      assert.ok(
        actions.some((a) => /Write the target as "hosts"/.test(a.title)),
        JSON.stringify(actions.map((a) => a.title)),
      );
      const hover = await c.request<Hover | null>("textDocument/hover", {
        textDocument: { uri },
        position: { line: 1, character: 6 },
      });
      assert.ok(hover, "hover on the target field");
      const completion = await c.request<CompletionItem[]>("textDocument/completion", {
        textDocument: { uri },
        position: { line: 2, character: 47 },
      });
      assert.ok(
        completion.some((i) => i.label === "symlink"),
        JSON.stringify(completion.map((i) => i.label)),
      );
      const symbols = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
      assert.deepEqual(
        symbols.map((s) => s.name),
        ["./hosts", "motd"],
      );
    } finally {
      await c.stop();
    }
  },
);

test(
  "a JSON file with the manifest $schema opened as js, and a tmpfiles.d file opened as conf, are checked",
  { skip },
  async () => {
    const c = await startClient();
    try {
      const m = c.uri("host.json");
      c.open(m, '{"$schema": "https://example.org/etc-manifest.schema.json", "motd": {"source": "rel"}}', "js");
      assert.ok((await c.diagnosticsOf(m, (d) => d.length > 0)).some((d) => d.code === "source-not-absolute"));
      const t = c.uri("tmpfiles.d/a.conf");
      c.open(t, "d run/a 0755\n", "conf");
      assert.ok((await c.diagnosticsOf(t, (d) => d.length > 0)).some((d) => d.code === "path-not-absolute"));
      const hover = await c.request<Hover | null>("textDocument/hover", {
        textDocument: { uri: t },
        position: { line: 0, character: 9 },
      });
      assert.match(JSON.stringify(hover?.contents), /rwxr-xr-x/);
    } finally {
      await c.stop();
    }
  },
);

/** Makes the server have news: `auto` finds no systemd-tmpfiles (PATH is empty), then the settings change. */
async function statusNews(c: Awaited<ReturnType<typeof startClient>>): Promise<void> {
  const uri = c.uri("tmpfiles.d/a.conf");
  c.open(uri, "d /run/a 0755\n");
  await c.diagnosticsOf(uri);
  await c.request("tmpfiles/serverStatus", { uri });
  void c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { tmpfiles: { systemdVersion: 257 } } });
  // Answered after everything sent before it: any notification is in by then.
  await c.request("tmpfiles/serverStatus", { uri });
}

test(
  "custom notifications go only to a client that asks for them (initializationOptions.customNotifications)",
  { skip },
  async () => {
    const plain = await startClient();
    try {
      await statusNews(plain);
      assert.deepEqual(plain.otherNotifications, []);
    } finally {
      await plain.stop();
    }
    const vscodeLike = await startClient({ initializationOptions: { customNotifications: true } });
    try {
      await statusNews(vscodeLike);
      assert.ok(
        vscodeLike.otherNotifications.some((n) => n.method === "tmpfiles/serverStatusChanged"),
        JSON.stringify(vscodeLike.otherNotifications),
      );
    } finally {
      await vscodeLike.stop();
    }
  },
);
