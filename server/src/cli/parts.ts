/**
 * The parts of the core that checking tmpfiles.d files does not use, as one
 * module: the build makes it a bundle of its own (dist/cli-parts.js), loaded
 * by lazy.ts when a command first needs it.
 */
export * as manifest from "../core/manifest/index.js";
export * as crossCheck from "../core/crossCheck.js";
export * as nix from "../core/nix/tree.js";
