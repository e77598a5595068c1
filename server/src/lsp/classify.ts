/**
 * Which documents the server looks at (CONTRACTS §3), from a URI's path,
 * its language and, for JSON, its first bytes.
 */

export type DocumentKind = "tmpfiles" | "manifest";

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

export function isManifestPath(path: string): boolean {
  const name = parts(path).pop() ?? "";
  return name === "etc-manifest.json" || (name.endsWith(".etc.json") && name.length > ".etc.json".length);
}

/** A top-level `"$schema"` that names the project's manifest schema, near the start of the text. */
const SCHEMA_MARK = /"\$schema"\s*:\s*"[^"]*etc-manifest[^"]*"/;

export function documentKind(languageId: string | undefined, path: string, text: string | undefined): DocumentKind | undefined {
  if (languageId === "tmpfiles") return "tmpfiles";
  const json = languageId === "json" || languageId === "jsonc" || (languageId === undefined && path.endsWith(".json"));
  // Editors other than VS Code name the language in their own ways: the file name decides.
  if (!json && isTmpfilesPath(path)) return "tmpfiles";
  if (json && (isManifestPath(path) || (text !== undefined && SCHEMA_MARK.test(text.slice(0, 4096))))) return "manifest";
  return undefined;
}
