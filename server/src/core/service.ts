/**
 * What the editor features ask of a kind of document, behind one
 * interface: hover, completion, the outline, semantic tokens and
 * formatting, all in offsets of the document's text. Each kind has its
 * service (tmpfiles/service.ts, manifest/service.ts), registered in
 * services.ts; the language server asks `serviceOf(kind)` and never
 * branches on the kind itself. A new kind of document is a new service
 * registered there.
 */
import type { DocumentKind } from "./documentKind.js";
import type { TextEditOffsets } from "./diagnostic.js";
import type { LineIndex, TextLike } from "./text.js";
import type { CompletionKind, TmpfilesCompletion } from "./tmpfiles/complete.js";
import type { FileLines } from "./tmpfiles/incremental.js";
import type { SemanticToken } from "./tmpfiles/semanticTokens.js";
import type { TmpfilesSymbol } from "./tmpfiles/symbols.js";

/** The user and group names offered where an owner is typed, and where they come from. */
interface KnownNames {
  users?: readonly string[] | undefined;
  groups?: readonly string[] | undefined;
  usersFrom?: string | undefined;
  groupsFrom?: string | undefined;
}

/** One version of a document, as the features read it. */
export interface ServiceInput {
  text: string;
  /** The document's path (or URI), for what a feature says about the file. */
  fileName: string | undefined;
  /** The systemd release whose rules apply. */
  systemdVersion: number;
  /** The line index of `text`. */
  readonly index: LineIndex;
  names(): KnownNames;
  /** The text as the caller keeps it, when that is not `text` itself: the checked lines are of this version when their text is this one. */
  source?: TextLike;
  /** The lines the last check kept, reused while they are of this text and release (tmpfiles.d). */
  checkedLines?: FileLines | undefined;
}

interface HoverText {
  markdown: string;
  /** The span the hover is about. */
  offset: number;
  length: number;
}

/** A completion item of any kind of document: the tmpfiles.d item, with the kinds and fields manifests add. */
export type Completion = Omit<TmpfilesCompletion, "kind"> & {
  kind: CompletionKind | "property" | "entry";
  /** The text the editor filters on, when it is not the label. */
  filterText?: string;
  /** Whether insertText is a snippet with `$1` tab stops (said either way by kinds that offer snippets). */
  snippet?: boolean;
};

/** An entry of the outline (every kind names its entries as tmpfiles.d lines do). */
export type OutlineSymbol = TmpfilesSymbol;

/**
 * The features of one version of a document; what it parses is parsed once, when first asked for.
 * Function-typed fields, not methods: the handlers pass them around without their object.
 */
export interface DocumentFeatures {
  hover: (offset: number) => HoverText | undefined;
  completions: (offset: number) => Completion[];
  /** The outline entries that start on lines [fromLine, toLine), so a large document can be read a slice at a time. */
  symbols: (fromLine: number, toLine: number) => OutlineSymbol[];
  /** The semantic tokens of lines [fromLine, toLine). */
  tokens?: (fromLine: number, toLine: number) => SemanticToken[];
  /** The edits that format the document, made in steps (a generator: each `next()` does one, the last returns the edits). */
  format?: () => Generator<void, TextEditOffsets[], void>;
}

export interface DocumentService {
  readonly kind: DocumentKind;
  /** The `source` of its diagnostics. */
  readonly diagnosticSource: string;
  open(input: ServiceInput): DocumentFeatures;
}
