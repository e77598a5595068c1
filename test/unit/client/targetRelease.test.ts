import { test } from "node:test";
import assert from "node:assert/strict";
import { releaseFacts } from "../../../client/src/dryRun/targetRelease";

const ran = (code: number | null, stdout = "", stderr = "", extra: object = {}) => ({ code, signal: null, stdout, stderr, ...extra });

test("the target host's release, or why there is none", () => {
  assert.deepEqual(releaseFacts("build-box", ran(0, "systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT\n")), { release: 252, executable: "systemd-tmpfiles on build-box's PATH" });
  assert.deepEqual(releaseFacts("build-box", ran(255, "", "ssh: connect to host build-box port 22: Connection refused\n")), { problem: "ssh could not reach build-box (exit status 255)" });
  assert.deepEqual(releaseFacts("build-box", ran(127, "", "sh: 1: systemd-tmpfiles: not found\n")), { problem: "systemd-tmpfiles is not installed on build-box" });
  assert.deepEqual(releaseFacts("build-box", ran(null, "", "", { error: Object.assign(new Error("spawn ssh ENOENT"), { code: "ENOENT" }) })), { problem: "ssh is not installed on this machine" });
  assert.deepEqual(releaseFacts("build-box", ran(0, "something else\n")), { problem: "systemd-tmpfiles --version on build-box named no release (exit status 0)" });
});
