import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatPlanText,
  generate,
  plan,
  planOf,
  planWalk,
  planToJson,
  PlanInputError,
  readGenerated,
} from "../../../../server/src/core/manifest/index.js";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check.js";
import { applyLines, dump, layout } from "./tree-sim.js";

const manifest = `[
  // a comment is fine
  {"target": "ssh/sshd_config", "source": "/nix/store/a-sshd", "mode": "symlink"},
  {"target": "sudoers", "source": "/nix/store/b-sudoers", "mode": "440", "user": "+0", "group": "root"},
  {"target": "localtime", "source": "/nix/store/tz/UTC", "mode": "direct-symlink"},
  {"target": "tmpfiles.d", "source": "/nix/store/c-tmpfiles.d/*"},
  {"target": "a b/100%/it's", "source": "/nix/store/d-odd name"},
  {"target": "off", "source": "/x", "enable": false},
  {"target": "ssh/ssh_config", "source": "/nix/store/e-ssh", "mode": "0644", "user": "+1000", "group": "+100"},
  {"target": "ssh/ssh_config", "source": "/nix/store/f-conflict"},
]`;

test("generate: golden output, tree order, parents once, quoting", () => {
  assert.equal(
    generate(manifest),
    [
      `d "/etc/a b" - - - -`,
      `d "/etc/a b/100%%" - - - -`,
      `L+ "/etc/a b/100%%/it's" - - - - /nix/store/d-odd name`,
      `L+ /etc/localtime - - - - /nix/store/tz/UTC`,
      `d /etc/ssh - - - -`,
      `C /etc/ssh/ssh_config 0644 1000 100 - /nix/store/e-ssh`,
      `L+ /etc/ssh/sshd_config - - - - /nix/store/a-sshd`,
      `C /etc/sudoers 0440 0 root - /nix/store/b-sudoers`,
      `L+ /etc/tmpfiles.d - - - - /nix/store/c-tmpfiles.d`,
      ``,
    ].join("\n"),
  );
});

test("generate: with a static directory, symlink entries (globs too) link through it", () => {
  const out = generate(manifest, { staticDir: "/etc/static/" });
  assert.match(out, /^L\+ \/etc\/ssh\/sshd_config - - - - \/etc\/static\/ssh\/sshd_config$/m);
  assert.match(out, /^L\+ \/etc\/tmpfiles\.d - - - - \/etc\/static\/tmpfiles\.d$/m);
  assert.match(out, /^L\+ \/etc\/localtime - - - - \/nix\/store\/tz\/UTC$/m, "direct-symlink stays direct");
  assert.match(out, /^C \/etc\/sudoers 0440 0 root - \/nix\/store\/b-sudoers$/m, "copies keep their source");
});

test("generate: the object shape gives the same lines as the list shape", () => {
  const obj = `{"ssh/sshd_config": {"source": "/nix/store/a-sshd", "mode": "symlink", "text": null, "enable": true}, "x": {"target": "sudoers", "source": "/nix/store/b-sudoers", "mode": "0440"}}`;
  const list = `[{"target": "ssh/sshd_config", "source": "/nix/store/a-sshd"}, {"target": "sudoers", "source": "/nix/store/b-sudoers", "mode": "0440"}]`;
  assert.equal(generate(obj), generate(list));
});

test("generate: nothing for an empty manifest; entries inside another entry are left out", () => {
  assert.equal(generate("[]"), "");
  assert.equal(
    generate(`[{"target": "a", "source": "/x"}, {"target": "a/b", "source": "/y"}]`),
    "L+ /etc/a - - - - /x\n",
  );
});

test("the generated-snippet reader reads back what generate writes", () => {
  const g = readGenerated(generate(manifest));
  assert.deepEqual(g.problems, []);
  assert.equal(g.items.length, 9);
  assert.deepEqual(g.items[2], { type: "L+", path: "a b/100%/it's", argument: "/nix/store/d-odd name" });
  const bad = readGenerated("# header\n\nf /etc/motd - - - - hi\nL+ /usr/x - - - - /y\n");
  assert.deepEqual(
    bad.problems.map((p) => [p.code, p.offset]),
    [
      ["unreadable-line", 10],
      ["unreadable-line", 33],
    ],
  );
});

const OLD = `[
  {"target": "keep", "source": "/s/keep"},
  {"target": "gone/deep/file", "source": "/s/gone"},
  {"target": "copy", "source": "/s/copy1", "mode": "0644"},
  {"target": "owner", "source": "/s/owner", "mode": "0600", "user": "+0"},
  {"target": "link2copy", "source": "/s/l2c"},
  {"target": "copy2link", "source": "/s/c2l", "mode": "0644"},
  {"target": "dir2link/x", "source": "/s/x"},
  {"target": "link2dir", "source": "/s/ld"},
  {"target": "retarget", "source": "/s/r1"}
]`;
const NEW = `[
  {"target": "keep", "source": "/s/keep"},
  {"target": "copy", "source": "/s/copy2", "mode": "0644"},
  {"target": "owner", "source": "/s/owner", "mode": "0600", "user": "+1"},
  {"target": "link2copy", "source": "/s/l2c", "mode": "0644"},
  {"target": "copy2link", "source": "/s/c2l"},
  {"target": "dir2link", "source": "/s/dl"},
  {"target": "link2dir/y", "source": "/s/y"},
  {"target": "retarget", "source": "/s/r2"},
  {"target": "new/file", "source": "/s/new"}
]`;

