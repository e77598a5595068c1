import { test } from "node:test";
import assert from "node:assert/strict";
import {
  baselineFromHost,
  dataLossWarnings,
  parseCleanList,
  parseHostState,
  type HostEntry,
} from "../../../../client/src/activation/hostState";
import { pathSpan, removeLine, renderPlan } from "../../../../client/src/activation/render";
import { plan } from "../../../../server/src/core/manifest/plan";
import { readGenerated } from "../../../../server/src/core/manifest/generated-read";
import type { EntryRef, PlanPreviewResult } from "../../../../server/src/protocol";

const rec = (...f: string[]): string => f.join("\0") + "\0";
const FIND = [
  rec("f", "644", "root", "root", "hosts", ""),
  rec("d", "755", "root", "root", "ssh", ""),
  rec("f", "600", "root", "root", "ssh/ssh_host_key", ""),
  rec("l", "777", "root", "root", "static", "/nix/store/abc-etc/etc"),
  rec("l", "777", "root", "root", "motd", "/etc/static/motd"),
  rec("l", "777", "root", "root", "localtime", "/usr/share/zoneinfo/UTC"),
  rec("l", "777", "root", "root", "ssh/ssh_config", "../static/ssh/ssh_config"),
  rec("f", "440", "root", "root", "sudoers", ""),
  rec("d", "755", "root", "root", "tmpfiles.d", ""),
  rec("f", "644", "root", "root", "tmpfiles.d/a.conf", ""),
  rec("p", "600", "root", "root", "fifo", ""),
].join("");

test("parseHostState reads NUL-separated records and drops a cut-off one", () => {
  const e = parseHostState(FIND + ["f", "644", "ro"].join("\0"));
  assert.equal(e.length, 11);
  assert.deepEqual(e[6], {
    type: "l",
    mode: "777",
    user: "root",
    group: "root",
    path: "ssh/ssh_config",
    link: "../static/ssh/ssh_config",
  });
  assert.deepEqual(
    parseHostState(rec("f", "644", "root", "root", "name\nwith newline", "")).map((x) => x.path),
    ["name\nwith newline"],
  );
});

test("parseCleanList: paths relative to /etc", () => {
  assert.deepEqual([...parseCleanList("sudoers\n/etc/ssh/moduli\n\n./x/\n")], ["sudoers", "ssh/moduli", "x"]);
});

test("the host's previous generation: store links, and what is at the new paths, with parents", () => {
  const entries = parseHostState(FIND);
  const base = baselineFromHost(entries, ["hosts", "sudoers", "tmpfiles.d", "fifo", "ssh"]);
  const lines = base.text.split("\n").filter((l) => l && !l.startsWith("#"));
  assert.deepEqual(lines, [
    "L+ /etc/hosts - - - - /etc/hosts".replace("L+", "C").replace("- - - -", "0644 root root -"),
    "L+ /etc/motd - - - - /etc/static/motd",
    "d /etc/ssh - - - -",
    "L+ /etc/ssh/ssh_config - - - - /etc/static/ssh/ssh_config",
    "C /etc/sudoers 0440 root root - /etc/sudoers",
    "d /etc/tmpfiles.d - - - -",
  ]);
  assert.deepEqual(
    base.skipped.map((e) => e.path),
    ["fifo"],
  );
  // The server's plan reads it back as a generated snippet.
  assert.deepEqual(readGenerated(base.text).problems, []);
});

test("data-loss warnings: an L+ over a file or directory that no manifest owns", () => {
  const entries: HostEntry[] = parseHostState(FIND);
  const changes = [
    { path: "/etc/hosts", new: "L+ /etc/hosts - - - - /nix/store/x-hosts" },
    { path: "/etc/sudoers", new: "L+ /etc/sudoers - - - - /nix/store/x-sudoers" },
    { path: "/etc/tmpfiles.d", new: "L+ /etc/tmpfiles.d - - - - /nix/store/x-tmpfiles.d" },
    { path: "/etc/motd", new: "L+ /etc/motd - - - - /nix/store/x-motd" },
    { path: "/etc/ssh", new: "d /etc/ssh - - - -" },
    { path: "/etc/new", new: "L+ /etc/new - - - - /nix/store/x-new" },
    { path: "/etc/fifo", new: "L+ /etc/fifo - - - - /nix/store/x" },
    { path: "/etc/gone", new: null },
  ];
  const w = dataLossWarnings(changes, entries, new Set(["sudoers"]));
  assert.deepEqual(
    w.map((x) => x.path),
    ["/etc/hosts", "/etc/tmpfiles.d", "/etc/fifo"],
  );
  assert.match(w[0]!.message, /regular file \/etc\/hosts .*no manifest owns/);
  assert.match(w[1]!.message, /directory .* with 1 entry in it/);
});

const ref = (index: number, line: number): EntryRef => ({
  index,
  offset: 0,
  length: 1,
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
});

