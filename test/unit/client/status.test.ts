import { test } from "node:test";
import assert from "node:assert/strict";
import { statusFromServer } from "../../../client/src/settings";

test("the status bar names the host and the program the release was read from", () => {
  assert.deepEqual(
    statusFromServer({
      systemdVersion: 252,
      source: "auto-detected",
      detected: { host: "build-box", release: 252, executable: "systemd-tmpfiles on build-box's PATH" },
    }),
    {
      text: "systemd 252 (auto, build-box)",
      tooltip:
        "systemd-tmpfiles on build-box's PATH says systemd 252: read over ssh from tmpfiles.remote.host build-box, where dry-runs run (tmpfiles.systemdVersion: auto). Click to change.",
    },
  );
  assert.deepEqual(
    statusFromServer({
      systemdVersion: 262,
      source: "auto-fallback",
      detected: { host: "build-box", problem: "ssh could not reach build-box (exit status 255)" },
    }),
    {
      text: "systemd 262 (auto)",
      tooltip:
        "No release from tmpfiles.remote.host build-box (ssh could not reach build-box (exit status 255)), so the newest known rules apply: systemd 262. Click to change.",
    },
  );
  // This machine, as before.
  assert.match(
    statusFromServer({
      systemdVersion: 257,
      source: "auto-detected",
      detected: { release: 257, executable: "systemd-tmpfiles" },
    }).tooltip,
    /^systemd-tmpfiles 257 was found at systemd-tmpfiles/,
  );
});
