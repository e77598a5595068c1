/** Completion for manifests: the keys of an entry and the values of mode, owner and enable. */
import { getLocation, parseTree, findNodeAtOffset, type Node } from "jsonc-parser";
import { tooDeepAt } from "./depth.js";
import { describeMode } from "./describe.js";
import { fieldDocs, FIELD_NAMES, modeSuggestions, type FieldName } from "./schema.js";

export interface ManifestCompletion {
  label: string;
  kind: "property" | "value" | "entry";
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet with `$1` tab stops when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** The span the completion replaces. */
  offset: number;
  length: number;
}

const valueSnippet: Record<FieldName, string> = {
  target: '"$1"',
  source: '"/nix/store/$1"',
  mode: '"${1:symlink}"',
  user: '"${1:+0}"',
  group: '"${1:+0}"',
  uid: "${1:0}",
  gid: "${1:0}",
  enable: "${1:true}",
  text: '"$1"',
};

/** The string or literal being typed at the offset, to be replaced as a whole. */
function spanAt(root: Node | undefined, offset: number): { offset: number; length: number } {
  const n = root ? findNodeAtOffset(root, offset, true) : undefined;
  if (
    n &&
    (n.type === "string" || n.type === "boolean" || n.type === "number" || n.type === "null") &&
    offset > n.offset &&
    offset <= n.offset + n.length
  )
    return { offset: n.offset, length: n.length };
  return { offset, length: 0 };
}

function presentKeys(root: Node | undefined, offset: number): Set<string> {
  const keys = new Set<string>();
  let n = root ? findNodeAtOffset(root, offset, true) : undefined;
  while (n && n.type !== "object") n = n.parent;
  for (const p of n?.children ?? []) if (p.children?.[0]) keys.add(String(p.children[0].value));
  return keys;
}

export function manifestCompletions(text: string, offset: number): ManifestCompletion[] {
  if (tooDeepAt(text) >= 0) return [];
  const loc = getLocation(text, offset);
  const root = parseTree(text, [], { allowTrailingComma: true });
  const path = loc.path;
  const span = spanAt(root, offset);
  const objectShape = root?.type === "object";
  const entryDepth = 2; // [index, key] or [name, key]

  if (loc.isAtPropertyKey && path.length === entryDepth) {
    const present = presentKeys(root, offset);
    const typing = span.length > 0 ? String(path[path.length - 1] ?? "") : "";
    return FIELD_NAMES.filter((k) => !present.has(k) || k === typing).map((k) => ({
      label: k,
      kind: "property" as const,
      detail: fieldDocs[k].type,
      documentation: fieldDocs[k].summary,
      insertText: `"${k}": ${valueSnippet[k]}`,
      snippet: true,
      ...span,
    }));
  }

  if (!loc.isAtPropertyKey && path.length === entryDepth && typeof path[1] === "string") {
    const key = path[1];
    const values = (list: Array<{ value: string | boolean; detail: string }>): ManifestCompletion[] =>
      list.map(({ value, detail }) => ({
        label: typeof value === "string" ? value : String(value),
        kind: "value" as const,
        detail,
        insertText: JSON.stringify(value),
        ...span,
      }));
    if (key === "mode")
      return modeSuggestions.map((s) => ({
        label: s.value,
        kind: "value" as const,
        detail: s.detail,
        documentation: `The entry becomes ${describeMode(s.value)}.`,
        insertText: JSON.stringify(s.value),
        ...span,
      }));
    if (key === "user")
      return values([
        { value: "+0", detail: "root, by numeric id" },
        { value: "root", detail: "root, by name" },
      ]);
    if (key === "group")
      return values([
        { value: "+0", detail: "the root group, by numeric id" },
        { value: "root", detail: "the root group, by name" },
        { value: "wheel", detail: "the wheel group" },
      ]);
    if (key === "enable")
      return values([
        { value: true, detail: "put the entry into /etc" },
        { value: false, detail: "leave the entry out" },
      ]);
    return [];
  }

  if (!objectShape && path.length === 1 && !loc.isAtPropertyKey && span.length === 0) {
    return [
      {
        label: "new entry",
        kind: "entry",
        detail: "a link into /etc",
        documentation: "An entry with a target, a source and a mode.",
        insertText: '{ "target": "$1", "source": "/nix/store/$2", "mode": "${3:symlink}" }',
        snippet: true,
        ...span,
      },
    ];
  }
  return [];
}
