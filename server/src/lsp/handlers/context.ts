/**
 * What a group of request handlers needs of the server: the connection to
 * register on, the guard every request goes through, the open documents and
 * their checked model, and how positions count. `server.ts` makes one and
 * hands it to each `handlers/*.ts` module.
 */
import type { CancellationToken, Connection, ResponseError } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { DocumentKind } from "../../core/documentKind.js";
import type { LineIndex } from "../../core/text.js";
import type { TmpfilesDocument } from "../../core/tmpfiles/parse.js";
import type { Positions, ResolveFile } from "../convert.js";
import type { Problem } from "../problems.js";
import type { Source } from "../previews.js";
import type { Names } from "../userDatabase.js";

/** A tmpfiles.d document as checked for its current version and release. */
export interface DocumentModel {
  /** The whole document, parsed (made when first asked for). */
  readonly doc: TmpfilesDocument;
  /** A document that holds at least the line at `offset` (all of them, or that line alone). */
  lineDoc(offset: number): TmpfilesDocument;
  readonly index: LineIndex;
  /** The systemd release whose rules apply. */
  version: number;
  /** The user and group names to complete and judge against. */
  names(): Names;
}

/** What the last check of an open document found, for its current version. */
export interface CheckedDocument {
  uri: string;
  kind: DocumentKind;
  text: string;
  index: LineIndex;
  /** Its problems, the cross-checks' included, with their fixes. */
  problems: Problem[];
  /** Finds the file a related location names. */
  resolve: ResolveFile;
}

export interface HandlerContext {
  connection: Connection;
  /** Wraps a request handler: refused before initialize, errors turned into responses. */
  guard<P, R, E = void>(name: string, fn: (params: P, token?: CancellationToken) => R | Promise<R>): (params: P, token?: CancellationToken) => Promise<R | ResponseError<E>>;
  /** The open document, or a ResponseError for one that is not open. */
  openDocument(uri: string): TextDocument;
  /** The version of the open document now (undefined once it is closed). */
  versionNow(uri: string): number | undefined;
  kindOfDocument(doc: TextDocument): DocumentKind | undefined;
  model(doc: TextDocument): Promise<DocumentModel>;
  /** How positions count, as agreed at initialize. */
  positions(): Positions;
  /** The document's problems for its current version (checked now if the last check is older). */
  checked(doc: TextDocument): Promise<CheckedDocument | undefined>;
  /** The line index of a checked file of the workspace, by URI. */
  indexOf(uri: string): LineIndex | undefined;
  /** The text of a document: the open one, the indexed file, or the file read now (a ResponseError when none can be had). */
  sourceOf(uri: string): Promise<Source>;
}