test("the rendered plan: counts, sections, old lines as comments, a link on every path", () => {
  const OLD =
    "d /etc/ssh - - - -\nC /etc/ssh/sshd_config 0644 0 0 - /nix/store/b-sshd\nL+ /etc/hosts - - - - /nix/store/a-hosts\nL+ /etc/issue - - - - /nix/store/i\n";
  const NEW =
    "d /etc/ssh - - - -\nC /etc/ssh/sshd_config 0644 0 0 - /nix/store/c-sshd\nL+ /etc/motd - - - - /nix/store/d-motd\nL+ /etc/issue - - - - /nix/store/i\n";
  const p = plan(OLD, NEW);
  const counts = { add: 0, replace: 0, remove: 0, keep: 0 };
  for (const c of p.changes) counts[c.action]++;
  const result: PlanPreviewResult = {
    plan: {
      version: 1,
      replace: p.replace,
      create: p.create,
      remove: p.remove,
      changes: p.changes.map((c, i) => ({
        ...c,
        newEntries: c.new ? [ref(i, i + 10)] : [],
        oldEntries: c.old ? [ref(i, i + 20)] : [],
      })),
    },
    text: "",
    counts,
    verdicts: [],
  };
  const r = renderPlan(result, { newName: "new.tmpfiles", oldName: "old.tmpfiles" }, [
    { path: "/etc/motd", message: "L+ replaces the regular file /etc/motd" },
  ]);
  const lines = r.text.split("\n");
  assert.ok(lines.includes("# 1 added, 1 replaced, 1 removed, 2 kept"), r.text);
  assert.ok(lines.includes("# WARNING /etc/motd: L+ replaces the regular file /etc/motd"));
  const section = (title: string): string[] => {
    const i = lines.findIndex((l) => l.startsWith(`# ${title}`));
    const end = lines.indexOf("", i);
    return lines.slice(i + 1, end < 0 ? undefined : end);
  };
  assert.deepEqual(section("added"), ["L+ /etc/motd - - - - /nix/store/d-motd"]);
  assert.deepEqual(section("replaced"), [
    "#   was: C /etc/ssh/sshd_config 0644 0 0 - /nix/store/b-sshd",
    "C /etc/ssh/sshd_config 0644 0 0 - /nix/store/c-sshd",
  ]);
  assert.deepEqual(section("removed"), ["#   was: L+ /etc/hosts - - - - /nix/store/a-hosts", "r /etc/hosts - - - -"]);
  assert.deepEqual(section("kept"), ["L+ /etc/issue - - - - /nix/store/i", "d /etc/ssh - - - -"]);
  // Every row's path is a link; old lines link to the old side.
  for (const l of r.links) {
    const text = lines[l.line]!.slice(l.start, l.start + l.length);
    assert.match(text, /^\/etc\//, `link on line ${l.line}: ${lines[l.line]}`);
  }
  const linkOn = (needle: string): string | undefined => {
    const i = lines.indexOf(needle);
    return r.links.find((l) => l.line === i)?.side;
  };
  assert.equal(linkOn("r /etc/hosts - - - -"), "old");
  assert.equal(linkOn("L+ /etc/motd - - - - /nix/store/d-motd"), "new");
  assert.equal(linkOn("#   was: C /etc/ssh/sshd_config 0644 0 0 - /nix/store/b-sshd"), "old");
  assert.equal(r.links.filter((l) => lines[l.line]!.startsWith("# WARNING")).length, 1);
});

test("the rendered plan opens with the manifests' verdicts, their problems moved to the lines they are on", () => {
  const p = plan("", "L+ /etc/a - - - - /x\n");
  const result: PlanPreviewResult = {
    plan: {
      version: 1,
      replace: p.replace,
      create: p.create,
      remove: p.remove,
      changes: p.changes.map((c) => ({ ...c, newEntries: [ref(0, 1)], oldEntries: [] })),
    },
    text: "",
    counts: { add: 1, replace: 0, remove: 0, keep: 0 },
    verdicts: [
      {
        side: "new",
        lines: ["# new.json has 1 error:", "# line 2: error: bad [conflicting-target]"],
        problems: [
          {
            line: 1,
            severity: "error",
            code: "conflicting-target",
            message: "bad",
            range: ref(0, 1).range,
            related: [],
          },
        ],
      },
      // A line that is not one comment line is made one.
      {
        side: "old",
        lines: ["old\nL+ /etc/evil - - - - /x"],
        problems: [{ line: 0, severity: "warning", message: "dropped", range: ref(0, 1).range, related: [] }],
      },
    ],
  };
  const r = renderPlan(result, { newName: "new.json", oldName: "old.json" });
  const lines = r.text.split("\n");
  assert.deepEqual(lines.slice(0, 6), [
    "# new.json has 1 error:",
    "# line 2: error: bad [conflicting-target]",
    "",
    "# old\\nL+ /etc/evil - - - - /x",
    "",
    "# Activation of new.json",
  ]);
  assert.deepEqual(
    r.problems.map((x) => [x.side, x.problem.line, x.problem.message]),
    [
      ["new", 1, "bad"],
      ["old", 3, "dropped"],
    ],
  );
  // Links below the verdicts still point at their paths.
  for (const l of r.links) assert.match(lines[l.line]!.slice(l.start, l.start + l.length), /^\/etc\//);
});

test("pathSpan and removeLine quote as the plan does", () => {
  const q = 'C "/etc/a b" 0644 0 0 - /x';
  const s = pathSpan(q)!;
  assert.equal(q.slice(s.start, s.start + s.length), '"/etc/a b"');
  const w = "#   was: L+ /etc/x - - - - /y";
  const s2 = pathSpan(w)!;
  assert.equal(w.slice(s2.start, s2.start + s2.length), "/etc/x");
  assert.equal(removeLine("/etc/a*b"), plan("L+ /etc/a*b - - - - /x\n", "").remove[0]);
});
