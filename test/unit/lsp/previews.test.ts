import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { GeneratePreviewResult, PlanPreviewResult, ServerStatusResult } from "../../../server/src/protocol";
import { GeneratePreviewRequest, PlanPreviewRequest, ServerStatusRequest } from "../../../server/src/protocol";
import { startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const OLD =
  '[\n  {"target": "hosts", "source": "/nix/store/a-hosts", "mode": "symlink"},\n  {"target": "ssh/sshd_config", "source": "/nix/store/b-sshd", "mode": "0644", "user": "+0", "group": "+0"}\n]\n';
const NEW =
  '[\n  {"target": "ssh/sshd_config", "source": "/nix/store/c-sshd", "mode": "0644", "user": "+0", "group": "+0"},\n  {"target": "motd", "source": "/nix/store/d-motd", "mode": "symlink"}\n]\n';
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
  assert.deepEqual(
    r.links.map((l) => [l.line, l.path, l.entries.map((e) => e.index)]),
    [
      [0, "/etc/motd", [1]],
      [1, "/etc/ssh", [0]],
      [2, "/etc/ssh/sshd_config", [0]],
    ],
  );
  const e = r.links[0]!.entries[0]!;
  assert.equal(
    NEW.slice(e.offset, e.offset + e.length),
    '{"target": "motd", "source": "/nix/store/d-motd", "mode": "symlink"}',
  );
  assert.deepEqual(e.range.start, { line: 2, character: 2 });
});

test(
  "generatePreview: each C line names its copy source, and the manifest's errors are among its problems (for the dry-run's warnings)",
  { skip },
  async () => {
    const uri = c.uri("errors.etc.json");
    const text =
      '[\n  {"target": "a", "source": "/nix/store/x-a", "mode": "0644"},\n  {"target": "b", "source": "/nix/store/x-b", "mode": "symlink"},\n  {"target": "c", "source": "/nix/store/x-c", "mode": "0644", "user": "+4294967295"}\n]\n';
    c.open(uri, text, "json");
    const r = await c.request<GeneratePreviewResult>(GeneratePreviewRequest.method, { uri });
    const lines = r.text.split("\n");
    assert.deepEqual(
      r.links.filter((l) => l.copySource !== undefined).map((l) => [lines[l.line], l.path, l.copySource]),
      [["C /etc/a 0644 0 0 - /nix/store/x-a", "/etc/a", "/nix/store/x-a"]],
    );
    const errors = r.problems.filter((p) => p.severity === "error" && p.code !== undefined);
    assert.deepEqual(
      errors.map((e) => [e.code, e.range.start.line]),
      [["invalid-owner-id", 3]],
    );
    const clean = await c.request<GeneratePreviewResult>(GeneratePreviewRequest.method, { uri: c.uri("new.etc.json") });
    assert.equal(clean.links.find((l) => l.path === "/etc/ssh/sshd_config")?.copySource, "/nix/store/c-sshd");
    assert.equal(clean.links.find((l) => l.path === "/etc/motd")?.copySource, undefined);
  },
);

test("generatePreview reads an unopened manifest from disk", { skip }, async () => {
  const r = await c.request<GeneratePreviewResult>(GeneratePreviewRequest.method, { uri: c.uri("old.etc.json") });
  assert.equal(r.version, null);
  assert.match(r.text, /L\+ \/etc\/hosts/);
});

