// A .nix rule and two tmpfiles.d lines of a workspace on one path, each with
// other settings: the server judges them as one tree, as `check` does and as
// systemd reads /etc/tmpfiles.d. Which line is kept comes from the real
// systemd-tmpfiles, reading the 00-nixos.conf NixOS makes beside the two
// .conf files; every other line's warning names that line, and the kept
// line's notes name each ignored one.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { nixTmpfilesFiles } from "../../../server/src/core/nix/check";
import { oracleVersions, runOracle } from "../../conformance/oracle";
import { messageText, startClient, serverBuilt } from "./harness";

const versions = oracleVersions();
const skip =
  (!serverBuilt() && "dist/server.js is not built (npm run build)") ||
  (versions.length === 0 && "no systemd-tmpfiles oracle (.cache/systemd/oracles.json)");
const version = versions[versions.length - 1] ?? 0;

const NIX = `{ config, ... }: {\n  systemd.tmpfiles.rules = [\n    "d /run/x 0700 - - -"\n  ];\n}\n`;
const CONF = ["d /run/x 0755 - - -\n", "d /run/x 0711 - - -\n"];
/** Where each file's path field is: the .nix rule's inside its string. */
const NIX_PATH = { start: { line: 2, character: 7 }, end: { line: 2, character: 13 } };
const CONF_PATH = { start: { line: 0, character: 2 }, end: { line: 0, character: 8 } };

/** The file of the three whose line systemd keeps: the one it does not warn about. */
async function keptBySystemd(a: string, b: string): Promise<string> {
  const made = nixTmpfilesFiles(NIX)[0]!.text.text;
  const files = [
    { who: "m.nix", name: "/etc/tmpfiles.d/00-nixos.conf", text: made + "\n" },
    { who: `tmpfiles.d/${a}`, name: `/etc/tmpfiles.d/${a}`, text: CONF[0]! },
    { who: `tmpfiles.d/${b}`, name: `/etc/tmpfiles.d/${b}`, text: CONF[1]! },
  ];
  const oracle = await runOracle(version, files, { tree: true });
  const kept = files.filter((f) => !oracle.lines.get(f.name)?.get(1)?.length);
  assert.equal(kept.length, 1, oracle.raw);
  return kept[0]!.who;
}

// Name orders: the .nix file's 00-nixos.conf first, and between the two .conf files.
for (const [a, b] of [
  ["50-a.conf", "60-b.conf"],
  ["00-a.conf", "60-b.conf"],
]) {
  test(`a .nix rule, ${a} and ${b} on one path: every warning names the line systemd keeps`, { skip }, async () => {
    const kept = await keptBySystemd(a!, b!);
    const c = await startClient({
      files: { "m.nix": NIX, [`tmpfiles.d/${a}`]: CONF[0]!, [`tmpfiles.d/${b}`]: CONF[1]! },
      settings: { userDatabase: "none", systemdVersion: version },
    });
    try {
      const names = ["m.nix", `tmpfiles.d/${a}`, `tmpfiles.d/${b}`];
      const ignored = names.filter((n) => n !== kept);
      const range = (n: string) => (n === "m.nix" ? NIX_PATH : CONF_PATH);
      const where = (n: string) => ({ uri: c.uri(n), range: range(n) });
      const relatedOf = (d: Diagnostic) => d.relatedInformation?.map((r) => r.location);
      for (const n of ignored) {
        const all = await c.diagnosticsOf(c.uri(n), (d) => d.some((x) => x.code === "duplicate-path"));
        const warned = all.filter((x) => x.code === "duplicate-path");
        assert.deepEqual(
          warned.map((d) => [d.range, relatedOf(d)]),
          [[range(n), [where(kept)]]],
          `${n}: ${JSON.stringify(warned)}`,
        );
        assert.match(messageText(warned[0]!), new RegExp(`^${kept.replace(/\./g, "\\.")}:`));
      }
      const notes = (
        await c.diagnosticsOf(
          c.uri(kept),
          (d) => d.filter((x) => x.code === "duplicate-path-elsewhere").length === ignored.length,
        )
      ).filter((x) => x.code === "duplicate-path-elsewhere");
      assert.deepEqual(
        notes.map((d) => [d.range, relatedOf(d)]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)),
        ignored.map((n) => [range(kept), [where(n)]]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)),
      );
      // Nothing else: no other conflict is reported in any of the three.
      for (const n of names) {
        const codes = (await c.diagnosticsOf(c.uri(n))).map((d) => d.code);
        assert.deepEqual(
          codes.sort(),
          n === kept ? ignored.map(() => "duplicate-path-elsewhere") : ["duplicate-path"],
          n,
        );
      }
    } finally {
      await c.stop();
    }
  });
}

test("two .nix files of a folder are one 00-nixos.conf, read in the order of their names", { skip }, async () => {
  const other = NIX.replace("0700", "0755");
  // NixOS joins the rules of both into one file; systemd keeps the first line of the two.
  const made = [NIX, other].map((t) => nixTmpfilesFiles(t)[0]!.text.text).join("\n") + "\n";
  const oracle = await runOracle(version, [{ name: "/etc/tmpfiles.d/00-nixos.conf", text: made }], { tree: true });
  const warned = (line: number) => (oracle.lines.get("/etc/tmpfiles.d/00-nixos.conf")?.get(line)?.length ?? 0) > 0;
  assert.deepEqual([warned(1), warned(2)], [false, true], oracle.raw);
  const c = await startClient({
    files: { "b.nix": other, "a.nix": NIX },
    settings: { userDatabase: "none", systemdVersion: version },
  });
  try {
    const dup = (await c.diagnosticsOf(c.uri("b.nix"), (d) => d.some((x) => x.code === "duplicate-path"))).filter(
      (x) => x.code === "duplicate-path",
    );
    assert.deepEqual(
      dup.map((d) => [d.range, d.relatedInformation?.map((r) => r.location)]),
      [[NIX_PATH, [{ uri: c.uri("a.nix"), range: NIX_PATH }]]],
    );
    assert.match(messageText(dup[0]!), /^a\.nix:3 /);
    const note = (
      await c.diagnosticsOf(c.uri("a.nix"), (d) => d.some((x) => x.code === "duplicate-path-elsewhere"))
    ).filter((x) => x.code === "duplicate-path-elsewhere");
    assert.deepEqual(
      note.map((d) => [d.range, d.relatedInformation?.map((r) => r.location)]),
      [[NIX_PATH, [{ uri: c.uri("b.nix"), range: NIX_PATH }]]],
    );
  } finally {
    await c.stop();
  }
});
