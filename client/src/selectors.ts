/**
 * Where the language server looks (CONTRACTS.md §3), as VS Code document
 * selectors and file-watcher globs. No `vscode` import: plain data and pure
 * functions, so tests can use them outside VS Code.
 */

/** The language id of tmpfiles.d files (contributed in package.json). */
export const TMPFILES_LANGUAGE = "tmpfiles";

/** The scheme of the server-computed previews (issue 5); their path ends in `.conf`. */
export const PREVIEW_SCHEME = "tmpfiles-preview";

/** File-name patterns of etc manifests; they keep the language `json` or `jsonc`. */
export const MANIFEST_PATTERNS = ["**/*.etc.json", "**/etc-manifest.json"] as const;

/** Globs the server wants file events for, to keep its workspace index current. */
export const WATCHED_GLOBS = [
  "**/tmpfiles.d/*.conf",
  "**/user-tmpfiles.d/*.conf",
  "**/*.tmpfiles",
  ...MANIFEST_PATTERNS,
] as const;

const JSON_LANGUAGES = ["json", "jsonc"] as const;
const DOCUMENT_SCHEMES = ["file", "untitled"] as const;

export interface DocumentFilter {
  language: string;
  scheme?: string;
  pattern?: string;
}

/**
 * The document selector of the language client.
 *
 * A manifest may be any JSON file whose top-level `$schema` names the
 * project's manifest schema, and a selector cannot look at a file's text: so
 * every `json`/`jsonc` document on disk goes to the server, which decides per
 * document (by the same patterns and `$schema`) whether it is a manifest and
 * stays silent on every other JSON file. The pattern entries are listed anyway
 * so the selector documents the contract.
 */
export function documentSelector(): DocumentFilter[] {
  const selector: DocumentFilter[] = [];
  for (const scheme of [...DOCUMENT_SCHEMES, PREVIEW_SCHEME]) selector.push({ language: TMPFILES_LANGUAGE, scheme });
  for (const language of JSON_LANGUAGES) {
    for (const pattern of MANIFEST_PATTERNS) selector.push({ language, scheme: "file", pattern });
  }
  for (const language of JSON_LANGUAGES) {
    for (const scheme of DOCUMENT_SCHEMES) selector.push({ language, scheme });
  }
  return selector;
}

/** Matches a top-level `"$schema": "…etc-manifest…"` near the start of a JSON text. */
const SCHEMA_MARK = /"\$schema"\s*:\s*"[^"]*etc-manifest[^"]*"/;

/** True when a path names an etc manifest by its file name alone. */
export function isManifestPath(path: string): boolean {
  const name = path.replace(/\\/g, "/").split("/").pop() ?? "";
  return name === "etc-manifest.json" || (name.endsWith(".etc.json") && name.length > ".etc.json".length);
}

/**
 * True when a JSON document is an etc manifest: by its name, or by a
 * `$schema` that names the manifest schema within its first 4 KiB. Used by
 * the client for the status bar and the `when` context; the server makes the
 * same decision for diagnostics.
 */
export function isManifestDocument(languageId: string, path: string, text: string): boolean {
  if (languageId !== "json" && languageId !== "jsonc") return false;
  return isManifestPath(path) || SCHEMA_MARK.test(text.slice(0, 4096));
}
