// The marked case files of test/cases/tmpfiles: every release's diagnostics,
// with codes, severities and exact ranges, are the ones marked under the lines.
// (Whether systemd agrees with each line's severity is test/conformance's job.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check.js";
import { LineIndex } from "../../../../server/src/core/text.js";
import { loadMarkedCases } from "../../../support/markedCases.js";
import { join } from "node:path";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../../../server/src/core/versions.js";

const cases = loadMarkedCases(join(__dirname, "../../../cases/tmpfiles"));

for (const c of cases) {
  test(`case ${c.name}`, () => {
    for (let v = OLDEST_VERSION; v <= NEWEST_VERSION; v++) {
      const index = new LineIndex(c.text);
      const got = checkTmpfiles(c.text, { systemdVersion: v, fileName: `/tmp/cases/${c.name}` }).diagnostics.map(
        (d) => {
          const s = index.position(d.offset);
          const e = index.position(d.offset + d.length);
          assert.equal(s.line, e.line, `${c.name}: a diagnostic spans lines`);
          return `${s.line + 1}:${s.character}-${e.character} ${d.severity} ${d.code}`;
        },
      );
      const want = c.expectedFor(v).map((e) => `${e.line + 1}:${e.start}-${e.end} ${e.severity} ${e.code}`);
      assert.deepEqual(got.sort(), want.sort(), `${c.name} for systemd ${v}`);
    }
  });
}
