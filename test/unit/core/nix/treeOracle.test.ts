// Chains of three files setting one path with different settings: a .nix
// file's rules (read as /etc/tmpfiles.d/00-nixos.conf) and two tmpfiles.d
// files named before or after it. Each real systemd-tmpfiles reads the files
// NixOS makes, written beside the .conf files in a scratch root's
// /etc/tmpfiles.d; the line it keeps is the one it does not warn about, and
// every warning of ours must name that line as the one systemd keeps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nixTmpfilesFiles } from "../../../../server/src/core/nix/check";
import { checkNixTree, type NixDocument } from "../../../../server/src/core/nix/tree";
import { oracleVersions, runOracle } from "../../../conformance/oracle";

const ROOT = "/scratch-root";
const LINES = ["d /run/x 0700 - - -", "d /run/x 0755 - - -", "d /run/x 0711 - - -"];
// Names before 00-nixos.conf ("000.conf", "00-a.conf") and after it.
const CHAINS: [string, string][] = [
  ["50-a.conf", "60-b.conf"],
  ["60-b.conf", "50-a.conf"],
  ["00-a.conf", "60-b.conf"],
  ["60-b.conf", "000.conf"],
  ["000.conf", "00-a.conf"],
];

const nixOf = (line: string): string => `{ config, ... }: {\n  systemd.tmpfiles.rules = [\n    "${line}"\n  ];\n}\n`;

/** The name of the file whose line systemd keeps, per the oracle: the one it does not warn about. */
async function keptBySystemd(version: number, docs: NixDocument[], conf: { name: string; text: string }[]) {
  // NixOS joins the rules of every module into one 00-nixos.conf.
  const made = docs.flatMap((d) => nixTmpfilesFiles(d.text).map((f) => f.text.text));
  const files = [{ name: "/etc/tmpfiles.d/00-nixos.conf", text: made.join("\n") + "\n" }, ...conf];
  const oracle = await runOracle(version, files, { tree: true });
  const warned = (name: string, line: number): boolean => (oracle.lines.get(name)?.get(line)?.length ?? 0) > 0;
  const lines = [...docs.map((d, i) => ({ who: d.name, name: files[0]!.name, line: i + 1 }))];
  for (const c of conf) lines.push({ who: ROOT + c.name, name: c.name, line: 1 });
  const kept = lines.filter((l) => !warned(l.name, l.line));
  assert.equal(kept.length, 1, `one line kept: ${oracle.raw}`);
  return { kept: kept[0]!.who, ignored: lines.filter((l) => l !== kept[0]).map((l) => l.who) };
}

/** Our warnings: which files get one, and which file each names as the kept line's. */
function ours(version: number, docs: NixDocument[], conf: { name: string; text: string }[]) {
  const r = checkNixTree(
    docs,
    conf.map((c) => ({ path: ROOT + c.name, text: c.text })),
    { systemdVersion: version },
  );
  const all = [
    ...[...r.nix].map(([name, diagnostics]) => ({ name, diagnostics })),
    ...r.conf.map((c) => ({ name: c.path, diagnostics: c.diagnostics })),
  ];
  const warned = all.flatMap((f) =>
    f.diagnostics.filter((d) => d.code === "duplicate-path").map((d) => ({ name: f.name, names: d.related![0]!.file })),
  );
  const noted = all.filter((f) => f.diagnostics.some((d) => d.code === "duplicate-path-elsewhere")).map((f) => f.name);
  return { warned, noted };
}

if (oracleVersions().length === 0)
  test("the warnings of .nix and .conf files name the line systemd keeps", {
    skip: "no systemd-tmpfiles oracle (.cache/systemd/oracles.json)",
  });
for (const version of oracleVersions()) {
  test(`systemd ${version}: the warnings of a .nix file and two .conf files name the line systemd keeps`, async () => {
    for (const [a, b] of CHAINS) {
      const docs = [{ name: "m.nix", text: nixOf(LINES[0]!) }];
      const conf = [
        { name: `/etc/tmpfiles.d/${a}`, text: LINES[1]! + "\n" },
        { name: `/etc/tmpfiles.d/${b}`, text: LINES[2]! + "\n" },
      ];
      const sys = await keptBySystemd(version, docs, conf);
      const our = ours(version, docs, conf);
      const chain = `${a} ${b}`;
      assert.deepEqual(our.warned.map((w) => w.name).sort(), [...sys.ignored].sort(), chain);
      for (const w of our.warned) assert.equal(w.names, sys.kept, `${chain}: ${w.name}`);
      assert.deepEqual(our.noted, [sys.kept], chain);
    }
  });

  test(`systemd ${version}: two .nix files are one 00-nixos.conf, read in the order given`, async () => {
    const docs = [
      { name: "one.nix", text: nixOf(LINES[0]!) },
      { name: "two.nix", text: nixOf(LINES[1]!) },
    ];
    const conf = [{ name: "/etc/tmpfiles.d/50-a.conf", text: LINES[2]! + "\n" }];
    const sys = await keptBySystemd(version, docs, conf);
    assert.equal(sys.kept, "one.nix");
    const our = ours(version, docs, conf);
    assert.deepEqual(our.warned.map((w) => w.name).sort(), [...sys.ignored].sort());
    for (const w of our.warned) assert.equal(w.names, sys.kept);
  });
}
