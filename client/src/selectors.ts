/**
 * Where the language server looks (docs/contracts.md §3), as VS Code document
 * selectors and file-watcher globs. No `vscode` import: plain data and pure
 * functions, so tests can use them outside VS Code.
 */
import {
  documentKind,
  MANIFEST_GLOBS,
  NIX_GLOBS,
  NIX_LANGUAGE,
  TMPFILES_GLOBS,
  TMPFILES_LANGUAGE,
  type DocumentKind,
} from "../../server/src/core/documentKind";

export { NIX_GLOBS, TMPFILES_LANGUAGE };

/** The scheme of the server-computed previews (the generated snippet and activation plans); their path ends in `.conf`. */
export const PREVIEW_SCHEME = "tmpfiles-preview";

/**
 * The scheme of the two sides of an activation diff (client/src/activation/diffView.ts).
 * Not in the document selector: the server never sees these documents, so it
 * publishes nothing for them (the sides are generated lines, checked where they come from).
 */
export const ACTIVATION_DIFF_SCHEME = "tmpfiles-activation-diff";

/** File-name patterns of etc manifests; they keep the language `json` or `jsonc`. */
const MANIFEST_PATTERNS = MANIFEST_GLOBS;

/** Globs the server wants file events for, to keep its workspace index current. */
export const WATCHED_GLOBS = [...TMPFILES_GLOBS, ...MANIFEST_GLOBS] as const;

/**
 * Globs, relative to a workspace folder, that find the server's files in
 * it: the watched ones, and `*.conf` too when the folder is itself a
 * tmpfiles.d directory (`/etc/tmpfiles.d` opened as the folder), whose
 * files the glob for tmpfiles.d directories below a folder does not match.
 */
export function folderGlobs(folderPath: string): string[] {
  const name = folderPath.replace(/\/+$/, "").split("/").pop();
  return name === "tmpfiles.d" || name === "user-tmpfiles.d" ? [...WATCHED_GLOBS, "*.conf"] : [...WATCHED_GLOBS];
}

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
  // Nix documents go to the server, which reads only those that mention tmpfiles; without a Nix extension a .nix file is plain text.
  for (const scheme of DOCUMENT_SCHEMES) selector.push({ language: NIX_LANGUAGE, scheme });
  selector.push({ language: "plaintext", scheme: "file", pattern: "**/*.nix" });
  for (const language of JSON_LANGUAGES) {
    for (const pattern of MANIFEST_PATTERNS) selector.push({ language, scheme: "file", pattern });
  }
  for (const language of JSON_LANGUAGES) {
    for (const scheme of DOCUMENT_SCHEMES) selector.push({ language, scheme });
  }
  return selector;
}

/**
 * The kind of a VS Code document, decided by the code the server decides
 * with (server/src/core/documentKind.ts): the status bar, the `when`
 * contexts and the commands agree with the diagnostics.
 */
export function kindOfDocument(doc: {
  languageId: string;
  uri: { path: string };
  getText(): string;
}): DocumentKind | undefined {
  return documentKind(doc.languageId, doc.uri.path, doc.getText());
}
