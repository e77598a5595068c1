/**
 * Parts of the core that checking tmpfiles.d files does not use, loaded when
 * a command first needs them: the manifest code builds its schemas when it
 * is loaded, the Nix parser its tables, and the two are over half of the
 * command line's code. The build makes them a bundle of their own beside
 * dist/cli.js (scripts/build.mjs resolves "./parts.js" to ./cli-parts.js
 * there), so checking tmpfiles.d files does not even compile them. Nothing
 * the command line imports may import these modules.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- require() at the call is what defers loading (above) */
type Parts = typeof import("./parts.js");

let parts: Parts | undefined;
function load(): Parts {
  return (parts ??= require("./parts.js") as Parts);
}

export function manifestCore(): Parts["manifest"] {
  return load().manifest;
}

export function crossCheck(): Parts["crossCheck"] {
  return load().crossCheck;
}

export function nixCheck(): Parts["nix"] {
  return load().nix;
}
