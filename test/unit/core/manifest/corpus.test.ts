/**
 * The etc-manifests corpus (../shared/corpus/etc-manifests, when present):
 * the real conflicts are errors on the entries that clash, every other
 * manifest has no error or warning, and every snippet lays out.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkManifest, generate, readManifest } from "../../../../server/src/core/manifest/index.js";
import { layout } from "./tree-sim.js";

const dir = resolve(process.cwd(), "../shared/corpus/etc-manifests");
const present = existsSync(dir);

/** Errors expected per manifest: entry index (from 0) → code. */
const expectedErrors: Record<string, Array<[number, string]>> = {
  "conflict-nixpkgs-17237-pulse-client-conf.json": [
    [0, "conflicting-target"],
    [2, "conflicting-target"],
  ],
  "conflict-nixpkgs-6161-ca-bundle.json": [
    [1, "conflicting-target"],
    [2, "conflicting-target"],
  ],
  "conflict-nixpkgs-96766-tmpfiles-d.json": [
    [0, "inside-glob-directory"],
    [1, "inside-glob-directory"],
    [2, "inside-glob-directory"],
  ],
  // The meta file calls this one accepted "with a duplicate notice". Its
  // nsswitch.conf pair is (two identical entries: warnings), but its ssh pair
  // is not: "//ssh//ssh_config" and "ssh/ssh_config" are one path to
  // make-etc.sh's shell as much as to us, with two different sources, so the
  // builder stops at "mismatched duplicate entry". We report it as such.
  "duplicate-same-source.json": [
    [2, "conflicting-target"],
    [3, "conflicting-target"],
  ],
};

const expectedWarnings: Record<string, Array<[number, string]>> = {
  "duplicate-same-source.json": [
    [0, "duplicate-target"],
    [1, "duplicate-target"],
  ],
};

test("etc-manifests corpus", { skip: present ? false : `no corpus at ${dir}` }, async (t) => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".meta.json"))
    .sort();
  assert.ok(files.length >= 15, "the corpus holds its manifests");
  for (const f of files) {
    await t.test(f, () => {
      const text = readFileSync(resolve(dir, f), "utf8");
      const meta = JSON.parse(readFileSync(resolve(dir, f.replace(/\.json$/, ".meta.json")), "utf8")) as {
        expected_make_etc: string;
        entries: number;
      };
      const m = readManifest(text, f);
      assert.equal(m.entries.length, meta.entries);
      const entryOf = (offset: number) =>
        m.entries.findIndex((e) => offset >= e.container.offset && offset < e.container.offset + e.container.length);
      const diags = checkManifest(m);
      const got = (sev: string) =>
        diags.filter((d) => d.severity === sev).map((d) => [entryOf(d.offset), d.code] as [number, string]);
      assert.deepEqual(got("error"), expectedErrors[f] ?? []);
      assert.deepEqual(got("warning"), expectedWarnings[f] ?? []);
      if (meta.expected_make_etc.startsWith("fail")) assert.ok(got("error").length > 0);
      const snippet = generate(m);
      assert.equal(generate(text), snippet);
      assert.doesNotThrow(() => layout(snippet));
    });
  }
});
