// Manifest modes as NixOS reads them (Perl's oct() then chmod, in
// setup-etc.pl) and as systemd-tmpfiles reads the generated C line's mode:
// octal digits with any number of leading zeros, up to 07777, set-id and
// sticky bits included. The tmpfiles.d side of "06400" = "6400" = "006400"
// is in test/cases/tmpfiles/modes.conf, which the conformance run checks
// against every real systemd-tmpfiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generate, readGenerated } from "../../../../server/src/core/manifest/index.js";
import { modeValueSchema, octalModeOf } from "../../../../server/src/core/manifest/schema.js";
import { readManifest } from "../../../../server/src/core/manifest/read.js";

const VALUES: [string, number | "link" | undefined][] = [
  ["symlink", "link"],
  ["direct-symlink", "link"],
  ["0644", 0o644],
  ["644", 0o644],
  ["7", 0o7],
  ["4755", 0o4755],
  ["06400", 0o6400],
  ["6400", 0o6400],
  ["006400", 0o6400],
  ["07777", 0o7777],
  ["010000", undefined],
  ["16400", undefined],
  ["0999", undefined],
  ["", undefined],
  ["rw-r--r--", undefined],
  ["0o644", undefined],
  [" 0644", undefined],
];

for (const [mode, want] of VALUES) {
  test(`the mode ${JSON.stringify(mode)} is ${want === undefined ? "refused" : want === "link" ? "a link" : "0" + want.toString(8)}, by the schema and by the reader alike`, () => {
    assert.equal(modeValueSchema.safeParse(mode).success, want !== undefined);
    if (want !== "link") assert.equal(octalModeOf(mode), want);
    const kind = readManifest(JSON.stringify([{ target: "a", source: "/x", mode }])).entries[0]!.kind;
    assert.equal(kind, want === undefined ? undefined : want === "link" ? mode : "copy");
  });
}

test("a copy's mode is written as four octal digits in the C line, and read back as the same mode", () => {
  for (const mode of ["06400", "6400", "006400"]) {
    const out = generate(JSON.stringify([{ target: "a", source: "/nix/store/x-a", mode }]));
    assert.match(out, /^C \/etc\/a 6400 0 0 - \/nix\/store\/x-a$/m, mode);
    const back = readGenerated(out);
    assert.deepEqual(back.problems, []);
    assert.equal(back.items.find((i) => i.type === "C")?.mode, "6400");
  }
  assert.match(
    generate(JSON.stringify([{ target: "a", source: "/nix/store/x-a", mode: "640" }])),
    /^C \/etc\/a 0640 /m,
  );
});
