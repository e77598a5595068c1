import { test } from "node:test";
import assert from "node:assert/strict";
import {
  completionContext,
  tmpfilesCompletions,
  type CompletionOptions,
} from "../../../../server/src/core/tmpfiles/complete";
import { withCursor } from "./fixture";

function labels(fixture: string, options: CompletionOptions = {}): string[] {
  const { text, offset } = withCursor(fixture);
  const items = tmpfilesCompletions(text, offset, options);
  for (const i of items)
    assert.ok(i.offset + i.length === offset || i.offset <= offset, `${i.label} replaces text around the cursor`);
  return items.map((i) => i.label);
}

test("which field the cursor is in", () => {
  const ctx = (f: string): string => {
    const { text, offset } = withCursor(f);
    const c = completionContext(text, offset);
    return `${c.field}:${c.typed}`;
  };
  assert.equal(ctx("|"), "type:");
  assert.equal(ctx("d|"), "type:d");
  assert.equal(ctx("d |"), "path:");
  assert.equal(ctx("d /ru|"), "path:/ru");
  assert.equal(ctx("d /run 07|"), "mode:07");
  assert.equal(ctx("d /run 0755 |"), "user:");
  assert.equal(ctx("d /run 0755 root |"), "group:");
  assert.equal(ctx("d /run 0755 root root 1|"), "age:1");
  assert.equal(ctx("h /run - - - - +|"), "argument:+");
  assert.equal(ctx('d "/run/a |'), 'path:"/run/a ');
  assert.equal(ctx("d /x\nf |"), "path:");
});

test("types, with their modifiers", () => {
  const all = labels("|");
  for (const t of ["f", "f+", "w+", "d", "L", "L+", "C", "z", "a+", "A"]) assert.ok(all.includes(t), t);
  const d = labels("d|");
  for (const t of ["d!", "d-", "d=", "d$"]) assert.ok(d.includes(t), t);
  assert.ok(!d.includes("d?"), "? is for L lines only");
  assert.ok(labels("L|").includes("L?"));
  assert.ok(!labels("L|", { systemdVersion: 252 }).includes("L?"), "? is known from 257");
  assert.ok(!labels("c|").includes("c~"), "no base64 for devices");
  assert.deepEqual(
    labels("L+|").filter((l) => l === "L++"),
    [],
  );
});

test("specifiers after %", () => {
  const l = labels("d /run/%|");
  for (const s of ["%m", "%b", "%H", "%t", "%S", "%%"]) assert.ok(l.includes(s), s);
  assert.ok(l.includes("%A"));
  assert.ok(!labels("d /run/%|", { systemdVersion: 252 }).includes("%A"), "%A is known from 257");
  assert.ok(labels("L /x - - - - /usr/%|").includes("%v"), "in arguments too");
  assert.deepEqual(labels("d /run/100%%|"), [], "%% is a literal %");
});

test("modes, directory modes first for directories", () => {
  const d = labels("d /x |");
  assert.equal(d[0], "-");
  assert.equal(d[1], "0755");
  const f = labels("f /x |");
  assert.equal(f[1], "0644");
  assert.ok(labels("z /x ~|").includes("~0644"));
});

test("users and groups from the given lists", () => {
  assert.deepEqual(labels("d /x 0755 |", { users: ["alice", "root"] }), ["-", "root", "alice"]);
  assert.deepEqual(labels("d /x 0755 root |", { groups: ["adm"] }), ["-", "root", "adm"]);
  assert.ok(labels("d /x 0755 :|", { users: ["alice"] }).includes(":alice"));
});

test("ages: units after digits, age-by letters", () => {
  const u = labels("d /x - - - 10|");
  for (const s of ["10s", "10min", "10h", "10d", "10w", "10ms", "10us"]) assert.ok(u.includes(s), s);
  const start = labels("d /x - - - |");
  for (const s of ["-", "10d", "~10d", "a", "M"]) assert.ok(start.includes(s), s);
  const by = labels("d /x - - - bm|");
  assert.ok(by.includes("bm:"));
  assert.ok(by.includes("bmA"));
  assert.ok(!by.includes("bmb"));
});

test("attribute flags and ACL tags", () => {
  const h = labels("h /x - - - - |");
  for (const s of ["+", "-", "=", "i", "C"]) assert.ok(h.includes(s), s);
  assert.ok(labels("h /x - - - - +i|").includes("+iA"));
  assert.ok(!labels("h /x - - - - +i|").includes("+ii"));
  const a = labels("a /x - - - - |");
  for (const s of ["user:", "group:", "mask::", "other::", "default:"]) assert.ok(a.includes(s), s);
  assert.ok(labels("a /x - - - - user::rwx,g|").includes("group:"));
  assert.deepEqual(labels("a /x - - - - user:|", { users: ["alice"] }), ["user:alice:"]);
  assert.ok(labels("a /x - - - - group:adm:|").includes("group:adm:r-x"));
});

test("the new text is the filter text, and starts with what the edit replaces up to the cursor: eglot filters by the word it sees (/run/%)", () => {
  const fixtures = [
    "|",
    "d|",
    "L+|",
    "d |",
    "d /run/%|",
    "d /run/é😀/%|",
    'd "/run/a %|',
    "L /x - - - - /usr/%|",
    "w /x - - - - hello %|",
    "d /run 07|",
    "d /run 0755 |",
    "d /run 0755 r|",
    "d /run 0755 root :r|",
    "d /run 0755 root root 1|",
    "d /run 0755 root root ~|",
    "h /run - - - - +|",
    "a /x - - - - u:|",
    "a /x - - - - u::|",
    "a /x - - - - d:u:|",
    "a /x - - - - u:root:|",
  ];
  for (const f of fixtures) {
    const { text, offset } = withCursor(f);
    const items = tmpfilesCompletions(text, offset, { users: ["root", "alice"], groups: ["wheel"] });
    // What an editor shows: the items whose filter text starts with the replaced text before the cursor.
    const shown = items.filter((i) => i.insertText.startsWith(text.slice(i.offset, offset)));
    assert.ok(items.length === 0 || shown.length > 0, `${JSON.stringify(f)}: some item survives the editor's filter`);
    if (f.endsWith("%|")) assert.equal(shown.length, items.length, `${JSON.stringify(f)}: every specifier survives`);
  }
  const { text, offset } = withCursor("d /run/%|");
  const m = tmpfilesCompletions(text, offset).find((i) => i.label === "%m")!;
  assert.deepEqual([text.slice(m.offset, m.offset + m.length), m.insertText], ["/run/%", "/run/%m"]);
  const w = withCursor("w /x - - - - hello %|");
  assert.equal(
    tmpfilesCompletions(w.text, w.offset).find((i) => i.label === "%m")!.insertText,
    "%m",
    "an argument's word starts after the space",
  );
});
