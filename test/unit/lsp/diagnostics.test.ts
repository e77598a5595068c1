import { test, after } from "node:test";
import assert from "node:assert/strict";
import { parseMarkedCase } from "../../support/markedCases";
import { join } from "node:path";
import { messageText, startClient, serverBuilt, writeFileSync, type TestClient } from "./harness";
import { LARGEST_CHECKED_BYTES } from "../../../server/src/core/tooLarge";
import { sparseFile } from "../../support/sparseFile";

const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});
async function start(...args: Parameters<typeof startClient>): Promise<TestClient> {
  const c = await startClient(...args);
  clients.push(c);
  return c;
}
const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

const MARKED = `d run/app 0755 root root -
# ^^^^^^^ error path-not-absolute
d /run/b 9999 root root -
#        ^^^^ error mode-invalid
d /run/c - - - - x
#                ^ error argument-ignored
L? /etc/x - - - - /y
 F /run/f
#^ hint deprecated-type
d /var/run/v
# ^^^^^^^^^^ warning var-run-path
d /run/dup 0755
d /run/dup 0700
# ^^^^^^^^ warning duplicate-path
`;

test(
  "every diagnostic links to its code's page (codeDescription.href), tmpfiles.d and manifest alike",
  { skip },
  async () => {
    const c = await start();
    const uri = c.uri("links.tmpfiles");
    c.open(uri, MARKED);
    const got = await c.diagnosticsOf(uri, (d) => d.length > 0);
    const muri = c.uri("links.etc.json");
    c.open(muri, `[{"target": "a", "source": "x", "mode": "4755"}]`, "json");
    const mgot = await c.diagnosticsOf(muri, (d) => d.length > 0);
    assert.deepEqual(mgot.map((d) => d.code).sort(), ["set-id-mode", "source-not-absolute"]);
    for (const d of [...got, ...mgot]) {
      assert.equal(
        d.codeDescription?.href,
        `https://github.com/tmpfiles-lsp/tmpfiles-lsp/blob/main/docs/codes/${d.code}.md`,
      );
    }
  },
);

