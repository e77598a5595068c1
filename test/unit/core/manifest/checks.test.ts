import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "jsonc-parser";
import { checkManifest, manifestCodes } from "../../../../server/src/core/manifest/index.js";
import { applyEdits } from "../../../../server/src/core/text.js";
import { actualMarks, expectedMarks, render } from "./fixture.js";

function check(name: string, text: string, opts: { staticDir?: string } = {}): void {
  test(name, () => {
    const actual = actualMarks(checkManifest(text, opts));
    const expected = expectedMarks(text);
    assert.deepEqual(actual, expected, `got:\n${render(text, actual)}\nwanted:\n${render(text, expected)}`);
  });
}

check(
  "a clean list-shaped manifest has no diagnostics",
  `[
  {"target": "ssh/sshd_config", "source": "/nix/store/a-sshd", "mode": "symlink", "user": "+0", "group": "+0", "uid": 0, "gid": 0},
  {"target": "sudoers", "source": "/nix/store/b-sudoers", "mode": "0440", "user": "+0", "group": "+0", "uid": 0, "gid": 0}
]`,
);

check(
  "a clean object-shaped manifest, target defaulting to the name",
  `{
  "$schema": "https://example.invalid/etc-manifest.schema.json",
  "hosts": {"source": "/nix/store/a-hosts", "enable": true, "text": null},
  "nix/nix.conf": {"target": "nix/nix.conf", "source": "/nix/store/b-nix.conf", "mode": "direct-symlink"}
}`,
);

check(
  "broken JSON is reported where it breaks and the rest is still checked",
  `[
  {"target": "a", "source": "/x" "mode": "symlink"},
//                               ^^^^^^ error json-syntax
  {"target": "b", "source": "relative"}
//                          ^^^^^^^^^^ error source-not-absolute
]`,
);

check(
  "shape and entry types",
  `[
  "hosts",
//^^^^^^^ error entry-not-object
  {"target": "a", "source": "/x"}
]`,
);

check("a scalar is not a manifest", `  42\n//^^ error manifest-shape`);

check(
  "wrong field types land on the value",
  `[
  {"target": 7, "source": "/x", "uid": "0", "gid": -1, "enable": "yes", "text": 3}
//           ^ error wrong-type
//                                     ^^^ error wrong-type
//                                                 ^^ error wrong-type
//                                                               ^^^^^ error wrong-type
//                                                                              ^ error wrong-type
]`,
);

check(
  "missing target (list shape) and missing source",
  `[
  {"source": "/x"},
//^^^^^^^^^^^^^^^^ error missing-field
  {"target": "a"},
//^^^^^^^^^^^^^^^ error missing-field
  {"target": "b", "text": "hello"}
//                ^^^^^^ warning text-without-source
]`,
);

check(
  "unknown and repeated fields",
  `[
  {"target": "a", "source": "/x", "replaceExisting": true, "mode": "0644", "mode": "0600"}
//                                ^^^^^^^^^^^^^^^^^ warning unknown-field
//                                                         ^^^^^^ warning duplicate-field
]`,
);

check(
  "targets: empty, leaving /etc, not normalised, starting with /etc",
  `[
  {"target": "./", "source": "/x"},
//           ^^^^ error empty-target
  {"target": "a/../../passwd", "source": "/x"},
//           ^^^^^^^^^^^^^^^^ error target-leaves-etc
  {"target": "//ssh//ssh_config/", "source": "/x"},
//           ^^^^^^^^^^^^^^^^^^^^ hint target-not-normalised
  {"target": "/etc/hosts", "source": "/y"}
//           ^^^^^^^^^^^^ hint target-not-normalised
//           ^^^^^^^^^^^^ information target-includes-etc
]`,
);

check(
  "a target with a NUL cannot be written",
  `[
  {"target": "a\\u0000b", "source": "/x"}
//           ^^^^^^^^^^ error invalid-character
]`,
);

check(
  "modes",
  `[
  {"target": "a", "source": "/x", "mode": "rw-r--r--"},
//                                        ^^^^^^^^^^^ error invalid-mode
  {"target": "b", "source": "/x", "mode": "640"},
  {"target": "c", "source": "/x", "mode": "04755"},
//                                        ^^^^^^^ warning set-id-mode
  {"target": "d", "source": "/y/*", "mode": "0644"},
//                                          ^^^^^^ warning mode-ignored-on-glob
  {"target": "e", "source": "/x", "mode": "06400"},
//                                        ^^^^^^^ warning set-id-mode
  {"target": "f", "source": "/x", "mode": "006400"},
//                                        ^^^^^^^^ warning set-id-mode
  {"target": "g", "source": "/x", "mode": "2755"},
//                                        ^^^^^^ warning set-id-mode
  {"target": "h", "source": "/x", "mode": "1644"},
  {"target": "i", "source": "/x", "mode": "010000"},
//                                        ^^^^^^^^ error invalid-mode
  {"target": "j", "source": "/x", "mode": "0999"},
//                                        ^^^^^^ error invalid-mode
  {"target": "k", "source": "/x", "mode": ""},
//                                        ^^ error invalid-mode
  {"target": "l", "source": "/y/*", "mode": "4755"}
//                                          ^^^^^^ warning mode-ignored-on-glob
]`,
);