test("planPreview: changes with counts, linked to entries of both sides", { skip }, async () => {
  const uri = c.uri("new.etc.json");
  const r = await c.request<PlanPreviewResult>(PlanPreviewRequest.method, {
    old: { uri: c.uri("old.etc.json") },
    new: { uri },
  });
  assert.deepEqual(r.counts, { add: 1, replace: 1, remove: 1, keep: 1 });
  const byPath = new Map(r.plan.changes.map((ch) => [ch.path, ch]));
  assert.equal(byPath.get("/etc/hosts")!.action, "remove");
  assert.deepEqual(
    byPath.get("/etc/hosts")!.oldEntries.map((e) => e.index),
    [0],
  );
  assert.equal(byPath.get("/etc/motd")!.action, "add");
  assert.deepEqual(
    byPath.get("/etc/motd")!.newEntries.map((e) => e.index),
    [1],
  );
  assert.equal(byPath.get("/etc/ssh/sshd_config")!.action, "replace");
  assert.deepEqual(r.plan.replace, ["r /etc/ssh/sshd_config - - - -"]);
  assert.match(r.text, /# changes: 1 added, 1 replaced, 1 removed, 1 kept/);
  // OLD as text (the file at git HEAD, say).
  const t = await c.request<PlanPreviewResult>(PlanPreviewRequest.method, {
    old: { text: OLD, fileName: "HEAD.etc.json" },
    new: { uri },
  });
  assert.deepEqual(t.counts, r.counts);
});

test("planPreview: an unreadable input is an error that says where", { skip }, async () => {
  const uri = c.uri("new.etc.json");
  await assert.rejects(
    c.request(PlanPreviewRequest.method, { old: { text: "[{", fileName: "bad.json" }, new: { uri } }),
    (e: { message: string; data?: { which: string; problems: unknown[] } }) =>
      e.data?.which === "old" && e.data.problems.length > 0,
  );
  await assert.rejects(
    c.request(PlanPreviewRequest.method, { old: { uri: c.uri("missing.etc.json") }, new: { uri } }),
    /cannot be read/,
  );
});

const CONFLICTING =
  '[\n  {"target": "a.conf", "source": "/nix/store/x"},\n  {"target": "a.conf", "source": "/nix/store/y"}\n]\n';

test(
  "generatePreview of a manifest with errors opens with them, the entry dropped named, and links and problems on the right lines",
  { skip },
  async () => {
    const uri = c.uri("conflict.etc.json");
    c.open(uri, CONFLICTING, "json");
    const r = await c.request<GeneratePreviewResult>(GeneratePreviewRequest.method, { uri });
    const lines = r.text.split("\n");
    assert.deepEqual(lines, [
      "# conflict.etc.json has 2 errors (tmpfiles-lsp generate and plan exit 1 on it):",
      '# line 2: error: /etc/a.conf is also wanted by entry 2 with another source (/nix/store/y); NixOS fails the build with "mismatched duplicate entry". [conflicting-target]',
      '# line 3: error: /etc/a.conf is also wanted by entry 1 with another source (/nix/store/x); NixOS fails the build with "mismatched duplicate entry". [conflicting-target]',
      "# So the lines below leave out:",
      "# line 3: entry 2 (/etc/a.conf) is dropped: entry 1 (line 2) is used instead.",
      "",
      "L+ /etc/a.conf - - - - /nix/store/x",
      "",
    ]);
    assert.equal(r.errors, 2);
    assert.deepEqual(
      r.links.map((l) => [l.line, l.path, l.entries.map((e) => e.index)]),
      [[6, "/etc/a.conf", [0]]],
    );
    assert.deepEqual(
      r.problems.map((p) => [
        p.line,
        p.severity,
        p.code ?? null,
        p.range.start,
        p.related.map((x) => x.range.start.line),
      ]),
      [
        [1, "error", "conflicting-target", { line: 1, character: 13 }, [2]],
        [2, "error", "conflicting-target", { line: 2, character: 13 }, [1]],
        [4, "warning", null, { line: 2, character: 13 }, [1]],
      ],
    );
  },
);

test("planPreview carries the verdicts of NEW and of OLD, each on its own lines", { skip }, async () => {
  const uri = c.uri("conflict.etc.json");
  c.open(uri, CONFLICTING, "json");
  const r = await c.request<PlanPreviewResult>(PlanPreviewRequest.method, {
    old: { text: '[\n  {"target": "b", "source": "rel"}\n]\n', fileName: "conflict.etc.json" },
    new: { uri },
  });
  assert.deepEqual(
    r.verdicts.map((v) => [v.side, v.lines[0], v.problems.map((p) => [p.line, p.code ?? null])]),
    [
      [
        "new",
        "# conflict.etc.json has 2 errors (tmpfiles-lsp generate and plan exit 1 on it):",
        [
          [1, "conflicting-target"],
          [2, "conflicting-target"],
          [4, null],
        ],
      ],
      [
        "old",
        "# conflict.etc.json (the previous generation) has 1 error (tmpfiles-lsp generate and plan exit 1 on it):",
        [
          [1, "source-not-absolute"],
          [3, null],
        ],
      ],
    ],
  );
  // A clean manifest on both sides says nothing.
  const clean = await c.request<PlanPreviewResult>(PlanPreviewRequest.method, {
    old: { uri: c.uri("old.etc.json") },
    new: { uri: c.uri("new.etc.json") },
  });
  assert.deepEqual(clean.verdicts, []);
});

test("serverStatus: the release in force per document", { skip }, async () => {
  const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, { uri: c.uri("new.etc.json") });
  assert.deepEqual(s.known, { oldest: 252, newest: 262 });
  assert.equal(s.systemdVersion, 262);
  assert.ok(s.indexed.manifests >= 1);
});
