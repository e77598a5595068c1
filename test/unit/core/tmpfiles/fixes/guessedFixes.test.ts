// Quick fixes for rejected fields: guesses at what a mistyped type letter,
// mode or age meant, and the removal of a modifier or prefix the type
// refuses. Each one, applied, gives a line the same release checks without
// errors or warnings, and only types that release knows are offered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmpfiles } from "../../../../../server/src/core/tmpfiles/check.js";
import { applyEdits } from "../../../../../server/src/core/text.js";
import { lineType } from "../../../../../server/src/core/tmpfiles/lineTypes.js";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../../../../server/src/core/versions.js";
import { editDistance, keyDistance } from "../../../../../server/src/core/tmpfiles/fixes/typos.js";

function fixesFor(text: string, code: string, systemdVersion: number): string[] {
  const ds = checkTmpfiles(text, { systemdVersion }).diagnostics;
  assert.deepEqual(
    ds.map((d) => d.code),
    [code],
    `${JSON.stringify(text)} has one problem`,
  );
  return (ds[0]!.fixes ?? []).map((f) => applyEdits(text, f.edits));
}

function assertClean(text: string, systemdVersion: number): void {
  const bad = checkTmpfiles(text, { systemdVersion }).diagnostics.filter(
    (d) => d.severity === "error" || d.severity === "warning",
  );
  assert.deepEqual(
    bad.map((d) => d.code),
    [],
    `${JSON.stringify(text)} checks clean for ${systemdVersion}`,
  );
}

const CASES: { text: string; code: string; fixed: string[]; version?: number }[] = [
  // Modes: stray characters dropped, else the usual mode of the kind of path.
  { text: "d /run/x 06x4\n", code: "mode-invalid", fixed: ["d /run/x 064\n", "d /run/x 0755\n"] },
  { text: "f /run/x 0x644\n", code: "mode-invalid", fixed: ["f /run/x 0644\n"] },
  { text: "d /run/x 0999\n", code: "mode-invalid", fixed: ["d /run/x 0755\n"] },
  { text: "f /run/x 0999\n", code: "mode-invalid", fixed: ["f /run/x 0644\n"] },
  { text: "e /run/x 9999\n", code: "mode-invalid", fixed: ["e /run/x 0755\n"] },
  { text: "d /run/x ~:010000\n", code: "mode-invalid", fixed: ["d /run/x ~:0755\n"] },
  // Ages: the unknown unit replaced by the units nearest to it.
  {
    text: "d /tmp/x - - - 10q\n",
    code: "age-invalid",
    fixed: ["d /tmp/x - - - 10s\n", "d /tmp/x - - - 10m\n", "d /tmp/x - - - 10h\n"],
  },
  {
    text: "d /tmp/x - - - ~10dasy\n",
    code: "age-invalid",
    fixed: ["d /tmp/x - - - ~10days\n", "d /tmp/x - - - ~10day\n"],
  },
  {
    text: "d /tmp/x - - - 1h5minuts\n",
    code: "age-invalid",
    fixed: ["d /tmp/x - - - 1h5minutes\n", "d /tmp/x - - - 1h5minute\n"],
  },
  { text: "d /tmp/x - - - 10mins\n", code: "age-invalid", fixed: ["d /tmp/x - - - 10min\n"] },
  { text: "d /tmp/x - - - 2mon\n", code: "age-invalid", fixed: ["d /tmp/x - - - 2month\n", "d /tmp/x - - - 2min\n"] },
  {
    text: "d /tmp/x - - - m:10q\n",
    code: "age-invalid",
    fixed: ["d /tmp/x - - - m:10s\n", "d /tmp/x - - - m:10m\n", "d /tmp/x - - - m:10h\n"],
  },
  // Types: keys next to the one typed, only those whose line then checks clean.
  { text: "Y /run/x\n", code: "unknown-type", fixed: ["R /run/x\n", "r /run/x\n", "f /run/x\n"] },
  { text: "s /run/x\n", code: "unknown-type", fixed: ["d /run/x\n", "x /run/x\n", "z /run/x\n"] },
  {
    text: "j /x - - - - cap_net_raw+ep\n",
    code: "unknown-type",
    fixed: ["k /x - - - - cap_net_raw+ep\n", "K /x - - - - cap_net_raw+ep\n", "L /x - - - - cap_net_raw+ep\n"],
    version: 262,
  },
  {
    text: "j /x - - - - cap_net_raw+ep\n",
    code: "unknown-type",
    fixed: ["L /x - - - - cap_net_raw+ep\n"],
    version: 252,
  },
  // A modifier or prefix the type refuses: taken out.
  { text: "r$ /run/x\n", code: "modifier-not-for-type", fixed: ["r /run/x\n"] },
  { text: "f-? /run/x\n", code: "modifier-not-for-type", fixed: ["f- /run/x\n"] },
  { text: "L~ /etc/x\n", code: "base64-not-supported", fixed: ["L /etc/x\n"] },
  { text: "f^ /run/x\n", code: "credential-name-missing", fixed: ["f /run/x\n"] },
  { text: "r /tmp/x - - - ~10d\n", code: "age-keep-first-level-not-for-type", fixed: ["r /tmp/x - - - 10d\n"] },
  {
    text: "C /etc/x - - - - usr/share/x\n",
    code: "copy-source-not-absolute",
    fixed: ["C /etc/x - - - - /usr/share/x\n"],
  },
];

