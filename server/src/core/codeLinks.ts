/**
 * Where the page of each diagnostic code is: docs/codes/CODE.md of the
 * repository, as a browser shows it. The one place that names the
 * repository's address (package.json has no `repository` field).
 */
import { CODES } from "./tmpfiles/codes.js";
import { manifestCodes } from "./manifest/codes.js";

export const REPOSITORY_URL = "https://github.com/tmpfiles-lsp/tmpfiles-lsp";
/** The folder of the code pages, relative to the repository's root. */
export const CODE_DOCS_DIR = "docs/codes";

/** Whether a code is in one of the registries (and so has a page). */
function isDocumentedCode(code: string): boolean {
  return Object.hasOwn(CODES, code) || Object.hasOwn(manifestCodes, code);
}

/** The address of a code's page, or undefined for a code without one. */
export function codeDocsUrl(code: string): string | undefined {
  return isDocumentedCode(code) ? `${REPOSITORY_URL}/blob/main/${CODE_DOCS_DIR}/${code}.md` : undefined;
}