test("plan: golden", () => {
  const p = plan(OLD, NEW);
  assert.deepEqual(p.replace, [
    "r /etc/dir2link/x - - - -",
    "r /etc/copy - - - -",
    "r /etc/link2copy - - - -",
    "r /etc/link2dir - - - -",
    "r /etc/owner - - - -",
  ]);
  assert.deepEqual(p.create, generate(NEW).trimEnd().split("\n"));
  assert.deepEqual(p.remove, ["r /etc/gone/deep/file - - - -", "r /etc/gone/deep - - - -", "r /etc/gone - - - -"]);
  assert.deepEqual(
    p.changes.map((c) => `${c.action} ${c.path}`),
    [
      "replace /etc/copy",
      "replace /etc/copy2link",
      "replace /etc/dir2link",
      "remove /etc/dir2link/x",
      "remove /etc/gone",
      "remove /etc/gone/deep",
      "remove /etc/gone/deep/file",
      "keep /etc/keep",
      "replace /etc/link2copy",
      "replace /etc/link2dir",
      "add /etc/link2dir/y",
      "add /etc/new",
      "add /etc/new/file",
      "replace /etc/owner",
      "replace /etc/retarget",
    ],
  );
  const c = p.changes.find((x) => x.path === "/etc/copy")!;
  assert.equal(c.old, "C /etc/copy 0644 0 0 - /s/copy1");
  assert.equal(c.new, "C /etc/copy 0644 0 0 - /s/copy2");
});

test("plan: applied to OLD's tree it gives NEW's tree (in the model of systemd-tmpfiles)", () => {
  const p = plan(OLD, NEW);
  const t = layout(generate(OLD));
  applyLines(t, [...p.replace, ...p.create, ...p.remove]);
  assert.deepEqual(dump(t), dump(layout(generate(NEW))));
});

test("plan: a generated snippet works as OLD or NEW, and gives the same plan", () => {
  const a = plan(OLD, NEW);
  assert.deepEqual(plan(generate(OLD), NEW), a);
  assert.deepEqual(plan(OLD, generate(NEW)), a);
  assert.deepEqual(plan(generate(OLD), generate(NEW), { oldFileName: "old.conf", newFileName: "new.conf" }), a);
});

test("plan: of two snippet lines for one path the first counts, as systemd-tmpfiles takes them", () => {
  const snippet = "L+ /etc/b - - - - /s/first\nd /etc/a - - - -\nL+ /etc/b - - - - /s/second\n";
  const p = plan("", snippet, { oldFileName: "old.conf", newFileName: "new.conf" });
  assert.deepEqual(p.create, ["d /etc/a - - - -", "L+ /etc/b - - - - /s/first"]);
  assert.deepEqual(
    p.changes.map((c) => [c.path, c.action, c.new]),
    [
      ["/etc/a", "add", "d /etc/a - - - -"],
      ["/etc/b", "add", "L+ /etc/b - - - - /s/first"],
    ],
  );
  // The checker reads the snippet the same way: the third line is the one dropped.
  const dropped = checkTmpfiles(snippet).diagnostics.filter((d) => d.code === "duplicate-path");
  assert.deepEqual(
    dropped.map((d) => snippet.slice(0, d.offset).split("\n").length),
    [3],
  );
});

test("plan: of a manifest with itself changes nothing", () => {
  const p = plan(NEW, NEW);
  assert.deepEqual([p.replace, p.remove], [[], []]);
  assert.ok(p.changes.every((c) => c.action === "keep"));
});

test("plan: unreadable inputs are refused with their problems", () => {
  assert.throws(
    () => plan("[{", NEW),
    (e: unknown) => e instanceof PlanInputError && e.which === "old" && e.problems[0]!.code === "json-syntax",
  );
  assert.throws(
    () => plan(OLD, "x /etc/a\n"),
    (e: unknown) => e instanceof PlanInputError && e.which === "new",
  );
});

test("plan: paths with glob characters are escaped in r lines", () => {
  const p = plan(`[{"target": "a[1]*", "source": "/x"}]`, "[]");
  assert.deepEqual(p.remove, ["r /etc/a\\\\[1\\\\]\\\\* - - - -"]);
});

test("plan: text and JSON formats", () => {
  const w = planWalk(OLD, NEW);
  const j = planToJson(planOf(w));
  assert.equal(j.version, 1);
  assert.deepEqual(Object.keys(j), ["version", "replace", "create", "remove", "changes"]);
  const text = formatPlanText(w);
  assert.match(text, /^# 1\. replace/m);
  assert.match(text, /^# changes: 3 added, 7 replaced, 4 removed, 1 kept$/m);
  assert.deepEqual(
    readGenerated(text.split("# 2. create")[1]!.split("# 3.")[0]!.split("\n").slice(1).join("\n")).problems,
    [],
  );
});
