import { test } from "node:test";
import assert from "node:assert/strict";
import { releaseFacts, userDatabaseFacts } from "../../../../client/src/dryRun/targetRelease";

const ran = (code: number | null, stdout = "", stderr = "", extra: object = {}) => ({
  code,
  signal: null,
  stdout,
  stderr,
  ...extra,
});

test("the target host's release, or why there is none", () => {
  assert.deepEqual(releaseFacts("build-box", ran(0, "systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT\n")), {
    release: 252,
    executable: "systemd-tmpfiles on build-box's PATH",
  });
  assert.deepEqual(
    releaseFacts("build-box", ran(255, "", "ssh: connect to host build-box port 22: Connection refused\n")),
    { problem: "ssh could not reach build-box (exit status 255)" },
  );
  assert.deepEqual(releaseFacts("build-box", ran(127, "", "sh: 1: systemd-tmpfiles: not found\n")), {
    problem: "systemd-tmpfiles is not installed on build-box",
  });
  assert.deepEqual(
    releaseFacts(
      "build-box",
      ran(null, "", "", { error: Object.assign(new Error("spawn ssh ENOENT"), { code: "ENOENT" }) }),
    ),
    { problem: "ssh is not installed on this machine" },
  );
  assert.deepEqual(releaseFacts("build-box", ran(0, "something else\n")), {
    problem: "systemd-tmpfiles --version on build-box named no release (exit status 0)",
  });
});

test("the target host's user database: names, held to the limits of a passwd file, or why not", () => {
  assert.deepEqual(
    userDatabaseFacts(
      "build-box",
      ran(0, "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n"),
      ran(0, "root:x:0:\nadm:x:4:\n"),
    ),
    {
      users: ["root", "alice"],
      groups: ["root", "adm"],
    },
  );
  assert.deepEqual(
    userDatabaseFacts(
      "build-box",
      ran(0, "root:x:0:0::/root:/bin/sh\n"),
      ran(1, "", "cat: /etc/group: Permission denied\n"),
    ),
    {
      users: ["root"],
      userDatabaseProblem: "cat /etc/group on build-box failed (exit status 1: cat: /etc/group: Permission denied)",
    },
  );
  assert.deepEqual(
    userDatabaseFacts("build-box", ran(0, "root\0x"), ran(null, "", "", { overflow: true, signal: "SIGTERM" })),
    {
      userDatabaseProblem:
        "build-box:/etc/passwd: holds NUL bytes, so it is not a text file; build-box:/etc/group is larger than 8388608 bytes, the most that is read",
    },
  );
});
