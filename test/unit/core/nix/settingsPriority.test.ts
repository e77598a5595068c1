// A field of a systemd.tmpfiles.settings entry set more than once: NixOS
// writes the value of the highest priority (mkForce 50, plain 100,
// mkDefault 1000), whatever the order written, and refuses two different
// values of that priority. The line made of the survivor gets the verdict
// the real systemd-tmpfiles gives it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNix, nixTmpfilesFiles } from "../../../../server/src/core/nix/check";
import { oracleVersions, runOracle, strongest } from "../../../conformance/oracle";

const ENTRY = `systemd.tmpfiles.settings."10-a"."/run/a".d.mode`;
/** Two definitions of the entry's mode, each in an element of an mkMerge (optionally under a wrapper of its set). */
const twice = (a: string, b: string, wrapB = (s: string) => s): string =>
  `{ lib, cfg, ... }: lib.mkMerge [\n  { ${ENTRY} = ${a}; }\n  ${wrapB(`{ ${ENTRY} = ${b}; }`)}\n]\n`;

const at = (text: string, d: { offset: number; length: number }): string => text.slice(d.offset, d.offset + d.length);
const madeLine = (text: string): string => nixTmpfilesFiles(text)[0]!.text.text;

const version = oracleVersions().at(-1);

// A bad mode of lower priority is dropped wherever it is written; of higher priority it is the one written.
const VERDICTS: [string, string, string, string | undefined][] = [
  ['"0755"', 'lib.mkDefault "0985"', "0755", undefined],
  ['lib.mkDefault "0985"', '"0755"', "0755", undefined],
  ['"0755"', 'lib.mkOptionDefault "0985"', "0755", undefined],
  ['lib.mkForce "0985"', '"0755"', "0985", '"0985"'],
  ['"0755"', 'lib.mkOverride 90 "0985"', "0985", '"0985"'],
  ['lib.mkOverride 110 "0985"', '"0755"', "0755", undefined],
];

for (const [a, b, mode, error] of VERDICTS) {
  test(`mode = ${a} and mode = ${b}: NixOS writes ${mode}, and systemd-tmpfiles judges that line`, async (t) => {
    const text = twice(a, b);
    const line = madeLine(text);
    assert.equal(line, `'d' '/run/a' '${mode}' '-' '-' '-' \n`);
    const ours = checkNix(text, version ? { systemdVersion: version } : {}).diagnostics;
    assert.deepEqual(
      ours.filter((d) => d.code !== "nix-definition-overridden").map((d) => [d.code, at(text, d)]),
      error ? [["mode-invalid", error.slice(1, -1)]] : [],
    );
    // The definition dropped gets a note, pointing at the one NixOS writes.
    const dropped = [a, b].find((x) => !x.includes(`"${mode}"`))!;
    const kept = `"${mode}"`;
    assert.deepEqual(
      ours
        .filter((d) => d.code === "nix-definition-overridden")
        .map((d) => [at(text, d), d.related!.map((r) => at(text, r))]),
      [[dropped.slice(dropped.indexOf('"')), [kept]]],
    );
    if (version === undefined) return t.skip("no systemd-tmpfiles oracle: the made line is not judged by systemd");
    const oracle = await runOracle(version, [{ name: "10-a.conf", text: line }]);
    assert.equal(strongest(oracle.lines.get("10-a.conf")?.get(1)), error ? "error" : "none", oracle.raw);
  });
}

test("an mkForce on a set around the settings is pushed down to the field", () => {
  const text = `{ lib, ... }: lib.mkMerge [\n  { systemd.tmpfiles = lib.mkForce { settings."10-a"."/run/a".d.mode = "0700"; }; }\n  { ${ENTRY} = "0985"; }\n]\n`;
  assert.equal(madeLine(text), `'d' '/run/a' '0700' '-' '-' '-' \n`);
  assert.deepEqual(
    checkNix(text).diagnostics.map((d) => [d.code, at(text, d)]),
    [["nix-definition-overridden", '"0985"']],
  );
});

test("two different values of the same priority are an error on the later one, pointing at the other", () => {
  const text = twice('"0700"', '"0755"');
  const [d, ...rest] = checkNix(text).diagnostics;
  assert.deepEqual(rest, []);
  assert.equal(d!.code, "nix-settings-conflict");
  assert.equal(d!.severity, "error");
  assert.equal(at(text, d!), '"0755"');
  assert.match(d!.message, /line 2/);
  assert.deepEqual(
    d!.related!.map((r) => [r.file, at(text, r)]),
    [[undefined, '"0700"']],
  );
  // The same with mkForce on both: equal priorities, whichever they are.
  assert.deepEqual(
    checkNix(twice('lib.mkForce "0700"', 'lib.mkForce "0755"')).diagnostics.map((x) => x.code),
    ["nix-settings-conflict"],
  );
});

test("under an mkIf, the conflict is reported when the other is set whenever it is", () => {
  const text = twice('"0700"', '"0755"', (s) => `(lib.mkIf cfg.enable ${s})`);
  const d = checkNix(text).diagnostics;
  assert.deepEqual(
    d.map((x) => [x.code, at(text, x)]),
    [["nix-settings-conflict", '"0755"']],
  );
  // Written the other way round, the definition under the mkIf is still the one reported.
  const swapped = `{ lib, cfg, ... }: lib.mkMerge [\n  (lib.mkIf cfg.enable { ${ENTRY} = "0755"; })\n  { ${ENTRY} = "0700"; }\n]\n`;
  assert.deepEqual(
    checkNix(swapped)
      .diagnostics.filter((x) => x.code === "nix-settings-conflict")
      .map((x) => at(swapped, x)),
    ['"0755"'],
  );
});

test("what one file does not settle is not reported", () => {
  const cases = [
    // Equal values merge.
    twice('"0700"', '"0700"'),
    // Each under a condition of its own: they may never be set together.
    `{ lib, cfg, ... }: lib.mkMerge [\n  (lib.mkIf cfg.a { ${ENTRY} = "0700"; })\n  (lib.mkIf cfg.b { ${ENTRY} = "0755"; })\n]\n`,
    // An mkForce under a condition drops neither plain value for certain, and outranks both when it holds.
    `{ lib, cfg, ... }: lib.mkMerge [\n  { ${ENTRY} = "0700"; }\n  { ${ENTRY} = "0711"; }\n  (lib.mkIf cfg.a { ${ENTRY} = lib.mkForce "0755"; })\n]\n`,
    // A value not read may hold any priority.
    twice('"0700"', "cfg.mode"),
    twice('"0700"', 'lib.mkOverride cfg.priority "0755"'),
  ];
  for (const text of cases)
    assert.deepEqual(
      checkNix(text).diagnostics.map((d) => d.code),
      [],
      text,
    );
});

test("beside a definition of unknown priority, a different value is not judged", () => {
  const text = twice('"0985"', 'lib.mkOverride cfg.priority "0755"');
  assert.match(madeLine(text), /^'d' '\/run\/a' '\/nix\/store\/0+1?[0-9]*-interpolation'/);
  assert.deepEqual(checkNix(text).diagnostics, []);
});
