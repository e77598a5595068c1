/**
 * Parts of the core that checking tmpfiles.d files does not use, loaded when
 * a command first needs them: the manifest code builds its schemas when it
 * is loaded, the Nix parser its tables, some milliseconds of every start-up
 * otherwise. (esbuild leaves a module that is reached only through require()
 * unevaluated until the call; these modules must not be imported by what
 * the command line imports.)
 */
type ManifestCore = typeof import("../core/manifest/index.js");
type CrossCheck = typeof import("../core/crossCheck.js");
type NixCheck = typeof import("../core/nix/check.js");

export function manifestCore(): ManifestCore {
  return require("../core/manifest/index.js") as ManifestCore;
}

export function crossCheck(): CrossCheck {
  return require("../core/crossCheck.js") as CrossCheck;
}

export function nixCheck(): NixCheck {
  return require("../core/nix/check.js") as NixCheck;
}
