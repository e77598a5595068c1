/**
 * Which documents are ours (docs/contracts.md §3): tmpfiles.d files and etc
 * manifests, decided from a document's path and text, the language only
 * where it names tmpfiles. Editors name languages their own ways (Emacs
 * sends `js` or `js-json` for JSON, Neovim `json`, Helix what its config
 * says), so a language id never rules a document out. One module, imported
 * by the language server, its workspace index, the VS Code client and the
 * command line (which takes any file it is given: namedFileKind).
 */

export type DocumentKind = "tmpfiles" | "manifest" | "nix";

/** The language id of tmpfiles.d files (contributed in package.json). */
export const TMPFILES_LANGUAGE = "tmpfiles";

/** The language id of Nix files (as Nix extensions contribute it). */
export const NIX_LANGUAGE = "nix";

/** Globs of tmpfiles.d files and of manifests by name, for file watchers and document selectors. */
export const TMPFILES_GLOBS = ["**/tmpfiles.d/*.conf", "**/user-tmpfiles.d/*.conf", "**/*.tmpfiles"] as const;
export const MANIFEST_GLOBS = ["**/*.etc.json", "**/etc-manifest.json"] as const;
/** The glob of .nix files, watched so that the workspace index keeps the closed ones it reads current. */
export const NIX_GLOBS = ["**/*.nix"] as const;

function parts(path: string): string[] {
  return path.replace(/\\/g, "/").split("/");
}

/** "system" for a file directly in a tmpfiles.d directory, "user" in user-tmpfiles.d; undefined otherwise. */
export function tmpfilesTreeOf(path: string): "system" | "user" | undefined {
  const p = parts(path);
  const name = p[p.length - 1] ?? "";
  const dir = p[p.length - 2];
  if (!name.endsWith(".conf") || name.length <= ".conf".length) return undefined;
  if (dir === "tmpfiles.d") return "system";
  if (dir === "user-tmpfiles.d") return "user";
  return undefined;
}

export function isTmpfilesPath(path: string): boolean {
  return tmpfilesTreeOf(path) !== undefined || /[^/\\]\.tmpfiles$/.test(path);
}

export function isNixPath(path: string): boolean {
  return /[^/\\]\.nix$/.test(path);
}

/** The cheap test of a .nix text: whether it may set tmpfiles.d rules (it mentions `tmpfiles`). */
export function mayHoldTmpfilesRules(text: string): boolean {
  return text.includes("tmpfiles");
}

/** True when a path names an etc manifest by its file name alone. */
export function isManifestPath(path: string): boolean {
  const name = parts(path).pop() ?? "";
  return name === "etc-manifest.json" || (name.endsWith(".etc.json") && name.length > ".etc.json".length);
}

/** A top-level `"$schema"` that names the project's manifest schema, near the start of the text. */
const SCHEMA_MARK = /"\$schema"\s*:\s*"[^"]*etc-manifest[^"]*"/;
const HEAD = 4096;

/**
 * True when a text is a JSON object whose `$schema` names the manifest
 * schema within its first 4 KiB (only the start is looked at, so a large
 * document costs nothing).
 */
function hasManifestSchema(text: string): boolean {
  const head = text.slice(0, HEAD);
  return /^\uFEFF?\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*\{/.test(head) && SCHEMA_MARK.test(head);
}

/** Whether a document may be JSON: its name or its language says so, or nothing says otherwise. */
function mayBeJson(languageId: string | undefined, path: string): boolean {
  return languageId === undefined || /json/i.test(languageId) || /\.jsonc?$/i.test(path);
}

/**
 * The kind of a document, or undefined when it is not ours: the language
 * `tmpfiles`, else the file name (`*\/tmpfiles.d/*.conf`,
 * `*\/user-tmpfiles.d/*.conf`, `*.tmpfiles`; `*.etc.json`,
 * `etc-manifest.json`), else, for JSON, the manifest `$schema`. A Nix
 * document (the language `nix`, or `*.nix`) is ours when its text mentions
 * `tmpfiles`: a cheap test that leaves every other Nix file alone.
 */
export function documentKind(
  languageId: string | undefined,
  path: string,
  text: string | undefined,
): DocumentKind | undefined {
  if (languageId === TMPFILES_LANGUAGE || isTmpfilesPath(path)) return "tmpfiles";
  if (languageId === NIX_LANGUAGE || isNixPath(path))
    return text !== undefined && mayHoldTmpfilesRules(text) ? "nix" : undefined;
  if (isManifestPath(path)) return "manifest";
  if (text !== undefined && mayBeJson(languageId, path) && hasManifestSchema(text)) return "manifest";
  return undefined;
}

/**
 * The kind of a file named on the command line (docs/contracts.md §1). Naming
 * it says it is ours, so its name only tells which: `*.json` a manifest,
 * `*.nix` a Nix file, any other name a tmpfiles.d file.
 */
export function namedFileKind(path: string): DocumentKind {
  const lower = path.toLowerCase();
  return lower.endsWith(".json") ? "manifest" : lower.endsWith(".nix") ? "nix" : "tmpfiles";
}
