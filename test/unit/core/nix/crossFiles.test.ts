// .nix rules against tmpfiles.d files: read in the order of their names as
// systemd reads /etc/tmpfiles.d, the later line on a path is the ignored one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNix } from "../../../../server/src/core/nix/check";
import { crossCheckNix, type RulesDocument } from "../../../../server/src/core/nix/crossFiles";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check";

function confDoc(name: string, text: string): RulesDocument {
  return {
    name,
    kept: checkTmpfiles(text).items.map(({ item, entry }) => ({
      readAs: name,
      item,
      offset: entry.fields.path!.offset,
      length: entry.fields.path!.length,
      line: entry.line + 1,
    })),
  };
}

const nix = (text: string): RulesDocument => ({ name: "m.nix", kept: checkNix(text).kept() });

test("00-nixos.conf comes before 50-a.conf, and a settings file named 99-x after it", () => {
  const text = `{ systemd.tmpfiles.rules = [ "d /a 0755 - - -" ]; systemd.tmpfiles.settings."99-x"."/b".d.mode = "0700"; }`;
  const found = crossCheckNix([nix(text)], [confDoc("tmpfiles.d/50-a.conf", "d /a 0700 - - -\nd /b 0755 - - -\n")]);
  assert.deepEqual(
    found.map((f) => [f.file, f.diagnostic.code]),
    [
      ["tmpfiles.d/50-a.conf", "duplicate-path"],
      ["m.nix", "duplicate-path-elsewhere"],
      ["m.nix", "duplicate-path"],
      ["tmpfiles.d/50-a.conf", "duplicate-path-elsewhere"],
    ],
  );
  assert.equal(
    text.slice(found[2]!.diagnostic.offset, found[2]!.diagnostic.offset + found[2]!.diagnostic.length),
    "/b",
  );
});

test("lines that agree, and paths made of interpolations, are not conflicts", () => {
  const text = `{ systemd.tmpfiles.rules = [ "d /a 0700 - - -" "d \${x} 0700 - - -" ]; }`;
  assert.deepEqual(
    crossCheckNix(
      [nix(text)],
      [confDoc("a.conf", "d /a 0700 - - -\nd /nix/store/00000000000000000000000000000001-interpolation 0755 - - -\n")],
    ),
    [],
  );
});
