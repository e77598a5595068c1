// Property: a tmpfiles.d line written as a rule of a .nix file, in any of the
// ways NixOS modules write one, gets the diagnostics the line gets alone, each
// on the .nix characters its own characters were written as; its quick fixes,
// applied to the .nix file, leave the rule as the line's fix leaves the line.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { checkNix, nixTmpfilesFiles } from "../../../../server/src/core/nix/check";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check";
import { applyEdits } from "../../../../server/src/core/text";
import { RULE_LINES } from "../../../support/ruleLines";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../../../server/src/core/versions";

const LINES = RULE_LINES;

/** A value written as a string of a form, with where each of its characters was written (offsets in `written`). */
interface Written {
  written: string;
  from: number[];
  to: number[];
}

function write(line: string, form: '"' | "''", indent: string): Written {
  let written = "";
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const next = line[i + 1] ?? "";
    let piece: string;
    if (form === '"')
      piece = c === "\\" || c === '"' ? "\\" + c : c === "\t" ? "\\t" : c === "$" && next === "{" ? "\\$" : c;
    else piece = c === "'" ? "''\\'" : c === "$" && next === "{" ? "''$" : c;
    from.push(written.length);
    written += piece;
    to.push(written.length);
  }
  return form === '"'
    ? { written, from, to }
    : { written: indent + written, from: from.map((o) => o + indent.length), to: to.map((o) => o + indent.length) };
}

interface Embedding {
  name: string;
  form: '"' | "''";
  /** The .nix text, and where the rule's first character was written. */
  make(w: string): string;
}

const EMBEDDINGS: Embedding[] = [
  { name: "a plain list", form: '"', make: (w) => `{ systemd.tmpfiles.rules = [ "${w}" ]; }\n` },
  {
    name: "nested sets under lib.mkIf, with mkBefore",
    form: '"',
    make: (w) =>
      `{ config, lib, ... }:\n{\n  config = lib.mkIf config.services.x.enable {\n    systemd = {\n      tmpfiles.rules = lib.mkBefore [\n        "${w}"\n      ];\n    };\n  };\n}\n`,
  },
  {
    name: "an indented string after ++ in optionals",
    form: "''",
    make: (w) =>
      `{ lib, ... }: {\n  systemd.tmpfiles = {\n    rules = [ ] ++ (lib.optionals true [\n      ''\n${w}\n      ''\n    ]);\n  };\n}\n`,
  },
  {
    name: "a let, with, and the body of map under lib.flatten",
    form: '"',
    make: (w) =>
      `{ lib, ... }: {\n  systemd.tmpfiles.rules = let users = [ "a" ]; in with lib; flatten (map (user: [\n    "${w}"\n  ]) users);\n}\n`,
  },
  {
    name: "a NixOS container's rules",
    form: "''",
    make: (w) =>
      `{\n  containers.web.config.systemd.tmpfiles.rules = lib.mapAttrsToList (n: v: ''\n${w}\n  '') { a = 1; };\n}\n`,
  },
  {
    name: "an indented string in mkMerge",
    form: "''",
    make: (w) =>
      `{ lib, ... }: {\n  config = lib.mkMerge [\n    { }\n    { systemd.tmpfiles.rules = [ ''\n${w}\n'' ]; }\n  ];\n}\n`,
  },
];

function embed(line: string, e: Embedding): { nix: string; from: number[]; to: number[] } {
  const w = write(line, e.form, "        ");
  const marker = "\u0001";
  const shell = e.make(marker);
  const at = shell.indexOf(marker);
  return { nix: shell.replace(marker, () => w.written), from: w.from.map((o) => o + at), to: w.to.map((o) => o + at) };
}

function expectedSpan(from: number[], to: number[], offset: number, length: number): [number, number] {
  if (length === 0) {
    const at = offset > 0 ? to[offset - 1]! : from[0]!;
    return [at, at];
  }
  return [from[offset]!, to[offset + length - 1]!];
}

/** The tmpfiles.d files NixOS makes of a .nix text: where each goes and what it holds. */
function madeFiles(nix: string): [string, string, string][] {
  return nixTmpfilesFiles(nix).map((f) => [f.path, f.scope, f.text.text]);
}

function compare(line: string, e: Embedding, version: number): void {
  const { nix, from, to } = embed(line, e);
  // NixOS links the file into /etc/tmpfiles.d, where systemd reads it.
  const alone = checkTmpfiles(line, { systemdVersion: version, fileName: "/etc/tmpfiles.d/00-nixos.conf" }).diagnostics;
  const inNix = checkNix(nix, { systemdVersion: version }).diagnostics;
  const where = `${JSON.stringify(line)} as ${e.name}, systemd ${version}`;
  assert.deepEqual(
    inNix.map((d) => [d.code, d.severity, d.offset, d.offset + d.length, d.message]),
    alone.map((d) => [d.code, d.severity, ...expectedSpan(from, to, d.offset, d.length), d.message]),
    where,
  );
  // Each fix the line has and the .nix file keeps leaves the rule as it leaves the line.
  for (const d of inNix) {
    for (const fix of d.fixes ?? []) {
      const own = alone.find((a) => a.code === d.code)?.fixes?.find((f) => f.title === fix.title);
      assert.ok(own, `${where}: the fix "${fix.title}" is one the line has`);
      const fixedLine = applyEdits(line, own.edits);
      if (fixedLine.includes("\n")) continue;
      // Compared as the files NixOS makes: an escape the edit leaves behind (`\$` once `{` is removed) reads as its character.
      assert.deepEqual(
        madeFiles(applyEdits(nix, fix.edits)),
        madeFiles(embed(fixedLine, e).nix),
        `${where}: "${fix.title}" writes the fixed line, escaped for the string`,
      );
    }
  }
}

test("every line of the cases and the NixOS corpus gets its own diagnostics in every embedding", () => {
  assert.ok(LINES.length > 100, `lines to embed: ${LINES.length}`);
  for (const version of [OLDEST_VERSION, NEWEST_VERSION])
    for (const line of LINES) for (const e of EMBEDDINGS) compare(line, e, version);
});

test("any line, any embedding, any release: the same diagnostics, shifted", () => {
  const chars = fc.constantFrom(..."dfLCcrRzZxXpwe+!-=~^ /\\'\"$%{}abc0123456789\t:.,".split(""));
  const anyLine = fc.oneof(
    fc.constantFrom(...LINES),
    fc.array(chars, { maxLength: 40 }).map((a) => a.join("")),
    fc.tuple(fc.constantFrom(...LINES), fc.array(chars, { maxLength: 6 })).map(([l, a]) => l + a.join("")),
  );
  fc.assert(
    fc.property(
      anyLine,
      fc.constantFrom(...EMBEDDINGS),
      fc.integer({ min: OLDEST_VERSION, max: NEWEST_VERSION }),
      (line, e, version) => {
        fc.pre(line.trim() !== "" && !line.startsWith(" "));
        compare(line, e, version);
      },
    ),
    { numRuns: 400 },
  );
});

test("a fix that leaves a `$` before a `{` escapes the `$`, so no interpolation is made", () => {
  // Removing the modifier 'd' of "$d{" leaves "${", which in a .nix string would start an interpolation.
  for (const version of [OLDEST_VERSION, NEWEST_VERSION]) for (const e of EMBEDDINGS) compare("$d{ d", e, version);
});