test("diagnostics: codes and exact ranges, as the checker gives them", { skip }, async () => {
  const c = await start();
  const uri = c.uri("marked.tmpfiles");
  const kase = parseMarkedCase("marked", MARKED);
  c.open(uri, MARKED);
  const got = await c.diagnosticsOf(uri, (d) => d.length > 0);
  const sev = ["", "error", "warning", "information", "hint"];
  const shown = got
    .map(
      (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${sev[d.severity!]} ${d.code}`,
    )
    .sort();
  const want = kase
    .expectedFor(262)
    .map((e) => `${e.line}:${e.start}-${e.end} ${e.severity} ${e.code}`)
    .sort();
  assert.deepEqual(shown, want);
  for (const d of got) assert.equal(d.source, "tmpfiles");
  assert.ok(got.find((d) => d.code === "duplicate-path")!.relatedInformation?.[0]?.location.uri === uri);
});

test("diagnostics follow edits (incremental sync) and the version they were made for", { skip }, async () => {
  const c = await start();
  const uri = c.uri("edit.tmpfiles");
  c.open(uri, "d /run/a 0755\n");
  assert.deepEqual(await c.diagnosticsOf(uri), []);
  c.edit(uri, { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } }, "");
  const d = await c.diagnosticsOf(uri, (x) => x.length > 0);
  assert.deepEqual(
    d.map((x) => x.code),
    ["path-not-absolute"],
  );
  c.edit(uri, { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, "/");
  assert.deepEqual(await c.diagnosticsOf(uri, (x) => x.length === 0), []);
  // An edit that changes no finding still gets diagnostics for its version.
  c.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, "# note\n");
  assert.deepEqual(await c.diagnosticsOf(uri), []);
});

test(
  "the setting tmpfiles.systemdVersion decides the rules; a bad value is reported and the default used",
  { skip },
  async () => {
    const text = "L? /etc/x - - - - /y\n";
    const old = await start({ settings: { systemdVersion: 252 } });
    const u1 = old.uri("a.tmpfiles");
    old.open(u1, text);
    assert.deepEqual(
      (await old.diagnosticsOf(u1, (d) => d.length > 0)).map((d) => d.code),
      ["modifier-not-in-release"],
    );

    const bad = await start({ settings: { systemdVersion: "two-fifty", userDatabase: { passwd: 3 } } });
    const u2 = bad.uri("a.tmpfiles");
    bad.open(u2, text);
    assert.deepEqual(
      await bad.diagnosticsOf(u2),
      [],
      "the newest release (the default with nothing on PATH) accepts L?",
    );
    await bad.until("two warnings", () => bad.messages.length >= 2);
    const texts = bad.messages.map((m) => m.message).join("\n");
    assert.match(texts, /tmpfiles\.systemdVersion is "two-fifty": it must be "auto" or a release from 252 to 262/);
    assert.match(texts, /tmpfiles\.userDatabase/);
    const status = await bad.request<{ systemdVersion: number; source: string }>("tmpfiles/serverStatus", { uri: u2 });
    assert.equal(status.systemdVersion, 262);
    assert.equal(status.source, "auto-fallback");
  },
);

test("tmpfiles.userDatabase: names are checked against the given files", { skip }, async () => {
  const c = await start({
    files: {
      passwd: "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
      group: "root:x:0:\nadm:x:4:\n",
    },
    settings: { userDatabase: { passwd: "passwd", group: "group" } },
  });
  const uri = c.uri("a.tmpfiles");
  c.open(uri, "d /run/a 0755 alice adm\nd /run/b 0755 bob adm\nd /run/c 0755 alice staff\n");
  const d = await c.diagnosticsOf(uri, (x) => x.length > 0);
  assert.deepEqual(
    d.map((x) => `${x.range.start.line}:${x.range.start.character} ${x.code}`),
    ["1:14 owner-unknown", "2:20 owner-unknown"],
  );
});

test("workspace: a conflict between two files shows in both, each pointing at the other", { skip }, async () => {
  const c = await start({
    files: {
      "tmpfiles.d/10-a.conf": "d /run/app 0755 root root -\n",
      "tmpfiles.d/20-b.conf": "# b\nd /run/app 0700 root root -\n",
    },
  });
  const a = c.uri("tmpfiles.d/10-a.conf");
  const b = c.uri("tmpfiles.d/20-b.conf");
  const db = await c.diagnosticsOf(b, (d) => d.length > 0);
  const da = await c.diagnosticsOf(a, (d) => d.length > 0);
  assert.deepEqual(
    db.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [["duplicate-path", 1, 2]],
  );
  assert.deepEqual(
    db[0]!.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line]),
    [[a, 0]],
  );
  assert.deepEqual(
    da.map((d) => [d.code, d.range.start.line]),
    [["duplicate-path-elsewhere", 0]],
  );
  assert.deepEqual(
    da[0]!.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line]),
    [[b, 1]],
  );
  assert.match(messageText(db[0]!), /tmpfiles\.d\/10-a\.conf:1/);

  // Opening and editing the kept file away from the conflict clears both.
  c.open(a, "d /run/app 0755 root root -\n");
  c.change(a, "d /run/other 0755 root root -\n");
  await c.diagnosticsOf(a, (d) => d.length === 0);
  await c.until("b is clean", () => c.diagnostics.get(b)?.diagnostics.length === 0);

  // From the kept side, a fix removes the dropped line in the other file.
  c.change(a, "d /run/app 0755 root root -\n");
  const again = await c.diagnosticsOf(a, (d) => d.length > 0);
  const actions = await c.request<{ title: string; edit: { changes: Record<string, unknown[]> } }[]>(
    "textDocument/codeAction",
    {
      textDocument: { uri: a },
      range: again[0]!.range,
      context: { diagnostics: again },
    },
  );
  const remote = actions.find((x) => x.title.startsWith("Remove the line tmpfiles.d/20-b.conf:2"));
  assert.ok(remote, actions.map((x) => x.title).join(", "));
  assert.deepEqual(Object.keys(remote.edit.changes), [b]);
});

test(
  "workspace: closing a document checks the file as it is on disk again, also when it changed on disk meanwhile",
  { skip },
  async () => {
    const c = await start({ files: { "tmpfiles.d/a.conf": "d /run/a 0755 root root -\n" } });
    const a = c.uri("tmpfiles.d/a.conf");
    await c.diagnosticsOf(a, (d) => d.length === 0);
    // Unsaved text with a finding, then the file changes on disk under the open document.
    c.open(a, "d /run/a 0755 root root -\nd /run/a 0700 root root -\n");
    await c.diagnosticsOf(a, (d) => d.some((x) => x.code === "duplicate-path"));
    writeFileSync(join(c.folder, "tmpfiles.d/a.conf"), "d /run/a 9999 root root -\n");
    void c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: a, type: 2 }] });
    // The open document still counts until it closes; then the text on disk does.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(c.diagnostics.get(a)!.diagnostics.some((x) => x.code === "duplicate-path"));
    c.close(a);
    const d = await c.diagnosticsOf(a, (x) => !x.some((y) => y.code === "duplicate-path") && x.length > 0);
    assert.deepEqual(
      d.map((x) => [x.code, x.range.start.line, x.range.start.character]),
      [["mode-invalid", 0, 9]],
    );
  },
);

test("workspace: a masked file says which file systemd reads", { skip }, async () => {
  const c = await start({
    files: { "etc/tmpfiles.d/x.conf": "d /run/x 0700\n", "usr/lib/tmpfiles.d/x.conf": "d /run/x 0755\n" },
  });
  const masked = c.uri("usr/lib/tmpfiles.d/x.conf");
  const d = await c.diagnosticsOf(masked, (x) => x.length > 0);
  assert.equal(d[0]!.code, "masked-file");
  assert.match(messageText(d[0]!), /etc\/tmpfiles\.d\/x\.conf/);
  assert.equal(d[0]!.relatedInformation![0]!.location.uri, c.uri("etc/tmpfiles.d/x.conf"));
});

test("workspace: a tmpfiles.d line on a path a manifest owns is reported on both sides", { skip }, async () => {
  const manifest =
    '[\n  {"target": "hosts", "source": "/nix/store/a-hosts", "mode": "symlink"},\n  {"target": "ssh/sshd_config", "source": "/nix/store/b-sshd", "mode": "0644"}\n]\n';
  const c = await start({
    files: {
      "etc-manifest.json": manifest,
      "tmpfiles.d/50-etc.conf": "f /etc/hosts 0644 - - - x\nd /etc/ssh 0755\nd /etc/other 0755\n",
    },
  });
  const t = c.uri("tmpfiles.d/50-etc.conf");
  const m = c.uri("etc-manifest.json");
  const dt = await c.diagnosticsOf(t, (d) => d.length > 0);
  assert.deepEqual(
    dt.map((d) => [d.code, d.range.start.line]),
    [["manifest-owned-path", 0]],
  );
  assert.equal(dt[0]!.relatedInformation![0]!.location.uri, m);
  const dm = await c.diagnosticsOf(m, (d) => d.some((x) => x.code === "tmpfiles-line-on-entry"));
  const on = dm.find((x) => x.code === "tmpfiles-line-on-entry")!;
  assert.equal(on.range.start.line, 1);
  assert.equal(on.relatedInformation![0]!.location.uri, t);
});

test("manifests: checked where docs/contracts.md §3 says, other JSON left alone", { skip }, async () => {
  const c = await start();
  const m = c.uri("host.etc.json");
  c.open(m, '[{"target": "a", "source": "relative"}]', "json");
  const d = await c.diagnosticsOf(m, (x) => x.length > 0);
  assert.ok(d.some((x) => x.code === "source-not-absolute" && x.source === "tmpfiles-manifest"));
  const s = c.uri("any.json");
  c.open(s, '{"$schema": "https://example.org/etc-manifest.schema.json", "hosts": {"source": "rel"}}', "json");
  assert.ok((await c.diagnosticsOf(s, (x) => x.length > 0)).some((x) => x.code === "source-not-absolute"));
  const other = c.uri("package.json");
  c.open(other, '{"name": "x"}', "json");
  // A request after the open is answered after it: the plain JSON file gets no diagnostics.
  await c.request("tmpfiles/serverStatus", {});
  assert.equal(c.diagnostics.get(other), undefined);
});

test("tmpfiles-lsp lsp --stdio serves the same server", { skip }, async () => {
  const c = await start({ viaCli: true });
  const uri = c.uri("cli.tmpfiles");
  c.open(uri, "d run/x\n");
  assert.deepEqual(
    (await c.diagnosticsOf(uri, (d) => d.length > 0)).map((d) => d.code),
    ["path-not-absolute"],
  );
});

test(
  "a binary tmpfiles.d file, on disk or open, has one not-text diagnostic; made text, its lines are checked",
  { skip },
  async () => {
    const binary = "\0\0\0ELF\u0002\u0001\0\0\0\0\0\0\ufffd\ufffd\n\0".repeat(300);
    const c = await start({ files: { "tmpfiles.d/bin.conf": binary } });
    const uri = c.uri("tmpfiles.d/bin.conf");
    const onDisk = await c.diagnosticsOf(uri);
    assert.deepEqual(
      onDisk.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [["not-text", 0, 0]],
    );
    c.open(uri, binary);
    assert.deepEqual(
      (await c.diagnosticsOf(uri)).map((d) => d.code),
      ["not-text"],
    );
    c.change(uri, "d run/x\n");
    assert.deepEqual(
      (await c.diagnosticsOf(uri)).map((d) => d.code),
      ["path-not-absolute"],
    );
  },
);

test(
  "a tmpfiles.d file on disk larger than the limit is one too-large warning; opened, its lines are checked",
  { skip },
  async () => {
    const c = await start({
      files: { "tmpfiles.d/small.conf": "d /run/s\n" },
      prepare: (folder) => sparseFile(join(folder, "tmpfiles.d", "big.conf"), LARGEST_CHECKED_BYTES + 1),
    });
    const uri = c.uri("tmpfiles.d/big.conf");
    const onDisk = await c.diagnosticsOf(uri);
    assert.deepEqual(
      onDisk.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
      [["too-large", 2, 0, 0]],
    );
    c.open(uri, "d run/x\n");
    assert.deepEqual(
      (await c.diagnosticsOf(uri, (d) => d.some((x) => x.code !== "too-large"))).map((d) => d.code),
      ["path-not-absolute"],
    );
  },
);
