/**
 * Generated snippets and plans, applied by the real systemd-tmpfiles (from
 * scripts/fetch-systemd-oracles.sh, described in .cache/systemd/oracles.json)
 * in scratch --root directories, never the real root.
 *
 * - Every generated snippet (the corpus's clean manifests, fixtures, random
 *   manifests with awkward names) applies with --create in an empty root with
 *   exit status 0 and nothing logged, in every fetched release, and the tree
 *   it makes is the one the unit tests' model predicts.
 * - For pairs of manifests, OLD is laid out, then the plan's three snippets
 *   run in order (replace with --remove, create with --create, remove with
 *   --remove), and the tree under etc/ is compared with NEW laid out fresh:
 *   types, link targets, modes, owners, contents.
 *
 * Copy sources are created inside each root (with --root, systemd reads copy
 * sources below it; link targets are kept as written), holding their own
 * path as content. Skips only when .cache/systemd is absent.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import fc from "fast-check";
import { checkManifest, generate, generateItems, plan } from "../../server/src/core/manifest/index.js";
import { oracleArgv, oracleVersions } from "../conformance/oracle.js";
import { layout } from "../unit/core/manifest/tree-sim.js";

const cacheDir = resolve(process.cwd(), ".cache/systemd");
const present = existsSync(cacheDir);
if (!present)
  console.error(`test/systemd/manifest-apply: SKIPPED, ${cacheDir} is absent (run scripts/fetch-systemd-oracles.sh)`);

const versions = present ? oracleVersions() : [];
const newest = versions[versions.length - 1];

/** Ids of the names the manifests use, written to the scratch root's passwd and group. */
const users: Record<string, number> = { root: 0, nobody: 65534 };
const groups: Record<string, number> = { root: 0, wheel: 10, nogroup: 65534 };
const STUBS = new Set(["/etc/passwd", "/etc/group"]);

function scratchRoot(sources: Iterable<string>): string {
  const root = mkdtempSync(join(tmpdir(), "manifest-apply-"));
  mkdirSync(join(root, "etc"));
  writeFileSync(
    join(root, "etc/passwd"),
    Object.entries(users)
      .map(([n, id]) => `${n}:x:${id}:${id}::/:/bin/sh\n`)
      .join(""),
  );
  writeFileSync(
    join(root, "etc/group"),
    Object.entries(groups)
      .map(([n, id]) => `${n}:x:${id}:\n`)
      .join(""),
  );
  for (const s of sources) {
    const p = join(root, s);
    mkdirSync(dirname(p), { recursive: true });
    if (!existsSync(p)) writeFileSync(p, s);
  }
  return root;
}

function run(version: number, root: string, action: "--create" | "--remove", lines: readonly string[]): void {
  if (lines.length === 0) return;
  const conf = join(root, "..", `${root.split("/").pop()}-${action.slice(2)}.conf`);
  writeFileSync(conf, lines.map((l) => l + "\n").join(""));
  const [cmd, ...args] = oracleArgv(version);
  const r = spawnSync(cmd!, [...args, action, `--root=${root}`, conf], {
    encoding: "utf8",
    env: { ...process.env, SYSTEMD_LOG_COLOR: "0" },
    timeout: 30000,
  });
  rmSync(conf, { force: true });
  assert.equal(
    `${r.status} ${r.stderr}${r.stdout}`.trim(),
    "0",
    `systemd-tmpfiles ${version} ${action} on:\n${lines.join("\n")}`,
  );
}

type Seen = Record<string, unknown>;

/** The tree under root/etc: one entry per path, as the model describes it. */
function realTree(root: string): string[] {
  const out: Array<[string, Seen]> = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel))) {
      const r = `${rel}/${name}`;
      if (STUBS.has(r)) continue;
      const st = lstatSync(join(root, r));
      const mode = (st.mode & 0o7777).toString(8).padStart(4, "0");
      if (st.isSymbolicLink()) out.push([r, { kind: "link", target: readlinkSync(join(root, r)) }]);
      else if (st.isDirectory()) {
        out.push([r, { kind: "dir", mode }]);
        walk(r);
      } else
        out.push([
          r,
          {
            kind: "file",
            source: readFileSync(join(root, r), "utf8"),
            mode,
            user: String(st.uid),
            group: String(st.gid),
          },
        ]);
    }
  };
  walk("/etc");
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
}