test("what is wrong with a mode is said, and set-id bits are explained, with fixes", () => {
  const text = `[{"target": "a", "source": "/x", "mode": "rw-r-----"}, {"target": "b", "source": "/x", "mode": "010000"}, {"target": "c", "source": "/x", "mode": "06400"}, {"target": "d", "source": "/x", "mode": "2755"}]`;
  const ds = checkManifest(text);
  const by = (code: string) => ds.filter((d) => d.code === code);
  assert.deepEqual(
    by("invalid-mode").map((d) => d.message),
    [
      'The mode "rw-r-----" is written symbolically; NixOS reads a mode as an octal number, such as "0640" for this one.',
      'The mode "010000" is above 07777: a mode holds only the permission bits and the set-user-ID, set-group-ID and sticky bits.',
    ],
  );
  assert.equal(applyEdits(text, by("invalid-mode")[0]!.fixes![0]!.edits), text.replace('"rw-r-----"', '"0640"'));
  assert.deepEqual(
    by("invalid-mode")[1]!.fixes!.map((f) => [f.title, f.preferred]),
    [['Write "0644" (the usual file mode)', undefined]],
  );
  for (const [mode, fixed] of [
    ["0x644", ['"0644"']],
    ["0999", ['"0644"']],
    ["", ['"0644"']],
  ] as const) {
    const t = `[{"target": "a", "source": "/x", "mode": ${JSON.stringify(mode)}}]`;
    const d = checkManifest(t).find((x) => x.code === "invalid-mode")!;
    const outs = d.fixes!.map((f) => applyEdits(t, f.edits));
    assert.deepEqual(
      outs,
      fixed.map((m) => t.replace(JSON.stringify(mode), m)),
      mode,
    );
    for (const o of outs)
      assert.deepEqual(
        checkManifest(o).map((x) => x.code),
        [],
        o,
      );
  }
  const setId = by("set-id-mode");
  assert.deepEqual(
    setId.map((d) => d.severity),
    ["warning", "warning"],
  );
  assert.match(
    setId[0]!.message,
    /^The mode 6400 sets the set-user-ID and set-group-ID bits: a program copied here runs with the rights of its owner and group/,
  );
  assert.match(setId[1]!.message, /^The mode 2755 sets the set-group-ID bit: .* its group/);
  const fixed = applyEdits(text, [...setId.flatMap((d) => d.fixes![0]!.edits)]);
  assert.ok(fixed.includes('"mode": "0400"') && fixed.includes('"mode": "0755"'), fixed);
  assert.deepEqual(
    checkManifest(fixed).filter((d) => d.code === "set-id-mode"),
    [],
  );
});

check(
  "a glob other than DIR/* links its whole directory when there is no static directory",
  `[
  {"target": "fail2ban/action.d", "source": "/s/action.d/*.conf"},
//                                          ^^^^^^^^^^^^^^^^^^^^ information glob-links-whole-directory
  {"target": "tmpfiles.d", "source": "/s/tmpfiles.d/*"}
]`,
);

check(
  "with a static directory every glob is linked through it",
  `[
  {"target": "fail2ban/action.d", "source": "/s/action.d/*.conf"}
]`,
  { staticDir: "/etc/static" },
);

check(
  "owners: invalid, disagreeing with the numeric id, ignored on a link",
  `[
  {"target": "a", "source": "/x", "mode": "0600", "user": "+root"},
//                                                        ^^^^^^^ error invalid-owner
  {"target": "b", "source": "/x", "mode": "0600", "user": "+0", "uid": 1000},
//                                                        ^^^^ warning owner-mismatch
  {"target": "c", "source": "/x", "mode": "0600", "group": "+1", "gid": 1},
  {"target": "d", "source": "/x", "mode": "symlink", "user": "nginx"},
//                                                           ^^^^^^^ information owner-ignored-on-symlink
  {"target": "e", "source": "/x", "mode": "0400", "user": "ryan", "uid": 0}
]`,
);

