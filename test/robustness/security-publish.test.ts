/**
 * Finding 17.5: publishing diagnostics was quadratic in the number of files.
 * Each related location (a conflict that many files share gives one per
 * file) was resolved by scanning every result. Now a related location is one
 * lookup in a table kept in step with the results: the unit test counts the
 * lookups, the protocol test checks that a workspace of many files that all
 * set one path gets every diagnostic, each related location pointing at its
 * file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { LineIndex } from "../../server/src/core/text";
import { ResultTable, type TableEntry } from "../../server/src/lsp/results";
import { serverBuilt, startClient } from "../unit/lsp/harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";

function entry(folder: string, name: string): TableEntry {
  return {
    file: { key: `/w/${name}`, uri: `file:///w/${name}`, name, folder: { uri: folder } },
    index: new LineIndex("d /run/x\n"),
  };
}

test("resolving one related location per file looks at one result each, whatever the number of files", () => {
  for (const n of [100, 10_000]) {
    const table = new ResultTable<TableEntry>();
    const entries = Array.from({ length: n }, (_, i) => entry("file:///w", `tmpfiles.d/${i}.conf`));
    for (const e of entries) table.set(e.file.key, e);
    const first = entries[0]!.file;
    const resolve = table.resolverFor(first);
    table.looked = 0;
    for (const e of entries) assert.equal(resolve(e.file.name)?.uri, e.file.uri);
    assert.equal(resolve(undefined)?.uri, first.uri);
    assert.equal(table.looked, n + 1, `${n} files: one lookup per related location`);
    // Each of the other files names the first one.
    table.looked = 0;
    for (const e of entries) assert.equal(table.resolverFor(e.file)(first.name)?.uri, first.uri);
    assert.equal(table.looked, n);
  }
});

test("the table stays in step with the results: replaced and deleted results, other folders, unknown names", () => {
  const table = new ResultTable<TableEntry>();
  const a = entry("file:///w", "tmpfiles.d/a.conf");
  const b = entry("file:///w", "tmpfiles.d/b.conf");
  const other = {
    ...entry("file:///v", "tmpfiles.d/b.conf"),
    file: {
      key: "/v/tmpfiles.d/b.conf",
      uri: "file:///v/tmpfiles.d/b.conf",
      name: "tmpfiles.d/b.conf",
      folder: { uri: "file:///v" },
    },
  };
  table.set(a.file.key, a);
  table.set(b.file.key, b);
  table.set(other.file.key, other);
  assert.equal(table.resolverFor(a.file)("tmpfiles.d/b.conf")?.uri, b.file.uri, "the file of the same folder");
  assert.equal(table.resolverFor(other.file)("tmpfiles.d/b.conf")?.uri, other.file.uri);
  assert.equal(table.resolverFor(other.file)("tmpfiles.d/a.conf"), undefined, "a name of another folder is not found");
  const b2 = { ...b, index: new LineIndex("x\ny\n") };
  table.set(b.file.key, b2);
  assert.equal(table.resolverFor(a.file)("tmpfiles.d/b.conf")?.index, b2.index, "the newer result");
  table.delete(b.file.key);
  assert.equal(table.resolverFor(a.file)("tmpfiles.d/b.conf"), undefined, "a deleted result is gone");
  assert.equal(table.size, 2);
  assert.deepEqual([...table.values()], [a, other]);
});

test(
  "a workspace of 3,000 files that all set one path: every file gets its diagnostics, each related location its file",
  { skip, timeout: 300_000 },
  async () => {
    const n = 3000;
    const name = (i: number): string => `tmpfiles.d/${String(i).padStart(5, "0")}.conf`;
    const files: Record<string, string> = { [name(0)]: "d /run/shared 0755 root root -\n" };
    for (let i = 1; i < n; i++) files[name(i)] = "d /run/shared 0700 root root -\n";
    const c = await startClient({ files });
    try {
      const kept = c.uri(name(0));
      await c.until(
        "diagnostics of every file",
        () => c.diagnostics.size >= n && (c.diagnostics.get(kept)?.diagnostics.length ?? 0) >= n - 1,
        240_000,
      );
      const keptDiagnostics = c.diagnostics.get(kept)!.diagnostics;
      assert.equal(keptDiagnostics.length, n - 1, "the kept line learns of each line systemd ignores");
      const relatedUris = keptDiagnostics.map((d) => d.relatedInformation?.[0]?.location.uri);
      assert.deepEqual(
        relatedUris,
        Array.from({ length: n - 1 }, (_, i) => c.uri(name(i + 1))),
      );
      for (let i = 1; i < n; i++) {
        const ds = c.diagnostics.get(c.uri(name(i)))!.diagnostics;
        assert.ok(ds.length > 0, `${name(i)} has a diagnostic`);
        assert.ok(
          ds.some((d) => d.relatedInformation?.some((r) => r.location.uri === kept)),
          `${name(i)} points at the line systemd keeps`,
        );
      }
      // Still answering.
      const status = await c.request<{ indexed: { tmpfiles: number } }>("tmpfiles/serverStatus", {});
      assert.equal(status.indexed.tmpfiles, n);
    } finally {
      await c.stop();
    }
  },
);
