/**
 * Every input the robustness suite found that crashed, hung or lost data,
 * kept as a named case (found first by the fuzzers or the extremes, then
 * fixed). Each must pass now; the count is printed at the end of the run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmpfiles, parseForVersion } from "../../server/src/core/tmpfiles/check";
import { splitLines } from "../../server/src/core/tmpfiles/parse";
import { formatTmpfiles } from "../../server/src/core/tmpfiles/format";
import { applyEdits } from "../../server/src/core/text";
import { checkManifest } from "../../server/src/core/manifest/index";
import { count } from "./counts";
import { assertManifestRobust, assertTmpfilesRobust, timed } from "./invariants";

function finding(name: string, f: () => void): void {
  count("findings (crash, hang, lost data, wrong answer)");
  test(name, () => {
    f();
    count("findings fixed");
  });
}

finding(
  "formatting an empty-looking line between two line breaks keeps the lines apart (\\r ␠ \\n stayed three lines)",
  () => {
    for (const text of [
      " f \r \n f ",
      "755 f  \n  \u0000 \t  f",
      "a\n \rb",
      "a\r\t\nb",
      "a\n \r\nb",
      "a\n\r\r \nb",
      "a\0 \nb",
      "a\n\n \rb",
    ]) {
      const formatted = applyEdits(text, formatTmpfiles(parseForVersion(text, 262)));
      assert.equal(
        splitLines(formatted).length,
        splitLines(text).length,
        `${JSON.stringify(text)} → ${JSON.stringify(formatted)}`,
      );
    }
  },
);

finding(
  "formatting a run of 100,000 line breaks is linear (the check for joining breaks rescanned the whole run per line)",
  () => {
    for (const text of ["\0".repeat(100_000), "\r\n".repeat(100_000)]) {
      timed("formatting a run of breaks", 5000, () => formatTmpfiles(parseForVersion(text, 262)));
    }
  },
);

finding(
  "a removal fix in broken JSON never deletes what the parser misread (a closing brace went with an unknown field)",
  () => {
    assertManifestRobust(
      '[\n  {\n    "source": null,\n    "uid": 10000,\n\u0000text": -1000000000,\n    "owner": -10000000\n  },\n  "  "\n]',
    );
  },
);

finding("an unclosed comment's diagnostic ends inside the document ('/*' was reported as 3 characters long)", () => {
  for (const text of ["/*", "[/* x", '["abc', "// x"]) assertManifestRobust(text, [0, 1, text.length]);
});

finding(
  "a target taken from the entry's name is not written into a 'target': null (the fix moved the entry onto another one)",
  () => {
    assertManifestRobust('{"/etc/x":{"target":null,"mode":"0440"},"./x":{}}');
  },
);

finding("'write the target without /etc' is not offered when that target is another entry's", () => {
  const text = '[{"target":"/etc/x","source":"/a"},{"target":"x","source":"/b"}]';
  assertManifestRobust(text);
  assert.ok(
    !checkManifest(text).some((d) => d.code === "target-includes-etc" && d.fixes?.length),
    "no fix onto a taken target",
  );
});

finding(
  "removing the ignored argument of a ^ line removes the ^ too (without a credential name systemd rejects the line)",
  () => {
    for (const v of [252, 262])
      for (const text of ["z^ /run/a - - - - cred\n", " m^ /run/a 07777 /run/a /run/a 0 0999 "])
        assertTmpfilesRobust(text, { systemdVersion: v });
  },
);

finding("many identical lines for one path are checked in linear time (200,000 lines hung for minutes)", () => {
  const text = "d /run/x 0755 root root 10d\n".repeat(50_000);
  const r = timed("check of 50,000 identical lines", 20_000, () => checkTmpfiles(text));
  assert.equal(r.diagnostics.length, 0);
});

finding("a manifest nested 10,000 levels deep is reported, not a stack overflow", () => {
  for (const text of [
    "[".repeat(10_000) + "]".repeat(10_000),
    '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000),
    '[{"target":"a","source":"/x","text":' + "[".repeat(10_000) + "]".repeat(10_000) + "}]",
  ]) {
    assertManifestRobust(text, [0, 5000, text.length]);
  }
});

finding("100,000 entries for one target are checked without running out of memory", () => {
  const text = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ target: "a", source: i % 2 ? "/x" : "/y" })));
  const ds = timed("check of 20,000 entries for one target", 15_000, () => checkManifest(text));
  assert.equal(ds.length, 20_000);
});
