// lib.mkForce, mkOverride and mkDefault on systemd.tmpfiles.rules, as the
// module system reads them: of an option's definitions only those of the
// highest priority (the lowest number) are kept. Within one file that is
// known only for a definition that another one of higher priority always
// comes with (under no condition it is not under itself); NixOS drops it,
// so its rules are not checked, and it says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNix } from "../../../../server/src/core/nix/check";

const BAD = `"d /var/lib/a 0985 - - -"`;
const GOOD = `"d /var/lib/b 0755 - - -"`;

function codes(text: string): string[] {
  return checkNix(text).diagnostics.map((d) => d.code);
}

test("a plain definition beside an mkForce one is dropped, with a note instead of its errors", () => {
  const text = `{ lib, ... }: lib.mkMerge [\n  { systemd.tmpfiles.rules = [ ${BAD} ]; }\n  { systemd.tmpfiles.rules = lib.mkForce [ ${GOOD} ]; }\n]\n`;
  const [d, ...rest] = checkNix(text).diagnostics;
  assert.deepEqual(rest, []);
  assert.equal(d!.code, "nix-definition-overridden");
  assert.equal(d!.severity, "information");
  assert.equal(text.slice(d!.offset, d!.offset + d!.length), `[ ${BAD} ]`);
  assert.match(d!.message, /line 3/);
});

test("without the mkForce, the same rule is an error", () => {
  assert.deepEqual(codes(`{ systemd.tmpfiles.rules = [ ${BAD} ]; }`), ["mode-invalid"]);
});

test("under one mkIf, written before or after, and an empty mkForce list drops it too", () => {
  for (const [a, b] of [
    [`[ ${BAD} ]`, "lib.mkForce [ ]"],
    ["lib.mkForce [ ]", `[ ${BAD} ]`],
  ])
    assert.deepEqual(
      codes(
        `{ config, lib, ... }: { config = lib.mkIf config.x.enable (lib.mkMerge [ { systemd.tmpfiles.rules = ${a}; } { systemd.tmpfiles.rules = ${b}; } ]); }`,
      ),
      ["nix-definition-overridden"],
    );
});

test("an mkForce under a condition the other definition is not under may not be there: both are checked", () => {
  assert.deepEqual(
    codes(
      `{ config, lib, ... }: lib.mkMerge [ { systemd.tmpfiles.rules = [ ${BAD} ]; } (lib.mkIf config.x.enable { systemd.tmpfiles.rules = lib.mkForce [ ${GOOD} ]; }) ]`,
    ),
    ["mode-invalid"],
  );
});

test("mkDefault loses to a plain definition, and mkForce to mkOverride 10", () => {
  assert.deepEqual(
    codes(
      `{ lib, ... }: lib.mkMerge [ { systemd.tmpfiles.rules = lib.mkDefault [ ${BAD} ]; } { systemd.tmpfiles.rules = [ ${GOOD} ]; } ]`,
    ),
    ["nix-definition-overridden"],
  );
  assert.deepEqual(
    codes(
      `{ lib, ... }: lib.mkMerge [ { systemd.tmpfiles.rules = lib.mkForce [ ${BAD} ]; } { systemd.tmpfiles.rules = lib.mkOverride 10 [ ${GOOD} ]; } ]`,
    ),
    ["nix-definition-overridden"],
  );
  // Alone, an mkDefault definition is what NixOS writes, as far as this file tells.
  assert.deepEqual(codes(`{ lib, ... }: { systemd.tmpfiles.rules = lib.mkDefault [ ${BAD} ]; }`), ["mode-invalid"]);
});

test("an mkForce on the set around the option is pushed down to it, as the module system does", () => {
  assert.deepEqual(
    codes(
      `{ lib, ... }: lib.mkMerge [ { systemd.tmpfiles.rules = [ ${BAD} ]; } { systemd.tmpfiles = lib.mkForce { rules = [ ${GOOD} ]; }; } ]`,
    ),
    ["nix-definition-overridden"],
  );
});

test("a dropped rule has no conflict with the kept ones", () => {
  assert.deepEqual(
    codes(
      `{ lib, ... }: lib.mkMerge [ { systemd.tmpfiles.rules = [ "d /var/lib/b 0700 - - -" ]; } { systemd.tmpfiles.rules = lib.mkForce [ ${GOOD} ]; } ]`,
    ),
    ["nix-definition-overridden"],
  );
});

test("a container's mkForce is its own option's: the machine's rules stay", () => {
  assert.deepEqual(
    codes(
      `{ lib, ... }: { systemd.tmpfiles.rules = [ ${BAD} ]; containers.c.config.systemd.tmpfiles.rules = lib.mkForce [ ${GOOD} ]; }`,
    ),
    ["mode-invalid"],
  );
});

test("an mkOverride whose priority is not written as a number drops nothing, and is not dropped", () => {
  assert.deepEqual(
    codes(
      `{ lib, p, ... }: lib.mkMerge [ { systemd.tmpfiles.rules = [ ${BAD} ]; } { systemd.tmpfiles.rules = lib.mkOverride p [ ${GOOD} ]; } ]`,
    ),
    ["mode-invalid"],
  );
});