check(
  "the same target twice with the same source is a warning on both",
  `[
  {"target": "nsswitch.conf", "source": "/x"},
//           ^^^^^^^^^^^^^^^ warning duplicate-target
  {"target": "./nsswitch.conf", "source": "/x"}
//           ^^^^^^^^^^^^^^^^^ warning duplicate-target
//           ^^^^^^^^^^^^^^^^^ hint target-not-normalised
]`,
);

check(
  "the same target with another source or owner is an error on each; 644 is 0644; a disabled entry takes no part",
  `[
  {"target": "pulse/client.conf", "source": "/a"},
//           ^^^^^^^^^^^^^^^^^^^ error conflicting-target
  {"target": "pulse/client.conf", "source": "/b"},
//           ^^^^^^^^^^^^^^^^^^^ error conflicting-target
  {"target": "m", "source": "/a", "mode": "0644"},
//           ^^^ warning duplicate-target
  {"target": "m", "source": "/a", "mode": "644"},
//           ^^^ warning duplicate-target
  {"target": "m", "source": "/a", "mode": "symlink", "enable": false},
  {"target": "o", "source": "/a", "mode": "0644", "user": "+0"},
//           ^^^ error conflicting-target
  {"target": "o", "source": "/a", "mode": "0644", "user": "+1"}
//           ^^^ error conflicting-target
]`,
);

check(
  "object shape: a conflict on the names",
  `{
  "motd": {"source": "/a"},
//^^^^^^ error conflicting-target
  "other": {"target": "motd", "source": "/b"}
//                    ^^^^^^ error conflicting-target
}`,
);

check(
  "targets inside another entry's link, file or glob-linked directory",
  `[
  {"target": "tmpfiles.d", "source": "/s/tmpfiles.d/*"},
//           ^^^^^^^^^^^^ error inside-glob-directory
  {"target": "tmpfiles.d/X.conf", "source": "/s/X.conf"},
//           ^^^^^^^^^^^^^^^^^^^ error inside-glob-directory
  {"target": "systemd/system", "source": "/s/units"},
//           ^^^^^^^^^^^^^^^^ error target-inside-entry
  {"target": "systemd/system/a/b.service", "source": "/s/b"},
//           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error target-inside-entry
  {"target": "systemd/system.conf", "source": "/s/c"}
]`,
);

