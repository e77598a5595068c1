import { test } from "node:test";
import assert from "node:assert/strict";
import { manifestCompletions, manifestHover } from "../../../../server/src/core/manifest/index.js";

/** Split a fixture at its `|` cursor. */
function cursor(s: string): [string, number] {
  const i = s.indexOf("|");
  return [s.slice(0, i) + s.slice(i + 1), i];
}

const text = `[{"target": "sudoers", "source": "/nix/store/a-sudoers", "mode": "0440", "user": "+0", "uid": 0, "group": "wheel", "zzz": 1},
 {"target": "tmpfiles.d", "source": "/nix/store/b/*", "user": "nginx"}]`;

test("hover on a key explains the field", () => {
  const h = manifestHover(text, text.indexOf('"mode"') + 2)!;
  assert.match(h.markdown, /^\*\*mode\*\*/);
  assert.equal(h.offset, text.indexOf('"mode"'));
  assert.equal(h.length, 6);
  assert.match(manifestHover(text, text.indexOf('"zzz"') + 1)!.markdown, /not a field/);
});

test("hover on a mode value says what it becomes, with the line", () => {
  const h = manifestHover(text, text.indexOf('"0440"') + 1)!;
  assert.match(h.markdown, /copy of the source with mode 0440 \(`r--r-----`\)/);
  assert.match(h.markdown, /C \/etc\/sudoers 0440 0 wheel - \/nix\/store\/a-sudoers/);
});

function modeHoverOf(mode: string): string {
  const t = `[{"target": "a", "source": "/nix/store/a", "mode": ${JSON.stringify(mode)}}]`;
  return manifestHover(t, t.indexOf(`"mode": `) + 9)!.markdown;
}

test("hover on a mode with set-id or sticky bits explains each, as they act on a copied file", () => {
  const h = modeHoverOf("06400");
  assert.match(h, /copy of the source with mode 6400 \(`r-S--S---`\)/);
  assert.match(h, /set-user-ID \(4000\): a program started from this file runs as the file's owner/);
  assert.match(h, /set-group-ID \(2000\): a program started from this file runs with the file's group/);
  assert.match(h, /without the matching x bit it does nothing/);
  assert.match(h, /C \/etc\/a 6400 0 0 - \/nix\/store\/a/);
  assert.match(modeHoverOf("1644"), /sticky \(1000\): Linux ignores it on a file/);
  assert.doesNotMatch(modeHoverOf("0644"), /Special bits/);
});

test("hover on an invalid mode says what is wrong with it", () => {
  for (const [mode, what] of [
    ["010000", /above 07777/],
    ["0999", /digit 8 or 9/],
    ["rw-r--r--", /written symbolically.*"0644"/],
    ["0o640", /has the prefix 0o.*"0640"/],
    ["", /is empty/],
    ["copy", /is not "symlink", "direct-symlink" or an octal mode/],
  ] as const) {
    const h = modeHoverOf(mode);
    assert.doesNotMatch(h, /becomes not a valid mode/);
    assert.match(h, /^Not a mode NixOS can use/);
    assert.match(h, what, mode);
  }
});

test("hover on a target shows the path on disk", () => {
  const h = manifestHover(text, text.indexOf('"tmpfiles.d"') + 3)!;
  assert.match(h.markdown, /`\/etc\/tmpfiles\.d` links to `\/nix\/store\/b`/);
  assert.match(h.markdown, /L\+ \/etc\/tmpfiles\.d - - - - \/nix\/store\/b/);
});

test("hover on an owner says whether it applies", () => {
  assert.match(manifestHover(text, text.indexOf('"+0"') + 1)!.markdown, /numeric user id 0 \(root\)/);
  assert.match(manifestHover(text, text.indexOf('"nginx"') + 1)!.markdown, /no effect here/);
});

test("hover on an object-shaped entry's name", () => {
  const obj = `{"motd": {"source": "/nix/store/m"}}`;
  assert.match(manifestHover(obj, 2)!.markdown, /It is also the target/);
  assert.equal(manifestHover(obj, 0), undefined);
});

test("completion offers the keys an entry does not have yet", () => {
  const [t, at] = cursor(`[{"target": "a", "source": "/x", |}]`);
  const labels = manifestCompletions(t, at).map((c) => c.label);
  assert.deepEqual(labels, ["mode", "user", "group", "uid", "gid", "enable", "text"]);
  const mode = manifestCompletions(t, at).find((c) => c.label === "mode")!;
  assert.equal(mode.insertText, '"mode": "${1:symlink}"');
  assert.deepEqual([mode.offset, mode.length], [at, 0]);
});

test("completion replaces a key being typed", () => {
  const [t, at] = cursor(`[{"target": "a", "mo|"}]`);
  const c = manifestCompletions(t, at);
  assert.ok(c.some((x) => x.label === "mode"));
  assert.deepEqual([c[0]!.offset, c[0]!.length], [t.indexOf('"mo"'), 4]);
});

test("completion of values: modes, owners, enable", () => {
  const [t, at] = cursor(`[{"target": "a", "mode": |}]`);
  const modes = manifestCompletions(t, at);
  assert.deepEqual(
    modes.slice(0, 3).map((c) => c.insertText),
    ['"symlink"', '"direct-symlink"', '"0444"'],
  );
  const [t2, at2] = cursor(`{"x": {"user": "+|"}}`);
  const users = manifestCompletions(t2, at2);
  assert.deepEqual(
    users.map((c) => c.label),
    ["+0", "root"],
  );
  assert.deepEqual([users[0]!.offset, users[0]!.length], [t2.indexOf('"+"'), 3]);
  const [t3, at3] = cursor(`[{"enable": |}]`);
  assert.deepEqual(
    manifestCompletions(t3, at3).map((c) => c.insertText),
    ["true", "false"],
  );
});

test("completion of a new entry in a list", () => {
  const [t, at] = cursor(`[|]`);
  assert.equal(manifestCompletions(t, at)[0]!.kind, "entry");
});