/** The model's tree, with names turned into the stub ids. */
function modelTree(snippet: string): string[] {
  const id = (table: Record<string, number>, v: string) => (v in table ? String(table[v]) : v);
  return [...layout(snippet).entries()]
    .filter(([k]) => k !== "/etc")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([k, node]) =>
        `${k} ${JSON.stringify(node.kind === "file" ? { ...node, user: id(users, node.user), group: id(groups, node.group) } : node)}`,
    );
}

/** The copy sources of some manifests; registers their owner names for the stub passwd and group. */
function copySources(...manifests: string[]): string[] {
  const copies = manifests.flatMap((m) => generateItems(m).filter((i) => i.type === "C"));
  for (const c of copies) {
    if (!/^\d+$/.test(c.user!) && !(c.user! in users)) users[c.user!] = 3000 + Object.keys(users).length;
    if (!/^\d+$/.test(c.group!) && !(c.group! in groups)) groups[c.group!] = 3000 + Object.keys(groups).length;
  }
  return copies.map((i) => i.argument!);
}

// Manifests: the corpus's clean ones, fixtures for each kind of change, random ones.

const corpusDir = resolve(process.cwd(), "../shared/corpus/etc-manifests");
const corpus: Array<[string, string]> = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      .filter((f) => f.endsWith(".json") && !f.endsWith(".meta.json"))
      .sort()
      .map((f) => [f, readFileSync(join(corpusDir, f), "utf8")])
  : [];
const cleanCorpus = corpus.filter(
  ([, t]) => !checkManifest(t).some((d) => d.severity === "error" || d.severity === "warning"),
);

const e = (target: string, source: string, mode = "symlink", extra: object = {}) => ({
  target,
  source,
  mode,
  ...extra,
});
const m = (...entries: object[]) => JSON.stringify(entries);

const fixturePairs: Array<[string, string, string]> = [
  ["entries added", m(e("a", "/s/a")), m(e("a", "/s/a"), e("b", "/s/b", "0644"), e("x/y/z", "/s/z"))],
  ["entries removed", m(e("a", "/s/a"), e("b", "/s/b", "0644"), e("x/y/z", "/s/z")), m(e("a", "/s/a"))],
  ["link source changed", m(e("a", "/s/a1")), m(e("a", "/s/a2"))],
  [
    "copy source, mode and owner changed",
    m(e("a", "/s/a1", "0644"), e("b", "/s/b", "0644"), e("c", "/s/c", "0600", { user: "+0" })),
    m(e("a", "/s/a2", "0644"), e("b", "/s/b", "0600"), e("c", "/s/c", "0600", { user: "nobody", group: "wheel" })),
  ],
  ["link to copy", m(e("a", "/s/a"), e("d/b", "/s/b")), m(e("a", "/s/a", "0644"), e("d/b", "/s/b", "0400"))],
  [
    "copy to link",
    m(e("a", "/s/a", "0644"), e("d/b", "/s/b", "0400")),
    m(e("a", "/s/a"), e("d/b", "/s/b", "direct-symlink")),
  ],
  ["nested directories appear", m(e("p", "/s/p")), m(e("p/q/r/file", "/s/f"), e("p/other", "/s/o", "0644"))],
  ["nested directories disappear", m(e("p/q/r/file", "/s/f"), e("p/other", "/s/o", "0644")), m(e("p", "/s/p"))],
  ["directory becomes a copy", m(e("p/q/file", "/s/f")), m(e("p", "/s/p", "0644"))],
  [
    "glob-linked directory and a static directory",
    m(e("tmpfiles.d", "/s/t/*"), e("x/y", "/s/y")),
    m(e("tmpfiles.d/own.conf", "/s/own"), e("x", "/s/x/*")),
  ],
];

