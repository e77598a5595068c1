/**
 * Fuzzing the manifest core: any text, valid-looking or broken JSON, gives
 * diagnostics inside the document, fixes that keep the JSON valid and make
 * nothing worse, and a snippet and a plan (or a PlanInputError), without an
 * exception or a hang.
 */
import { test } from "node:test";
import fc from "fast-check";
import { anyText, bytesAsUtf8, hostileManifest } from "./arbitraries";
import { assertManifestRobust } from "./invariants";
import { runs } from "./settings";

const probes = fc.array(fc.nat(), { maxLength: 6 });

test("manifests of both shapes, valid-looking or broken", () => {
  fc.assert(
    fc.property(hostileManifest, probes, (text, p) => assertManifestRobust(text, p)),
    runs(600),
  );
});

test("any text as a manifest", () => {
  fc.assert(
    fc.property(fc.oneof(anyText, bytesAsUtf8), probes, (text, p) => assertManifestRobust(text, p)),
    runs(200),
  );
});