for (const k of CASES) {
  const v = k.version ?? NEWEST_VERSION;
  test(`${k.code} in ${JSON.stringify(k.text)} (systemd ${v}) is offered fixes that check clean`, () => {
    const fixed = fixesFor(k.text, k.code, v);
    assert.deepEqual(fixed, k.fixed);
    for (const t of fixed) assertClean(t, v);
  });
}

test("a guessed fix is left out when the line would still be rejected: 'Y' for a line with a bad mode too", () => {
  const ds = checkTmpfiles("Y /run/x 0999\n").diagnostics;
  assert.deepEqual(
    ds.map((d) => [d.code, d.fixes?.length ?? 0]),
    [["unknown-type", 0]],
  );
});

test("a field written with quotes or escapes gets no guessed fix (its text is not its value)", () => {
  for (const text of ['d /run/x "06x4"\n', 'd /tmp/x - - - "10q"\n']) {
    const ds = checkTmpfiles(text).diagnostics;
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.fixes, undefined, text);
  }
});

test("for every letter and release, an unknown type is offered only types that release knows, and each fix checks clean", () => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (let v = OLDEST_VERSION; v <= NEWEST_VERSION; v++) {
    for (const ch of letters) {
      const text = `${ch} /run/x\n`;
      const d = checkTmpfiles(text, { systemdVersion: v }).diagnostics.find((x) => x.code === "unknown-type");
      if (!d) continue;
      for (const f of d.fixes ?? []) {
        const out = applyEdits(text, f.edits);
        assert.ok(lineType(out[0]!, v), `${out[0]} is a type of systemd ${v}`);
        assertClean(out, v);
      }
    }
  }
});

test("edit distance counts insertions, deletions, substitutions and swaps of neighbours", () => {
  const cases: [string, string, number][] = [
    ["q", "s", 1],
    ["dasy", "days", 1],
    ["dasy", "day", 1],
    ["minuts", "minutes", 1],
    ["secnods", "seconds", 1],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["a", "a", 0],
  ];
  for (const [a, b, d] of cases) assert.equal(editDistance(a, b), d, `${a} → ${b}`);
});

test("keys next to each other are 1 apart, keys off the letter and digit block have no distance", () => {
  assert.equal(keyDistance("t", "y"), 1);
  assert.equal(keyDistance("Y", "t"), 1);
  assert.ok(keyDistance("q", "p")! > 8);
  assert.equal(keyDistance("%", "d"), undefined);
});
