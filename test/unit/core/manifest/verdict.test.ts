// The verdict a preview opens with: the manifest's errors with their line
// numbers, and what generating did with the entries that make no line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check.js";
import {
  entryFates,
  generate,
  generateItems,
  manifestVerdict,
  readManifest,
  verdictText,
} from "../../../../server/src/core/manifest/index.js";

const CONFLICTING = `[
  {"target": "a.conf", "source": "/nix/store/x"},
  {"target": "a.conf", "source": "/nix/store/y"},
  {"target": "b.conf", "source": "relative"},
  {"target": "d", "source": "/nix/store/d"},
  {"target": "d/inner.conf", "source": "/nix/store/i", "mode": "0644"},
  {"target": "off", "source": "/nix/store/o", "enable": false}
]
`;

test("the errors, each with its line, then which entry of a conflict is used and which dropped, and the entries that make no line", () => {
  const m = readManifest(CONFLICTING, "m.etc.json");
  const lines = manifestVerdict(m, { name: "m.etc.json" });
  assert.deepEqual(
    lines.map((l) => l.text),
    [
      "# m.etc.json has 5 errors (tmpfiles-lsp generate and plan exit 1 on it):",
      '# line 2: error: /etc/a.conf is also wanted by entry 2 with another source (/nix/store/y); NixOS fails the build with "mismatched duplicate entry". [conflicting-target]',
      '# line 3: error: /etc/a.conf is also wanted by entry 1 with another source (/nix/store/x); NixOS fails the build with "mismatched duplicate entry". [conflicting-target]',
      '# line 4: error: The source "relative" must be an absolute path (NixOS sources are paths; systemd-tmpfiles rejects a relative copy source). [source-not-absolute]',
      "# line 5: error: /etc/d is a link made by this entry, so /etc/d/inner.conf of entry 5 cannot be placed inside it. [target-inside-entry]",
      "# line 6: error: /etc/d is a link made by entry 4, so /etc/d/inner.conf cannot be placed inside it. [target-inside-entry]",
      "# So the lines below leave out:",
      "# line 3: entry 2 (/etc/a.conf) is dropped: entry 1 (line 2) is used instead.",
      "# line 4: entry 3 (/etc/b.conf) makes no line.",
      "# line 6: entry 5 (/etc/d/inner.conf) is dropped: it lies inside /etc/d, a link made by entry 4 (line 5).",
    ],
  );
  // Each line about a problem carries it, on the entry's target, with the entry used as related location.
  const at = (needle: string): number => CONFLICTING.indexOf(needle);
  assert.deepEqual(
    lines.map(
      (l) =>
        l.problem && [
          l.problem.severity,
          l.problem.code ?? null,
          l.problem.offset,
          l.problem.length,
          l.problem.related.map((r) => r.offset),
        ],
    ),
    [
      undefined,
      ["error", "conflicting-target", at('"a.conf"'), 8, [CONFLICTING.indexOf('"a.conf"', at('"a.conf"') + 1)]],
      ["error", "conflicting-target", CONFLICTING.indexOf('"a.conf"', at('"a.conf"') + 1), 8, [at('"a.conf"')]],
      ["error", "source-not-absolute", at('"relative"'), 10, []],
      ["error", "target-inside-entry", at('"d"'), 3, [at('"d/inner.conf"')]],
      ["error", "target-inside-entry", at('"d/inner.conf"'), 14, [at('"d"')]],
      undefined,
      ["warning", null, CONFLICTING.indexOf('"a.conf"', at('"a.conf"') + 1), 8, [at('"a.conf"')]],
      ["warning", null, at('"b.conf"'), 8, []],
      ["warning", null, at('"d/inner.conf"'), 14, [at('"d"')]],
    ],
  );
});

test("the verdict text is comments and an empty line before the snippet: the preview stays a valid tmpfiles.d file", () => {
  const m = readManifest(CONFLICTING, "m.etc.json");
  const text = verdictText(manifestVerdict(m, { name: "m.etc.json" })) + generate(m);
  assert.deepEqual(
    checkTmpfiles(text).diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  assert.ok(text.endsWith("\n\nL+ /etc/a.conf - - - - /nix/store/x\nL+ /etc/d - - - - /nix/store/d\n"));
});

test("a clean manifest has no verdict; a duplicate of the same file is dropped as information, without an error line", () => {
  const clean = readManifest(
    '[{"target": "a", "source": "/x"}, {"target": "off", "source": "/y", "enable": false}]',
    "c.json",
  );
  assert.deepEqual(manifestVerdict(clean, { name: "c.json" }), []);
  assert.equal(verdictText([]), "");
  const dup = readManifest('[{"target": "a", "source": "/x"},\n{"target": "a", "source": "/x"}]', "d.json");
  const lines = manifestVerdict(dup, { name: "d.json" });
  assert.deepEqual(
    lines.map((l) => l.text),
    [
      "# Not every entry of d.json makes a line; the lines below leave out:",
      "# line 2: entry 2 (/etc/a) is dropped: entry 1 (line 1) is used instead.",
    ],
  );
  assert.equal(lines[1]!.problem!.severity, "information");
});

test("no target, name or message breaks out of its comment", () => {
  const text =
    '{"x\\nL+ /etc/evil - - - - /bad": {"source": "/a"}, "x\\nL+ /etc/evil - - - - /bad ": {"source": "rel\\nR /"}}';
  const m = readManifest(text, "evil\n.json");
  const lines = manifestVerdict(m, { name: "evil\n.json" });
  assert.ok(lines.length > 2);
  for (const l of lines) {
    assert.ok(l.text.startsWith("# "), l.text);
    assert.ok(!/[\n\r\u0085\u2028\u2029]/.test(l.text), JSON.stringify(l.text));
  }
  const snippet = verdictText(lines);
  assert.deepEqual(checkTmpfiles(snippet).items, []);
});

test("the fates agree with generate: an entry is used exactly when its line is in the snippet", () => {
  const manifests = [
    CONFLICTING,
    // An invalid first entry leaves the target to the second.
    '[{"target": "a", "source": "/x", "mode": "bad"}, {"target": "a", "source": "/y"}]',
    // Inside an entry that is itself inside another: the outermost is used.
    '[{"target": "a/b/c", "source": "/c"}, {"target": "a/b", "source": "/b"}, {"target": "a", "source": "/a"}, {"target": "a-b", "source": "/z"}]',
    // A glob-linked directory, object shape, a disabled holder.
    '{"g": {"source": "/s/*"}, "g/x": {"source": "/x"}, "h": {"source": "/h", "enable": false}, "h/y": {"source": "/y"}}',
  ];
  for (const text of manifests) {
    const m = readManifest(text);
    const made = generateItems(m)
      .filter((i) => i.type !== "d")
      .map((i) => i.path);
    const used = entryFates(m)
      .filter((f) => f.kind === "used")
      .map((f) => f.entry.normTarget!);
    assert.deepEqual(used.sort(), made.sort(), text);
  }
  const nested = entryFates(
    readManifest(
      '[{"target": "a/b/c", "source": "/c"}, {"target": "a/b", "source": "/b"}, {"target": "a", "source": "/a"}]',
    ),
  );
  assert.deepEqual(
    nested.map((f) => [f.kind, "inside" in f ? f.inside : null]),
    [
      ["inside", "a"],
      ["inside", "a"],
      ["used", null],
    ],
  );
});
