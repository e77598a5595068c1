// `tmpfiles.systemdVersion: auto` with `tmpfiles.remote.host` set: the release in force is the one that
// host's systemd-tmpfiles names (the client asks it over ssh and tells the server, tmpfiles/targetFacts),
// never this machine's; the status says which host and binary it came from.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ServerStatusResult } from "../../../server/src/protocol";
import { ServerStatusRequest, TargetFactsNotification } from "../../../server/src/protocol";
import { startClient, serverBuilt } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const SETTINGS = { systemdVersion: "auto", remote: { host: "build-box" } };
const VSCODE = { customNotifications: true, targetFacts: true, workspaceTrusted: true };
// L? is known from 256: under 252 it is an error.
const TEXT = "L? /etc/x - - - - /y\n";

test("auto with a remote host: the host's release, once the client has asked it", { skip }, async () => {
  const c = await startClient({ settings: SETTINGS, initializationOptions: VSCODE });
  try {
    const uri = c.uri("a.tmpfiles");
    c.open(uri, TEXT);
    const before = await c.request<ServerStatusResult>(ServerStatusRequest.method, { uri });
    assert.equal(before.source, "auto-fallback");
    assert.equal(before.detected?.host, "build-box");
    assert.match(before.detected?.problem ?? "", /build-box/);
    assert.deepEqual(await c.diagnosticsOf(uri), [], "the newest rules meanwhile");
    const changed = c.otherNotifications.length;
    await c.conn.sendNotification(TargetFactsNotification.method, {
      host: "build-box",
      release: { release: 252, executable: "systemd-tmpfiles" },
    });
    await c.until("status changed", () =>
      c.otherNotifications.slice(changed).some((n) => n.method === "tmpfiles/serverStatusChanged"),
    );
    const after = await c.request<ServerStatusResult>(ServerStatusRequest.method, { uri });
    assert.equal(after.systemdVersion, 252);
    assert.equal(after.source, "auto-detected");
    assert.deepEqual(after.detected, { host: "build-box", release: 252, executable: "systemd-tmpfiles" });
    assert.deepEqual(
      (await c.diagnosticsOf(uri, (d) => d.length > 0)).map((d) => d.code),
      ["modifier-not-in-release"],
    );
    // Another host's answer changes nothing here.
    await c.conn.sendNotification(TargetFactsNotification.method, { host: "other", release: { release: 262 } });
    assert.equal((await c.request<ServerStatusResult>(ServerStatusRequest.method, { uri })).systemdVersion, 252);
  } finally {
    await c.stop();
  }
});

test("auto with a remote host that named no release: the newest rules, and why", { skip }, async () => {
  const c = await startClient({ settings: SETTINGS, initializationOptions: VSCODE });
  try {
    await c.conn.sendNotification(TargetFactsNotification.method, {
      host: "build-box",
      release: { problem: "ssh could not reach build-box (exit status 255)" },
    });
    await c.until("status changed", () =>
      c.otherNotifications.some((n) => n.method === "tmpfiles/serverStatusChanged"),
    );
    const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, {});
    assert.equal(s.source, "auto-fallback");
    assert.deepEqual(s.detected, { host: "build-box", problem: "ssh could not reach build-box (exit status 255)" });
  } finally {
    await c.stop();
  }
});

test(
  "auto with a remote host in an untrusted workspace: the host is not asked, and the status says so",
  { skip },
  async () => {
    const c = await startClient({ settings: SETTINGS, initializationOptions: { ...VSCODE, workspaceTrusted: false } });
    try {
      const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, {});
      assert.equal(s.source, "auto-fallback");
      assert.equal(s.detected?.host, "build-box");
      assert.match(s.detected?.problem ?? "", /not trusted/);
    } finally {
      await c.stop();
    }
  },
);

test("a client that asks no host (another editor) keeps this machine's release", { skip }, async () => {
  const c = await startClient({ settings: SETTINGS });
  try {
    const s = await c.request<ServerStatusResult>(ServerStatusRequest.method, {});
    assert.equal(s.detected?.host, undefined);
  } finally {
    await c.stop();
  }
});
