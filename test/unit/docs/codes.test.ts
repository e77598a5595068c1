// Every diagnostic code has its page in docs/codes, made from the code
// registries (npm run docs:codes), and diagnostics link to it. The
// tmpfiles.d examples on the pages are checked here: the rejected one gets
// its code and the accepted one does not (test/conformance checks the same
// lines against every real systemd-tmpfiles).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CODES } from "../../../server/src/core/tmpfiles/codes.js";
import { manifestCodes } from "../../../server/src/core/manifest/codes.js";
import { checkTmpfiles } from "../../../server/src/core/tmpfiles/check.js";
import { CODE_DOCS_DIR, codeDocsUrl, REPOSITORY_URL } from "../../../server/src/core/codeLinks.js";
import { NEWEST_VERSION } from "../../../server/src/core/versions.js";
import { codePages } from "../../../scripts/code-docs.js";

const root = join(__dirname, "../../..");
const dir = join(root, CODE_DOCS_DIR);
const allCodes = [...Object.keys(CODES), ...Object.keys(manifestCodes)];

test("docs/codes holds a page for every code and nothing else, each as the registries make it (npm run docs:codes)", () => {
  const pages = codePages();
  for (const code of allCodes) assert.ok(pages.has(`${code}.md`), code);
  assert.deepEqual(readdirSync(dir).sort(), [...pages.keys()].sort());
  for (const [name, text] of pages)
    assert.equal(
      readFileSync(join(dir, name), "utf8"),
      text,
      `${CODE_DOCS_DIR}/${name} is out of date: run npm run docs:codes`,
    );
});

test("each page says what happens, shows a flagged and an accepted example, and gives the fix", () => {
  for (const code of allCodes) {
    const text = readFileSync(join(dir, `${code}.md`), "utf8");
    for (const heading of [
      /^## What (systemd-tmpfiles does|happens)$/m,
      /^## (Rejected|Flagged)/m,
      /^## Accepted$/m,
      /^## The fix$/m,
    ])
      assert.match(text, heading, code);
  }
});

test("a code's link is an https address of its page in the repository", () => {
  assert.match(REPOSITORY_URL, /^https:\/\/[^/]+\/[^/]+\/[^/]+$/);
  for (const code of allCodes) {
    const url = codeDocsUrl(code)!;
    assert.ok(url.startsWith(REPOSITORY_URL + "/"), url);
    assert.ok(url.endsWith(`/${CODE_DOCS_DIR}/${code}.md`), url);
    assert.ok(existsSync(join(dir, `${code}.md`)), url);
  }
  assert.equal(codeDocsUrl("no-such-code"), undefined);
});

for (const [code, info] of Object.entries(CODES)) {
  const needs = "needs" in info ? info.needs : undefined;
  test(`the examples of ${code} are what its page says`, { skip: needs ? `the examples need ${needs}` : false }, () => {
    const version = "version" in info ? info.version : NEWEST_VERSION;
    const bad = checkTmpfiles(info.bad + "\n", { systemdVersion: version }).diagnostics;
    assert.ok(
      bad.some((d) => d.code === code && d.severity === info.severity),
      `${JSON.stringify(info.bad)} gets ${code} for systemd ${version}: ${bad.map((d) => d.code).join(", ")}`,
    );
    const good = checkTmpfiles(info.good + "\n", { systemdVersion: version }).diagnostics;
    assert.deepEqual(
      good.map((d) => d.code),
      [],
      `${JSON.stringify(info.good)} is clean for systemd ${version}`,
    );
  });
}
