import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { GeneratePreviewResult, PlanPreviewResult, ServerStatusResult } from "../../../server/src/protocol";
import { GeneratePreviewRequest, PlanPreviewRequest, ServerStatusRequest } from "../../../server/src/protocol";
import { startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const OLD = '[\n  {"target": "hosts", "source": "/nix/store/a-hosts", "mode": "symlink"},\n  {"target": "ssh/sshd_config", "source": "/nix/store/b-sshd", "mode": "0644", "user": "+0", "group": "+0"}\n]\n';
const NEW = '[\n  {"target": "ssh/sshd_config", "source": "/nix/store/c-sshd", "mode": "0644", "user": "+0", "group": "+0"},\n  {"target": "motd", "source": "/nix/store/d-motd", "mode": "symlink"}\n]\n';
let c: TestClient;
before(async () => {
  if (!skip) c = await startClient({ files: { "old.etc.json": OLD } });
});
after(async () => {
  if (c) await c.stop();
});

test("generatePreview: the snippet, each line linked to its entries", { skip }, async () => {
  const uri = c.uri("new.etc.json");
  c.open(uri, NEW, "json");
  const r = await c.request<GeneratePreviewResult>(GeneratePreviewRequest.method, { uri });
  assert.equal(r.version, 1);
  assert.deepEqual(r.text.split("\n").filter(Boolean), [
    "L+ /etc/motd - - - - /nix/store/d-motd",
    "d /etc/ssh - - - -",
    "C /etc/ssh/sshd_config 0644 0 0 - /nix/store/c-sshd",
  ]);
  assert.deepEqual(r.links.map((l) => [l.line, l.path, l.entries.map((e) => e.index)]), [
    [0, "/etc/motd", [1]],
    [1, "/etc/ssh", [0]],
    [2, "/etc/ssh/sshd_config", [0]],
  ]);
  const e = r.links[0]!.entries[0]!;
  assert.equal(NEW.slice(e.offset, e.offset + e.length), '{"target": "motd", "source": "/nix/store/d-motd", "mode": "symlink"}');
  assert.deepEqual(e.range.start, { line: 2, character: 2 });
});

test("generatePreview reads an unopened manifest from disk", { skip }, async () => {
  const r = await c.request<GeneratePreviewResult>(GeneratePreviewRequest.method, { uri: c.uri("old.etc.json") });
  assert.equal(r.version, null);
  assert.match(r.text, /L\+ \/etc\/hosts/);
});

test("planPreview: changes with counts, linked to entries of both sides", { skip }, async () => {
  const uri = c.uri("new.etc.json");
  const r = await c.request<PlanPreviewResult>(PlanPreviewRequest.method, { old: { uri: c.uri("old.etc.json") }, new: { uri } });
  assert.deepEqual(r.counts, { add: 1, replace: 1, remove: 1, keep: 1 });
  const byPath = new Map(r.plan.changes.map((ch) => [ch.path, ch]));
  assert.equal(byPath.get("/etc/hosts")!.action, "remove");
  assert.deepEqual(byPath.get("/etc/hosts")!.oldEntries.map((e) => e.index), [0]);
  assert.equal(byPath.get("/etc/motd")!.action, "add");
  assert.deepEqual(byPath.get("/etc/motd")!.newEntries.map((e) => e.index), [1]);
  assert.equal(byPath.get("/etc/ssh/sshd_config")!.action, "replace");
  assert.deepEqual(r.plan.replace, ["r /etc/ssh/sshd_config - - - -"]);
  assert.match(r.text, /# changes: 1 added, 1 replaced, 1 removed, 1 kept/);
  // OLD as text (the file at git HEAD, say).
  const t = await c.request<PlanPreviewResult>(PlanPreviewRequest.method, { old: { text: OLD, fileName: "HEAD.etc.json" }, new: { uri } });
  assert.deepEqual(t.counts, r.counts);
});

test("planPreview: an unreadable input is an error that says where", { skip }, async () => {
  const uri = c.uri("new.etc.json");
  await assert.rejects(
    c.request(PlanPreviewRequest.method, { old: { text: "[{", fileName: "bad.json" }, new: { uri } }),
    (e: { message: string; data?: { which: string; problems: unknown[] } }) => e.data?.which === "old" && e.data.problems.length > 0,
  );
  await assert.rejects(c.request(PlanPreviewRequest.method, { old: { uri: c.uri("missing.etc.json") }, new: { uri } }), /cannot be read/);
});

test("serverStatus: the release in force per document", { skip }, async () => {
  const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, { uri: c.uri("new.etc.json") });
  assert.deepEqual(s.known, { oldest: 252, newest: 262 });
  assert.equal(s.systemdVersion, 262);
  assert.ok(s.indexed.manifests >= 1);
});
