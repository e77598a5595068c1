/** The parsed form of an etc manifest that every feature reads. */
import type { Node } from "jsonc-parser";
import type { CoreDiagnostic } from "../diagnostic.js";

type ManifestShape = "list" | "object";

/** A property of an entry: its key node and, unless the JSON is broken there, its value node. */
export interface FieldSpan {
  key: Node;
  value: Node | undefined;
  /** The property node (key and value), what a removal deletes. */
  property: Node;
}

/** How the entry ends up in /etc. */
export type EntryKind = "symlink" | "direct-symlink" | "copy";

export interface ManifestEntry {
  /** Position among the entries, from 0. */
  index: number;
  /** The entry's name in the object shape. */
  name?: string | undefined;
  nameNode?: Node;
  /** The entry's object node. */
  node: Node;
  /** What removing the entry deletes: the array element or the object property. */
  container: Node;
  /** Every property present (the last one when a key repeats), known or not. */
  fields: Map<string, FieldSpan>;

  // Values of the known fields that passed their schema. The fast reader
  // (visitEntryValues) keeps every field present, unset ones undefined.
  target?: string | undefined;
  source?: string | undefined;
  mode?: string | undefined;
  user?: string | undefined;
  group?: string | undefined;
  uid?: number | undefined;
  gid?: number | undefined;
  enable?: boolean | undefined;
  text?: string | null | undefined;

  // Derived.
  /** The target as given, or the name in the object shape. */
  rawTarget?: string | undefined;
  /** The normalised target when it is usable (no `..` out of /etc, not empty, writable). */
  normTarget?: string | undefined;
  /** undefined when the mode is invalid. */
  kind?: EntryKind | undefined;
  /** The source holds a `*`: the target is a directory of links. */
  glob: boolean;
  /** `enable` is not false. */
  enabled: boolean;
}

/** An entry's values and what is derived from them, without positions: all that generating needs. */
export type EntryValues = Omit<ManifestEntry, "node" | "container" | "fields" | "nameNode">;

export interface Manifest {
  text: string;
  fileName?: string;
  shape?: ManifestShape;
  root?: Node;
  entries: ManifestEntry[];
  /** Problems found while reading: broken JSON, shape, field types, unknown fields. */
  diagnostics: CoreDiagnostic[];
}

/** The node a problem with the entry's target is shown on. */
export function targetNode(e: ManifestEntry): Node {
  return e.fields.get("target")?.value ?? e.nameNode ?? e.node;
}

export function effectiveMode(e: EntryValues): string {
  return e.mode ?? "symlink";
}

/** The owner NixOS applies to a copy: `user`, else `+uid`, else `+0`. */
export function effectiveUser(e: EntryValues): string {
  return e.user ?? `+${e.uid ?? 0}`;
}

export function effectiveGroup(e: EntryValues): string {
  return e.group ?? `+${e.gid ?? 0}`;
}
