/**
 * Fuzzing the tmpfiles.d core: any text, for every release, gives
 * diagnostics inside the document, quick fixes that apply cleanly and make
 * nothing worse, formatting that keeps every field, and answers to hover
 * and completion anywhere, without an exception or a hang.
 */
import { test } from "node:test";
import fc from "fast-check";
import { anyText, bytesAsUtf8, hostileTmpfiles, mutated, tmpfilesText } from "./arbitraries";
import { assertTmpfilesRobust } from "./invariants";
import { runs } from "./settings";

const version = fc.constantFrom(252, 254, 256, 257, 262);
const fileName = fc.constantFrom(undefined, "/etc/tmpfiles.d/x.conf", "/usr/lib/tmpfiles.d/x.conf");
const probes = fc.array(fc.nat(), { maxLength: 6 });

function property(arb: fc.Arbitrary<string>) {
  return fc.property(arb, version, fileName, probes, (text, v, f, p) => {
    assertTmpfilesRobust(text, { systemdVersion: v, ...(f !== undefined ? { fileName: f } : {}) }, p);
  });
}

test("tmpfiles.d text built from real fields, with mixed line breaks", () => {
  fc.assert(property(tmpfilesText()), runs(600));
});

test("mutated tmpfiles.d text", () => {
  fc.assert(property(mutated(tmpfilesText(8))), runs(400));
});

test("any UTF-16 text, lone surrogates and NUL included", () => {
  fc.assert(property(anyText), runs(300));
});

test("random bytes read as UTF-8", () => {
  fc.assert(property(bytesAsUtf8), runs(300));
});

test("everything at once", () => {
  fc.assert(property(hostileTmpfiles), runs(300));
});
