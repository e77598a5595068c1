/**
 * No data lost: formatting and fix-all on every file of ../shared/corpus
 * (when present) keep the meaning of every line. Formatting: each line
 * reads back to the same fields, and the lines stay where they were.
 * Fix-all: every line the edits do not touch keeps its fields; every line
 * systemd kept before is kept after with the same path, ownership and
 * settings; a removed line is one systemd ignored as a duplicate.
 * Manifests: fix-all leaves the JSON readable and the generated snippet as it was.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CoreDiagnostic } from "../../server/src/core/diagnostic";
import { checkTmpfiles, parseForVersion } from "../../server/src/core/tmpfiles/check";
import type { Item } from "../../server/src/core/tmpfiles/analyzeLine";
import { splitLines } from "../../server/src/core/tmpfiles/parse";
import { lineTypeAnyVersion } from "../../server/src/core/tmpfiles/lineTypes";
import { formatTmpfiles } from "../../server/src/core/tmpfiles/format";
import { applyEdits } from "../../server/src/core/text";
import { checkManifest, generate } from "../../server/src/core/manifest/index";
import { fixAllEdits } from "../../server/src/core/fixAll";
import { count } from "./counts";
import { assertCleanEdits, meaning } from "./invariants";

const CORPUS = join(__dirname, "..", "..", "..", "shared", "corpus");

function files(dir: string, ext: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, ext, out);
    else if (name.endsWith(ext) && !name.endsWith(".meta.json")) out.push(p);
  }
  return out;
}

const skip = !existsSync(CORPUS) && `${CORPUS} is not here`;

function fixAll(ds: readonly CoreDiagnostic[]) {
  return fixAllEdits(
    ds.map((d) => ({
      fixes: (d.fixes ?? []).map((f) => ({
        title: f.title,
        preferred: f.preferred === true,
        edits: [{ uri: "u", edits: f.edits }],
      })),
    })),
    "u",
  );
}

/** The signature without the argument on types that ignore it (removing an ignored argument is what its fix is for). */
function settings(type: string, signature: string): string {
  if (lineTypeAnyVersion(type)?.argument !== "none") return signature;
  // The argument is the signature's last part, after the fifth NUL (see analyzeLine).
  return signature.split("\0").slice(0, 5).join("\0");
}

/** What systemd does with each kept line (`+` matters only on w lines: F and f+ are one thing). */
function keptItems(text: string, version: number): string[] {
  return checkTmpfiles(text, { systemdVersion: version })
    .items.map(({ item }) => keptItem(item))
    .sort();
}

function keptItem(item: Item): string {
  return JSON.stringify([
    item.key,
    item.glob,
    item.takesOwnership,
    item.type === "w" && item.append,
    settings(item.type, item.signature),
  ]);
}

function lineTexts(text: string): string[] {
  return splitLines(text).map((s) => text.slice(s.offset, s.end));
}

test("formatting and fix-all keep every tmpfiles.d line of the corpus", { skip }, () => {
  const list = files(CORPUS, ".conf");
  assert.ok(list.length > 100, `the corpus has tmpfiles.d files (${list.length})`);
  for (const file of list) {
    const text = readFileSync(file, "utf8");
    for (const version of [252, 262]) {
      const doc = parseForVersion(text, version);
      const edits = formatTmpfiles(doc);
      assertCleanEdits(text, edits, `formatting ${file}`);
      const formatted = applyEdits(text, edits);
      assert.deepEqual(
        meaning(parseForVersion(formatted, version)),
        meaning(doc),
        `${file} (${version}): formatting changes a line's fields`,
      );
      assert.equal(
        splitLines(formatted).length,
        splitLines(text).length,
        `${file} (${version}): formatting moves lines`,
      );

      const r = checkTmpfiles(text, { systemdVersion: version });
      const fixes = fixAll(r.diagnostics);
      assertCleanEdits(text, fixes, `fix-all of ${file}`);
      const fixed = applyEdits(text, fixes);
      // Lines no edit touches are still there, in order, with the same text.
      const touched = (offset: number, end: number): boolean =>
        fixes.some((e) => e.offset <= end && offset <= e.offset + e.length);
      const kept = splitLines(text)
        .filter((s) => !touched(s.offset, s.end))
        .map((s) => text.slice(s.offset, s.end));
      const after = lineTexts(fixed);
      let at = 0;
      for (const l of kept) {
        while (at < after.length && after[at] !== l) at++;
        assert.ok(at < after.length, `${file} (${version}): fix-all lost the untouched line ${JSON.stringify(l)}`);
        at++;
      }
      // Whatever systemd kept before, it keeps after; a kept line that a duplicate was merged into still owns its path.
      const itemsAfter = new Set(keptItems(fixed, version));
      const keysAfter = new Set(checkTmpfiles(fixed, { systemdVersion: version }).items.map(({ item }) => item.key));
      const keptBefore = checkTmpfiles(text, { systemdVersion: version }).items;
      for (const k of keptBefore) {
        const e = k.entry;
        if (touched(e.offset, e.offset + e.text.length))
          assert.ok(keysAfter.has(k.item.key), `${file} (${version}): fix-all loses the path ${k.item.key}`);
        else {
          const i = keptItem(k.item);
          assert.ok(itemsAfter.has(i), `${file} (${version}): fix-all changes what systemd does with ${i}`);
        }
      }
      // Removed lines were duplicates systemd ignored.
      for (const e of fixes) {
        if (e.newText !== "" || !/\n/.test(text.slice(e.offset, e.offset + e.length))) continue;
        assert.ok(
          r.diagnostics.some(
            (d) => d.code === "duplicate-path" && d.offset >= e.offset && d.offset < e.offset + e.length,
          ),
          `${file} (${version}): fix-all removes a line that is not an ignored duplicate`,
        );
      }
    }
    count("corpus files");
  }
});

test("fix-all keeps what every manifest of the corpus generates", { skip }, () => {
  const list = files(join(CORPUS, "etc-manifests"), ".json");
  assert.ok(list.length > 5, `the corpus has manifests (${list.length})`);
  for (const file of list) {
    const text = readFileSync(file, "utf8");
    const ds = checkManifest(text, { fileName: file });
    const fixes = fixAll(ds);
    assertCleanEdits(text, fixes, `fix-all of ${file}`);
    const fixed = applyEdits(text, fixes);
    assert.ok(!checkManifest(fixed).some((d) => d.code === "json-syntax"), `${file}: fix-all breaks the JSON`);
    if (!ds.some((d) => d.severity === "error"))
      assert.equal(generate(fixed), generate(text), `${file}: fix-all changes the generated snippet`);
    count("corpus files");
  }
});