const component = fc.constantFrom("a", "b", "d d", "e%f", 'g"h', "ü", "x*", "i'j", "k\\l", "[m]");
const randomEntry = fc.record({
  target: fc.array(component, { minLength: 1, maxLength: 3 }).map((p) => p.join("/")),
  source: fc.constantFrom("/s/1", "/s/2", "/s/dir/*", '/s/q uote"d', "/s/%p", "/s/back\\slash"),
  mode: fc.constantFrom("symlink", "direct-symlink", "0644", "0600", "440"),
  user: fc.constantFrom("+0", "root", "+1000", "nobody"),
  group: fc.constantFrom("+0", "wheel"),
});
const randomManifest = fc.array(randomEntry, { maxLength: 8 }).map((es) => JSON.stringify(es));
const randomPairs = fc.sample(fc.tuple(randomManifest, randomManifest), { numRuns: 40, seed: 4242 });

test("generated snippets apply cleanly with every fetched systemd-tmpfiles", { skip: !present }, async (t) => {
  assert.ok(versions.length > 0, `${cacheDir} exists but names no release`);
  const manifests: Array<[string, string]> = [
    ...cleanCorpus,
    ...fixturePairs.flatMap(
      ([n, a, b]) =>
        [
          [`${n} (old)`, a],
          [`${n} (new)`, b],
        ] as Array<[string, string]>,
    ),
    ...randomPairs.map(([a], i) => [`random ${i}`, a] as [string, string]),
  ];
  for (const v of versions) {
    await t.test(`systemd ${v}`, () => {
      for (const [name, text] of manifests) {
        for (const staticDir of [undefined, "/etc/static"]) {
          const snippet = generate(text, { staticDir });
          const root = scratchRoot(copySources(text));
          try {
            run(v, root, "--create", snippet.split("\n").filter(Boolean));
            assert.deepEqual(realTree(root), modelTree(snippet), `${name}, systemd ${v}, static dir ${staticDir}`);
          } finally {
            rmSync(root, { recursive: true, force: true });
          }
        }
      }
    });
  }
});

test(`plans take OLD's tree to NEW's with the newest systemd-tmpfiles`, { skip: !present }, async (t) => {
  const corpusPairs = cleanCorpus.map(
    ([n, a], i) =>
      [
        `${n} -> ${cleanCorpus[(i + 1) % cleanCorpus.length]![0]}`,
        a,
        cleanCorpus[(i + 1) % cleanCorpus.length]![1],
      ] as [string, string, string],
  );
  const pairs = [
    ...fixturePairs,
    ...corpusPairs,
    ...randomPairs.map(([a, b], i) => [`random pair ${i}`, a, b] as [string, string, string]),
  ];
  let n = 0;
  for (const [name, oldText, newText] of pairs) {
    await t.test(name, () => {
      for (const staticDir of [undefined, "/etc/static"]) {
        const o = { staticDir };
        const sources = copySources(oldText, newText);
        const fresh = scratchRoot(sources);
        const moved = scratchRoot(sources);
        try {
          run(newest!, fresh, "--create", generate(newText, o).split("\n").filter(Boolean));
          run(newest!, moved, "--create", generate(oldText, o).split("\n").filter(Boolean));
          const p = plan(oldText, newText, o);
          run(newest!, moved, "--remove", p.replace);
          run(newest!, moved, "--create", p.create);
          run(newest!, moved, "--remove", p.remove);
          assert.deepEqual(
            realTree(moved),
            realTree(fresh),
            `${name}, static dir ${staticDir}\nplan:\n${[...p.replace, "--", ...p.create, "--", ...p.remove].join("\n")}`,
          );
          n++;
        } finally {
          rmSync(fresh, { recursive: true, force: true });
          rmSync(moved, { recursive: true, force: true });
        }
      }
    });
  }
  t.diagnostic(`${pairs.length} pairs, ${n} plans applied with systemd ${newest}`);
});
