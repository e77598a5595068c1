/**
 * What the in-process figures run, bundled by esbuild as the shipped code is
 * (bench.ts bundles this file before it measures; running the sources
 * through tsx would measure tsx too).
 */
export { planWalk, writePlanText } from "../server/src/core/manifest/index.js";
export { generateCommand, planInputOf } from "../server/src/core/manifest/index.js";
export { checkTmpfiles } from "../server/src/core/tmpfiles/check.js";
export { checkNix } from "../server/src/core/nix/check.js";
export { parseNix } from "../server/src/core/nix/parse.js";
