import { test } from "node:test";
import assert from "node:assert/strict";
import { folderGlobs } from "../../../client/src/selectors";
import { ServerStart, type StartReason } from "../../../client/src/serverStart";

const starts = (): { s: ServerStart; got: StartReason[] } => {
  const got: StartReason[] = [];
  return { s: new ServerStart((r) => got.push(r)), got };
};

test("a file of ours open at activation starts the server at once, and only once", () => {
  const { s, got } = starts();
  s.activated(true);
  s.opened("a.conf");
  s.searched(true);
  assert.deepEqual(got, [{ kind: "openAtActivation" }]);
});

test("a file opened while the workspace search runs starts the server without waiting for the search", () => {
  const { s, got } = starts();
  s.activated(false);
  s.opened("50-errors.conf");
  assert.deepEqual(got, [{ kind: "opened", name: "50-errors.conf" }]);
  s.searched(true);
  s.searched(false);
  assert.equal(got.length, 1);
});

test("the search finding a file starts the server before any is opened; finding none leaves it to the first file opened", () => {
  const found = starts();
  found.s.activated(false);
  found.s.searched(true);
  found.s.opened("a.conf");
  assert.deepEqual(found.got, [{ kind: "workspace" }]);

  const none = starts();
  none.s.activated(false);
  none.s.searched(false);
  assert.deepEqual(none.got, []);
  assert.equal(none.s.startedFor, undefined);
  none.s.opened("web.json");
  assert.deepEqual(none.got, [{ kind: "opened", name: "web.json" }]);
});

test("a workspace folder that is itself a tmpfiles.d directory is searched for its *.conf files too", () => {
  assert.ok(folderGlobs("/etc/tmpfiles.d").includes("*.conf"));
  assert.ok(folderGlobs("/home/me/user-tmpfiles.d/").includes("*.conf"));
  assert.ok(!folderGlobs("/home/me/project").includes("*.conf"));
  assert.ok(folderGlobs("/home/me/project").includes("**/tmpfiles.d/*.conf"));
});
