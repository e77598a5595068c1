// Conformance of configuration trees: files in /etc, /run, /usr/local/lib and
// /usr/lib tmpfiles.d directories, read by each real systemd-tmpfiles in its
// own order with its own masking, against our checkTree. Lines for a few
// shared paths make files fight over them. Seeded by TREE_SEED.
import { test } from "node:test";
import assert from "node:assert/strict";
import { oracleVersions, runOracle, strongest } from "./oracle.js";
import { checkTree } from "../../server/src/core/tmpfiles/tree.js";
import { mulberry32 } from "./fuzz.js";

const versions = oracleVersions();
const seed = Number(process.env.TREE_SEED ?? Math.floor(Date.now() / 1000) % 100000);
const TREES = Number(process.env.TREES ?? 40);

const DIRS = ["/etc/tmpfiles.d", "/run/tmpfiles.d", "/usr/local/lib/tmpfiles.d", "/usr/lib/tmpfiles.d"];
const NAMES = ["00-first.conf", "a.conf", "b.conf", "m.conf", "zz-last.conf"];
const PATHS = ["/run/t0", "/run/t1", "/run/t2/sub", "/var/run/t1", "/run//t2/sub/", "/tmp/t3", "/tmp/t*"];
const LINES = [
  (p: string) => `d ${p} 0755 root root -`,
  (p: string) => `d ${p} 0700 root root -`,
  (p: string) => `d ${p}`,
  (p: string) => `f ${p} 0644 - - - text`,
  (p: string) => `f+ ${p} 0644`,
  (p: string) => `L ${p} - - - - /target`,
  (p: string) => `L+ ${p} - - - - /other`,
  (p: string) => `w+ ${p} - - - - more`,
  (p: string) => `z ${p} 0700`,
  (p: string) => `x ${p}`,
  (p: string) => `r ${p}`,
  (p: string) => `e ${p} - - - 1d`,
  (p: string) => `d ${p} 9999`,
];

function makeTree(r: () => number): { name: string; text: string }[] {
  const files = new Map<string, string>();
  const count = 2 + Math.floor(r() * 5);
  for (let i = 0; i < count; i++) {
    const name = `${DIRS[Math.floor(r() * DIRS.length)]}/${NAMES[Math.floor(r() * NAMES.length)]}`;
    const lines: string[] = [];
    const n = 1 + Math.floor(r() * 6);
    for (let j = 0; j < n; j++)
      lines.push(LINES[Math.floor(r() * LINES.length)]!(PATHS[Math.floor(r() * PATHS.length)]!));
    files.set(name, lines.join("\n") + "\n");
  }
  return [...files.entries()].map(([name, text]) => ({ name, text }));
}

// systemd reads the files below --root and names them with the root in front.
const ROOT = "/scratch-root";

for (const version of versions) {
  test(`systemd ${version}: ${TREES} configuration trees, seed ${seed}`, async () => {
    const r = mulberry32(seed);
    const problems: string[] = [];
    let lines = 0;
    for (let t = 0; t < TREES; t++) {
      const files = makeTree(r);
      const oracle = await runOracle(version, files, { tree: true });
      const ours = checkTree(
        files.map((f) => ({ path: ROOT + f.name, text: f.text })),
        { systemdVersion: version },
      );
      for (const f of files) {
        const mine = ours.find((o) => o.path === ROOT + f.name)!;
        const theirs = oracle.lines.get(f.name)!;
        const textLines = f.text.split("\n");
        for (let n = 1; n < textLines.length; n++) {
          lines++;
          const sys = strongest(theirs.get(n));
          const ds = mine.diagnostics.filter((d) => f.text.slice(0, d.offset).split("\n").length === n);
          const our = ds.some((d) => d.severity === "error")
            ? "error"
            : ds.some((d) => d.severity === "warning")
              ? "warning"
              : "none";
          if (sys !== our)
            problems.push(
              `tree ${t} ${f.name}:${n} ${JSON.stringify(textLines[n - 1])}: systemd ${sys} (${(theirs.get(n) ?? []).map((m) => m.text).join(" / ")}), ours ${our} (${ds.map((d) => d.code).join(", ")})\n  files: ${files.map((x) => x.name).join(" ")}`,
            );
        }
      }
    }
    console.log(`systemd ${version} trees: ${lines - problems.length}/${lines} lines agree`);
    assert.equal(problems.length, 0, `replay with TREE_SEED=${seed}:\n${problems.slice(0, 10).join("\n")}`);
  });
}
