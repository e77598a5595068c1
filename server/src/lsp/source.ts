/** The text of a document for the previews: the open document's, the indexed file's, or the file read from disk. */
import { ErrorCodes, ResponseError, type TextDocuments } from "vscode-languageserver/node";
import type { OpenDocument } from "./documentStore.js";
import type { Source } from "./previews.js";
import { readText, uriToPath, type WorkspaceIndex } from "./workspace.js";

export async function sourceOf(
  documents: TextDocuments<OpenDocument>,
  index: WorkspaceIndex,
  uri: string,
): Promise<Source> {
  const doc = documents.get(uri);
  const path = uriToPath(uri);
  if (doc) return { text: doc.getText(), fileName: path ?? uri };
  const f = index.get(uri);
  if (f?.diskText !== undefined && !f.tooLarge) return { text: f.diskText, fileName: path ?? uri };
  if (path) {
    try {
      return { text: await readText(path), fileName: path };
    } catch (e) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      );
    }
  }
  throw new ResponseError(
    ErrorCodes.InvalidParams,
    `The document ${uri} is not open and is not a file the server can read.`,
  );
}
