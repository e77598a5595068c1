// Completion inside systemd.tmpfiles.settings: a value offers what the .conf
// completion offers in that field of the line NixOS writes, placed on the
// characters typed inside the Nix string; the attribute names under a path
// are the line types, those under a type the fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nixCompletions } from "../../../../server/src/core/nix/features";
import { tmpfilesCompletions, type CompletionOptions } from "../../../../server/src/core/tmpfiles/complete";

const OPTIONS: CompletionOptions = { users: ["foo"], groups: ["foo"], usersFrom: "from here", groupsFrom: "from here" };

/** The completions at `|` in a module. */
function at(marked: string): { text: string; offset: number; items: ReturnType<typeof nixCompletions> } {
  const offset = marked.indexOf("|");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, items: nixCompletions(text, offset, OPTIONS) };
}

/** The .conf completion's labels at the end of a line. */
const confLabels = (line: string): string[] => tmpfilesCompletions(line, line.length, OPTIONS).map((c) => c.label);

const VALUES: { nix: string; line: string }[] = [
  { nix: `"/var/lib/x".d = { mode = "07|"; }`, line: "d /p 07" },
  { nix: `"/var/lib/x".f = { mode = ''|''; }`, line: "f /p " },
  { nix: `"/var/lib/x".d.user = "|"`, line: "d /p - " },
  { nix: `"/var/lib/x".d = { user = "foo"; group = ":|"; }`, line: "d /p - - :" },
  { nix: `"/var/lib/x".d = { age = "10|"; }`, line: "d /p - - - 10" },
  { nix: `"/var/lib/x".h = { argument = "+|"; }`, line: "h /p - - - - +" },
  { nix: `"/var/lib/x".a = { argument = "u:|"; }`, line: "a /p - - - - u:" },
  { nix: `"/var/lib/x".x = { type = "L|"; }`, line: "L" },
  { nix: `"/var/lib/x".d = { mode = lib.mkDefault "0|"; }`, line: "d /p 0" },
  { nix: `"/var/lib/x".\${t} = { mode = "0|"; }`, line: "~ /p 0" },
];

for (const { nix, line } of VALUES) {
  test(`a value: ${nix} offers what "${line}" offers`, () => {
    const { text, offset, items } = at(`{ systemd.tmpfiles.settings."10-x".${nix}; }`);
    assert.ok(items.length > 0);
    assert.deepEqual(
      items.map((c) => c.label),
      confLabels(line),
    );
    // Each replaces the characters typed before the cursor inside the string, as the .conf item does on the line.
    const typed = /[^ ]*$/.exec(line)![0];
    const conf = tmpfilesCompletions(line, line.length, OPTIONS);
    items.forEach((c, i) => {
      assert.equal(c.offset + c.length, offset, c.label);
      assert.equal(text.slice(c.offset, offset), typed.slice(typed.length - conf[i]!.length), c.label);
      assert.equal(c.insertText, conf[i]!.insertText);
    });
  });
}

test("in an indented string the items land between its quotes", () => {
  const { text, items } = at(`{ systemd.tmpfiles.settings.x."/y".d = { age = ''|''; }; }`);
  assert.ok(items.some((c) => c.label === "~10d"));
  assert.equal(items.find((c) => c.label === "-")!.offset, text.indexOf("''") + 2);
});

test("after an interpolation in the value, nothing is offered", () => {
  assert.deepEqual(at(`{ systemd.tmpfiles.settings.x."/y".d = { mode = "\${m}0|"; }; }`).items, []);
});

test("the attributes under a path are the line types, quoted where Nix needs it", () => {
  const { text, items } = at(`{ systemd.tmpfiles.settings."10-x"."/var/lib/x" = { L| }; }`);
  assert.deepEqual(
    items.map((c) => c.label),
    confLabels("L"),
  );
  const plus = items.find((c) => c.label === "L+")!;
  assert.equal(plus.insertText, '"L+"');
  assert.equal(text.slice(plus.offset, plus.offset + plus.length), "L");
  const empty = at(`{ systemd.tmpfiles.settings."10-x"."/var/lib/x" = { d = { }; | }; }`).items;
  assert.deepEqual(
    empty.map((c) => c.label),
    confLabels(""),
  );
  const quoted = at(`{ systemd.tmpfiles.settings."10-x"."/var/lib/x" = { "L|" }; }`);
  const q = quoted.items.find((c) => c.label === "L+")!;
  assert.equal(quoted.text.slice(q.offset, q.offset + q.length), '"L"');
  assert.equal(q.insertText, '"L+"');
});

test("the attributes under a type are its fields, each said as the .conf hover says it", () => {
  const { items } = at(`{ systemd.tmpfiles.settings."10-x"."/var/lib/x".d = { mode = "0755"; | }; }`);
  assert.deepEqual(
    items.map((c) => c.label),
    ["type", "mode", "user", "group", "age", "argument"],
  );
  assert.match(items.find((c) => c.label === "age")!.detail!, /cleanup/);
  assert.deepEqual(
    at(`{ systemd.tmpfiles.settings."10-x"."/var/lib/x" = { d = { us| }; }; }`).items.map((c) => c.label),
    ["user"],
  );
});

test("attribute names elsewhere are not completed", () => {
  assert.deepEqual(at(`{ systemd.tmpfiles.settings."10-x" = { L| }; }`).items, []);
  assert.deepEqual(at(`{ services.foo = { L| }; }`).items, []);
});