test("every code the checks use is in the registry, with examples", () => {
  for (const [code, info] of Object.entries(manifestCodes)) {
    assert.match(code, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(info.title && info.bad && info.good, code);
  }
});

test("related locations point at the other entries", () => {
  const text = `[{"target": "a", "source": "/x"}, {"target": "a", "source": "/y"}]`;
  const [first, second] = checkManifest(text);
  assert.equal(first!.related![0]!.offset, text.lastIndexOf('"a"'));
  assert.equal(second!.related![0]!.offset, text.indexOf('"a"'));
});

check(
  "a link and a file with another entry placed inside: an error on both entries",
  `[
  {"target": "d", "source": "/nix/store/d", "mode": "symlink"},
//           ^^^ error target-inside-entry
  {"target": "d/inner.conf", "source": "/nix/store/i", "mode": "0644"},
//           ^^^^^^^^^^^^^^ error target-inside-entry
  {"target": "f", "source": "/nix/store/f", "mode": "0600"},
//           ^^^ error target-inside-entry
  {"target": "f/x", "source": "/nix/store/x"},
//           ^^^^^ error target-inside-entry
  {"target": "f/y/z", "source": "/nix/store/z"}
//           ^^^^^^^ error target-inside-entry
]`,
);

test("inside another entry's target: each side's related location points at the other, the holder's at every entry inside it", () => {
  const text = `[{"target": "d", "source": "/l"}, {"target": "d/inner.conf", "source": "/i", "mode": "0644"}, {"target": "d/b", "source": "/b"}]`;
  const ds = checkManifest(text).filter((d) => d.code === "target-inside-entry");
  const at = (s: string): number => text.indexOf(s);
  assert.deepEqual(
    ds.map((d) => [d.offset, d.length, d.related!.map((r) => [r.offset, r.length])]),
    [
      [
        at('"d"'),
        3,
        [
          [at('"d/inner.conf"'), 14],
          [at('"d/b"'), 5],
        ],
      ],
      [at('"d/inner.conf"'), 14, [[at('"d"'), 3]]],
      [at('"d/b"'), 5, [[at('"d"'), 3]]],
    ],
  );
  assert.match(
    ds[0]!.message,
    /\/etc\/d is a link made by this entry, so \/etc\/d\/inner\.conf of entry 2 and 1 other target cannot be placed inside it/,
  );
  assert.ok(ds.every((d) => d.severity === "error"));
  // The holder can be removed too.
  assert.deepEqual(parse(fixed(text, "target-inside-entry", /Remove/)), [
    { target: "d/inner.conf", source: "/i", mode: "0644" },
    { target: "d/b", source: "/b" },
  ]);
});

// Fixes: applied, the text stays valid JSON with the expected content.

function fixed(text: string, code: string, title: RegExp, which = 0): string {
  const d = checkManifest(text).filter((x) => x.code === code)[which];
  assert.ok(d, `no ${code}`);
  const fix = d.fixes?.find((f) => title.test(f.title));
  assert.ok(fix, `no fix ${title} among ${d.fixes?.map((f) => f.title).join(", ")}`);
  return applyEdits(text, fix.edits);
}

const pair = `[
  {"target": "a", "source": "/x"},
  {"target": "b", "source": "/y"},
  // a comment that belongs to the next entry
  {"target": "a", "source": "/z"}
]`;

test("fix: keep one of a mismatched pair", () => {
  const out = fixed(pair, "conflicting-target", /^Keep/, 0);
  assert.deepEqual(parse(out), [
    { target: "a", source: "/x" },
    { target: "b", source: "/y" },
  ]);
  assert.deepEqual(checkManifest(out), []);
  const out2 = fixed(pair, "conflicting-target", /^Keep/, 1);
  assert.deepEqual(parse(out2), [
    { target: "b", source: "/y" },
    { target: "a", source: "/z" },
  ]);
});

test("fix: remove this entry, the last one", () => {
  const out = fixed(pair, "conflicting-target", /^Remove/, 1);
  assert.equal(out, `[\n  {"target": "a", "source": "/x"},\n  {"target": "b", "source": "/y"}\n]`);
});

test("fix: rename a target to a free name", () => {
  const text = `[{"target": "pulse/client.conf", "source": "/a"}, {"target": "pulse/client-2.conf", "source": "/c"}, {"target": "pulse/client.conf", "source": "/b"}]`;
  const out = fixed(text, "conflicting-target", /^Rename/, 1);
  assert.deepEqual(
    (parse(out) as Array<{ target: string }>).map((e) => e.target),
    ["pulse/client.conf", "pulse/client-2.conf", "pulse/client-3.conf"],
  );
  assert.deepEqual(checkManifest(out), []);
});

test("fix: rename an entry of the object shape renames its name", () => {
  const text = `{"motd": {"source": "/a"}, "x": {"target": "motd", "source": "/b"}}`;
  const out = fixed(text, "conflicting-target", /^Rename/, 0);
  assert.deepEqual(Object.keys(parse(out) as Record<string, unknown>), ["motd-2", "x"]);
});

test("fix: remove a duplicate entry from an object", () => {
  const text = `{\n  "a": {"source": "/x"},\n  "b": {"target": "a", "source": "/x"}\n}`;
  const out = fixed(text, "duplicate-target", /duplicate/, 1);
  assert.equal(out, `{\n  "a": {"source": "/x"}\n}`);
  const d = checkManifest(text).filter((x) => x.code === "duplicate-target");
  assert.deepEqual(
    d.map((x) => x.fixes?.[0]?.preferred),
    [false, true],
  );
});

test("fix: remove an entry inside a glob-linked directory", () => {
  const text = `[{"target": "t", "source": "/s/*"}, {"target": "t/x", "source": "/y"}]`;
  assert.deepEqual(parse(fixed(text, "inside-glob-directory", /Remove/, 1)), [{ target: "t", source: "/s/*" }]);
});

test("fix: normalise a target, settle an owner mismatch, drop an unknown field", () => {
  assert.deepEqual(parse(fixed(`[{"target": "//a//b/", "source": "/x"}]`, "target-not-normalised", /Write/)), [
    { target: "a/b", source: "/x" },
  ]);
  const owner = `[{"target": "a", "source": "/x", "mode": "0600", "user": "+0", "uid": 1000}]`;
  assert.equal((parse(fixed(owner, "owner-mismatch", /"user"/)) as Array<{ user: string }>)[0]!.user, "+1000");
  assert.equal((parse(fixed(owner, "owner-mismatch", /"uid"/)) as Array<{ uid: number }>)[0]!.uid, 0);
  assert.deepEqual(parse(fixed(`[{"target": "a", "owner": 1, "source": "/x"}]`, "unknown-field", /Remove/)), [
    { target: "a", source: "/x" },
  ]);
  assert.deepEqual(parse(fixed(`[{"target": "a", "source": "/x", "owner": 1}]`, "unknown-field", /Remove/)), [
    { target: "a", source: "/x" },
  ]);
});
