/**
 * What the feature handlers need of the server: the open documents and
 * their views, their checked problems, and how positions count. `ServerState`
 * (state.ts) implements it; each `handlers/*.ts` function takes it first.
 */
import type { TokenData } from "../tokenData.js";
import type { OpenDocument } from "../documentStore.js";
import type { DocumentKind } from "../../core/documentKind.js";
import type { DocumentFeatures } from "../../core/service.js";
import type { LineIndex } from "../../core/text.js";
import type { Positions, ResolveFile } from "../convert.js";
import type { Problem } from "../problems.js";
import type { Source } from "../previews.js";

/** An open document for its current version and release, as the features read it. */
export interface DocumentView {
  kind: DocumentKind;
  /** Its kind's features (core/service.ts), on this version. */
  features: DocumentFeatures;
  readonly index: LineIndex;
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
  /** The open document, or a ResponseError for one that is not open. */
  openDocument(uri: string): OpenDocument;
  /** The version of the open document now (undefined once it is closed). */
  versionNow(uri: string): number | undefined;
  /** The document's view, or undefined when it is not one of ours. */
  view(doc: OpenDocument): Promise<DocumentView | undefined>;
  /** How positions count, as agreed at initialize. */
  positions(): Positions;
  /** The document's problems for its current version (checked now if the last check is older). */
  checked(doc: OpenDocument): Promise<CheckedDocument | undefined>;
  /** The line index of a checked file of the workspace, by URI. */
  indexOf(uri: string): LineIndex | undefined;
  /** The text of a document: the open one, the indexed file, or the file read now (a ResponseError when none can be had). */
  sourceOf(uri: string): Promise<Source>;
  /** The builder of each open document's last whole-document tokens, for answering a delta against them. */
  readonly tokenBuilders: Map<string, TokenData>;
}
