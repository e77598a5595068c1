/**
 * Finding 17.12: `generate` wrote lines that systemd-tmpfiles refuses, and
 * the manifest check said nothing. A numeric owner ("+N", or uid/gid when
 * there is no user/group) is read as the tmpfiles.d checker reads a numeric
 * user: above 4294967295, or one of the reserved ids 4294967295 and 65535,
 * it is an error (`invalid-owner-id`) and the entry is left out of the
 * snippet, as for any other invalid owner ("+99999999999999999999" was
 * written as 100000000000000000000). A target with a component longer than
 * NAME_MAX (255 bytes of UTF-8) is an error (`target-name-too-long`) and is
 * left out, as for any other unusable target.
 *
 * Where systemd-tmpfiles of a release is on this machine (see
 * test/support/releaseBinaries.ts), the lines such entries would give are
 * run against it in a scratch --root, with the limits' neighbours that it
 * accepts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkManifest, generate, readManifest } from "../../server/src/core/manifest/index";
import { checkTmpfiles } from "../../server/src/core/tmpfiles/check";
import { actualMarks, expectedMarks, render } from "../unit/core/manifest/fixture";
import { releaseArgv } from "../support/releaseBinaries";

function check(name: string, text: string): void {
  test(name, () => {
    const actual = actualMarks(checkManifest(text));
    const expected = expectedMarks(text);
    assert.deepEqual(actual, expected, `got:\n${render(text, actual)}\nwanted:\n${render(text, expected)}`);
  });
}

check(
  "numeric owners that systemd-tmpfiles cannot use are errors on their field",
  `[
  {"target": "a", "source": "/x", "mode": "0644", "user": "+99999999999999999999"},
//                                                        ^^^^^^^^^^^^^^^^^^^^^^^ error invalid-owner-id
  {"target": "b", "source": "/x", "mode": "0644", "group": "+4294967296"},
//                                                         ^^^^^^^^^^^^^ error invalid-owner-id
  {"target": "c", "source": "/x", "mode": "0644", "user": "+4294967295"},
//                                                        ^^^^^^^^^^^^^ error invalid-owner-id
  {"target": "d", "source": "/x", "mode": "0644", "group": "+65535"},
//                                                         ^^^^^^^^ error invalid-owner-id
  {"target": "e", "source": "/x", "mode": "0644", "uid": 65535},
//                                                       ^^^^^ error invalid-owner-id
  {"target": "f", "source": "/x", "mode": "0644", "user": "+4294967294", "group": "+65534", "gid": 65534},
  {"target": "g", "source": "/x", "mode": "0644", "user": "+0000000000000000000000001"}
]`,
);

const long = (n: number, ch = "a"): string => ch.repeat(n);

check(
  "a target component longer than 255 bytes is an error on the target",
  `[
  {"target": "${long(256)}", "source": "/x"},
//           ${"^".repeat(258)} error target-name-too-long
  {"target": "dir/${long(300)}/x", "source": "/x", "mode": "0644"},
//           ${"^".repeat(308)} error target-name-too-long
  {"target": "${long(128, "é")}", "source": "/x"},
//           ${"^".repeat(130)} error target-name-too-long
  {"target": "${long(255)}", "source": "/x"},
  {"target": "b/${long(85, "é")}", "source": "/x"}
]`,
);

test("generate leaves such entries out, as it does for other invalid owners and targets", () => {
  const m = JSON.stringify([
    { target: "big", source: "/nix/store/x", mode: "0644", user: "+99999999999999999999", group: "+0" },
    { target: "reserved", source: "/nix/store/x", mode: "0644", group: "+4294967295" },
    { target: "huge", source: "/nix/store/x", mode: "0644", user: "+" + "9".repeat(400) },
    { target: "nouser", source: "/nix/store/x", mode: "0644", uid: 65535 },
    { target: "dir/" + long(300), source: "/nix/store/y", mode: "symlink" },
    { target: "c" + long(300), source: "/nix/store/y", mode: "0644" },
    { target: "ok", source: "/nix/store/x", mode: "0644", user: "+007", group: "+4294967294" },
    { target: long(255), source: "/nix/store/y" },
  ]);
  const out = generate(m);
  assert.equal(out, `L+ /etc/${long(255)} - - - - /nix/store/y\nC /etc/ok 0644 7 4294967294 - /nix/store/x\n`);
  // The same through the reader that keeps positions (what the language server's preview uses).
  assert.equal(generate(readManifest(m)), out);
  // The snippet's lines pass the tmpfiles.d checker.
  assert.deepEqual(
    checkTmpfiles(out).diagnostics.filter((d) => d.severity === "error"),
    [],
  );
});

/** Runs `release`'s systemd-tmpfiles --create on one line in a scratch root; its exit status. */
function runOracle(argv: string[], line: string): { status: number | null; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), "tmpfiles-oracle-root-"));
  const conf = join(mkdtempSync(join(tmpdir(), "tmpfiles-oracle-conf-")), "x.conf");
  try {
    mkdirSync(join(root, "etc"), { recursive: true });
    mkdirSync(join(root, "nix", "store"), { recursive: true });
    writeFileSync(join(root, "nix", "store", "x"), "x\n");
    writeFileSync(join(root, "etc", "passwd"), "root:x:0:0::/root:/bin/sh\n");
    writeFileSync(join(root, "etc", "group"), "root:x:0:\n");
    writeFileSync(conf, line + "\n");
    const r = spawnSync(argv[0]!, [...argv.slice(1), `--root=${root}`, "--create", "--boot", conf], {
      encoding: "utf8",
      timeout: 30_000,
    });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(conf, ".."), { recursive: true, force: true });
  }
}

for (const release of [252, 254, 257, 262]) {
  const argv = releaseArgv(release);
  test(
    `systemd-tmpfiles ${release} refuses the lines these entries would give, and takes their neighbours`,
    { skip: !argv && `systemd-tmpfiles ${release} is not on this machine`, timeout: 120_000 },
    () => {
      const refused = [
        "C /etc/big 0644 100000000000000000000 0 - /nix/store/x",
        "C /etc/big 0644 4294967296 0 - /nix/store/x",
        "C /etc/big 0644 0 65535 - /nix/store/x",
        `L+ /etc/${long(256)} - - - - /nix/store/x`,
        `C /etc/${long(128, "é")} 0644 0 0 - /nix/store/x`,
      ];
      const taken = [
        "C /etc/big 0644 4294967294 65534 - /nix/store/x",
        `L+ /etc/${long(255)} - - - - /nix/store/x`,
        `C /etc/${long(127, "é")}a 0644 0 0 - /nix/store/x`,
      ];
      for (const line of refused) {
        const r = runOracle(argv!, line);
        assert.notEqual(r.status, 0, `refused: ${line.slice(0, 60)}…; stderr: ${r.stderr.slice(0, 200)}`);
      }
      for (const line of taken) {
        const r = runOracle(argv!, line);
        assert.equal(r.status, 0, `taken: ${line.slice(0, 60)}…; stderr: ${r.stderr.slice(0, 200)}`);
      }
    },
  );
}
