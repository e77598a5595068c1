/**
 * Reading an etc manifest: JSON with comments, in either shape of the
 * contract (a list of entries, or an object of named entries). Positions come
 * from jsonc-parser's tree; each known field is validated by its zod schema on
 * its own, so every problem lands on its key or value and broken JSON still
 * yields whatever entries could be read.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { CoreDiagnostic } from "../diagnostic.js";
import { manifestCodes, type ManifestCode } from "./codes.js";
import { MAX_JSON_DEPTH, tooDeepAt } from "./depth.js";
import { JsonListReader } from "./jsonList.js";
import { removeChildren } from "./edits.js";
import type { EntryValues, FieldSpan, Manifest, ManifestEntry } from "./model.js";
import { normalisedPath } from "./paths.js";
import { fieldSchemas, ID_MAX, isFieldName, octalModeOf, type FieldName } from "./schema.js";

export function diag(
  code: ManifestCode,
  node: { offset: number; length: number },
  message: string,
  extra: Partial<CoreDiagnostic> = {},
): CoreDiagnostic {
  return { code, severity: manifestCodes[code].severity, message, offset: node.offset, length: node.length, ...extra };
}

const syntaxMessages: Record<string, string> = {
  InvalidSymbol: "This is not a JSON value",
  InvalidNumberFormat: "This number is not valid JSON",
  PropertyNameExpected: "A property name in double quotes is expected here",
  ValueExpected: "A value is expected here",
  ColonExpected: "A colon is expected here",
  CommaExpected: "A comma is expected here",
  CloseBraceExpected: "A closing brace is expected here",
  CloseBracketExpected: "A closing bracket is expected here",
  EndOfFileExpected: "Nothing may follow the manifest's value",
  InvalidCommentToken: "This comment is not closed",
  UnexpectedEndOfComment: "This comment is not closed",
  UnexpectedEndOfString: "This string is not closed",
  UnexpectedEndOfNumber: "This number is cut short",
  InvalidUnicode: "This \\u escape is not valid",
  InvalidEscapeCharacter: "This escape is not valid in JSON",
  InvalidCharacter: "This character must be escaped inside a JSON string",
};

function syntaxDiagnostic(e: ParseError, textLength: number): CoreDiagnostic {
  const name = printParseErrorCode(e.error);
  // jsonc-parser may report an unclosed comment or string as reaching past the end of the text.
  const offset = Math.min(e.offset, textLength);
  const length = Math.min(e.length > 0 ? e.length : 1, textLength - offset);
  const what = syntaxMessages[name] ?? `JSON error (${name})`;
  return diag("json-syntax", { offset, length }, `${what}; the manifest is read as far as it can be.`);
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "number" && !Number.isInteger(v)) return "a fractional number";
  return `a ${typeof v}`;
}

const expected: Record<string, string> = {
  target: "a string",
  source: "a string",
  mode: "a string",
  user: "a string",
  group: "a string",
  uid: "a whole number from 0 to 4294967294",
  gid: "a whole number from 0 to 4294967294",
  enable: "true or false",
  text: "a string or null",
};

function readEntry(
  node: Node,
  index: number,
  container: Node,
  diagnostics: CoreDiagnostic[],
  name?: string,
  nameNode?: Node,
): ManifestEntry {
  const entry: ManifestEntry = { index, node, container, fields: new Map(), glob: false, enabled: true };
  if (name !== undefined) entry.name = name;
  if (nameNode) entry.nameNode = nameNode;
  const seen = new Map<string, FieldSpan>();
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    if (!key || key.type !== "string") continue;
    const k = String(key.value);
    const span: FieldSpan = { key, value: prop.children?.[1], property: prop };
    const before = seen.get(k);
    if (before)
      diagnostics.push(
        diag(
          "duplicate-field",
          before.key,
          `"${k}" is given again later in this entry; JSON keeps only the last value.`,
          { related: [{ offset: key.offset, length: key.length, message: "the value that counts" }] },
        ),
      );
    seen.set(k, span);
  }
  entry.fields = seen;
  for (const [k, span] of seen) {
    if (!isFieldName(k)) {
      diagnostics.push(
        diag("unknown-field", span.key, `"${k}" is not a field of an etc entry and is ignored.`, {
          fixes: [{ title: `Remove "${k}"`, edits: removeChildren(node, [span.property]) }],
        }),
      );
      continue;
    }
    if (!span.value) continue; // broken JSON: the syntax error covers it
    const value: unknown = getNodeValue(span.value);
    if (!accepts(k, value)) {
      diagnostics.push(diag("wrong-type", span.value, `"${k}" must be ${expected[k]}, not ${jsonType(value)}.`));
      continue;
    }
    // The schemas are of plain values: what passes is the value itself.
    (entry as unknown as Record<string, unknown>)[k] = value;
  }
  derive(entry);
  return entry;
}

/** The derived fields of an entry, from its values. */
function derive(entry: EntryValues): void {
  entry.enabled = entry.enable !== false;
  entry.rawTarget = entry.target ?? entry.name;
  if (entry.rawTarget !== undefined) entry.normTarget = normalisedPath(entry.rawTarget);
  const mode = entry.mode ?? "symlink";
  entry.kind =
    mode === "symlink" || mode === "direct-symlink" ? mode : octalModeOf(mode) !== undefined ? "copy" : undefined;
  entry.glob = entry.source !== undefined && entry.source.includes("*");
}

/** Whether a value passes a field's schema (the common cases without zod, which gives the same answers). */
function accepts(k: FieldName, v: unknown): boolean {
  switch (k) {
    case "uid":
    case "gid":
      if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= ID_MAX) return true;
      break;
    case "enable":
      if (typeof v === "boolean") return true;
      break;
    case "text":
      if (v === null || typeof v === "string") return true;
      break;
    default:
      if (typeof v === "string") return true;
  }
  return fieldSchemas[k].safeParse(v).success;
}

/** Set by `field` when a field is present but fails its schema (readManifest's wrong-type). */
let rejected = false;

/** A field's value from JSON.parse's object when it passes the field's schema, else undefined. */
function field<K extends FieldName>(o: Record<string, unknown>, k: K): EntryValues[K] {
  const v = Object.hasOwn(o, k) ? o[k] : undefined;
  if (v === undefined) return undefined;
  if (accepts(k, v)) return v as EntryValues[K];
  rejected = true;
  return undefined;
}

const isEntryObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A text given a piece at a time: the function calls `piece` with each piece, in order. */
export type TextPieces = (piece: (text: string) => void) => void;

/** One object for every entry that `visitEntryValues` visits, all fields present (unset ones undefined). */
function entryValuesHolder(): EntryValues {
  return {
    index: 0,
    name: undefined,
    target: undefined,
    source: undefined,
    mode: undefined,
    user: undefined,
    group: undefined,
    uid: undefined,
    gid: undefined,
    enable: undefined,
    text: undefined,
    rawTarget: undefined,
    normTarget: undefined,
    kind: undefined,
    glob: false,
    enabled: true,
  };
}

/** Reads JSON.parse's object `o` into `e` and says whether every field present passes its schema. */
function readEntryValues(e: EntryValues, o: Record<string, unknown>, index: number, name: string | undefined): boolean {
  rejected = false;
  e.index = index;
  e.name = name;
  e.target = field(o, "target");
  e.source = field(o, "source");
  e.mode = field(o, "mode");
  e.user = field(o, "user");
  e.group = field(o, "group");
  e.uid = field(o, "uid");
  e.gid = field(o, "gid");
  e.enable = field(o, "enable");
  e.text = field(o, "text");
  e.normTarget = undefined;
  derive(e);
  return !rejected;
}

/**
 * The values of a manifest's entries, for generating and planning: what
 * `readManifest` gives, without positions, read by JSON.parse. `visit`
 * sees each entry in turn, in one object that is overwritten for the next
 * entry (so it must not be
 * kept): `generate` and `plan` keep only the lines; its `wellTyped` is false
 * when a field is present with a value its schema refuses (readManifest's
 * wrong-type error). Undefined when the text is not plain JSON of the
 * manifest's shapes (comments, trailing commas, errors, names that
 * JSON.parse would reorder): then only `readManifest` can say what it holds,
 * and what was visited before that was found is to be dropped. Otherwise
 * `allEntries` says whether every member was an entry object (false:
 * readManifest's entry-not-object).
 *
 * The text may come in pieces, as a file is read (`TextPieces`): then only
 * the list shape is read, a group of entries at a time (jsonList.ts), so
 * that neither the text nor all the entries' objects are held at once, and
 * anything else is undefined. A whole text is parsed in one JSON.parse:
 * scanning it for the list's commas first cost more than holding its
 * objects until the end (generate of 10,000 entries in process 18% faster,
 * of 100,000 10%).
 */
export function visitEntryValues(
  text: string | TextPieces,
  visit: (e: Readonly<EntryValues>, wellTyped: boolean) => void,
): { allEntries: boolean } | undefined {
  const e = entryValuesHolder();
  let index = 0;
  const member = (o: unknown): void => {
    if (isEntryObject(o)) visit(e, readEntryValues(e, o, index++, undefined));
  };
  if (typeof text !== "string") {
    const list = new JsonListReader(member);
    text((piece) => list.feed(piece));
    const members = list.end();
    return members === undefined ? undefined : { allEntries: index === members };
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined; // a syntax error, or nesting deep enough to exhaust the stack
  }
  if (Array.isArray(root)) {
    if (nestsDeeperThan(root, MAX_JSON_DEPTH)) return undefined;
    for (const o of root) member(o);
    return { allEntries: index === root.length };
  }
  if (!isEntryObject(root) || tooDeepAt(text) >= 0) return undefined;
  const keys = Object.keys(root);
  // JSON.parse puts names that look like array indices first, and keeps one of two equal names;
  // readManifest keeps the text's order and every entry, and the order decides which entry wins.
  if (keys.some((n) => /^(0|[1-9][0-9]*)$/.test(n)) || topLevelMembers(text) !== keys.length) return undefined;
  const names = keys.filter((n) => n !== "$schema" && isEntryObject(root[n]));
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    visit(e, readEntryValues(e, root[name] as Record<string, unknown>, i, name));
  }
  return { allEntries: names.length === keys.filter((n) => n !== "$schema").length };
}

/**
 * Whether a value JSON.parse made nests more than `levels` deep, counting
 * each list and object as a level as `tooDeepAt` counts brackets: without
 * reading the text again, and at once for values that hold no lists or
 * objects (an entry's fields).
 */
function nestsDeeperThan(value: object, levels: number): boolean {
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const v of value)
      if (typeof v === "object" && v !== null && nestsDeeperThan(v as object, levels - 1)) return true;
    return false;
  }
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === "object" && v !== null && nestsDeeperThan(v, levels - 1)) return true;
  }
  return false;
}

/** Read a manifest. Never throws; problems are in `diagnostics`. */
export function readManifest(text: string, fileName?: string): Manifest {
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const m: Manifest = {
      text,
      entries: [],
      diagnostics: [
        diag(
          "json-syntax",
          { offset: deep, length: 1 },
          `The JSON nests deeper than ${MAX_JSON_DEPTH} levels here; a manifest needs three, and this one is not read.`,
        ),
      ],
    };
    if (fileName !== undefined) m.fileName = fileName;
    return m;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const diagnostics: CoreDiagnostic[] = errors.map((e) => syntaxDiagnostic(e, text.length));
  const m: Manifest = { text, entries: [], diagnostics };
  if (fileName !== undefined) m.fileName = fileName;
  if (!root) {
    if (errors.length === 0)
      diagnostics.push(
        diag(
          "manifest-shape",
          { offset: 0, length: 0 },
          "The manifest is empty: expected a list of entries or an object of named entries.",
        ),
      );
    return m;
  }
  m.root = root;
  if (root.type === "array") {
    m.shape = "list";
    (root.children ?? []).forEach((child) => {
      if (child.type !== "object") {
        diagnostics.push(
          diag(
            "entry-not-object",
            child,
            `An entry is an object with "target" and "source", not ${jsonType(getNodeValue(child))}.`,
          ),
        );
        return;
      }
      m.entries.push(readEntry(child, m.entries.length, child, diagnostics));
    });
  } else if (root.type === "object") {
    m.shape = "object";
    for (const prop of root.children ?? []) {
      const key = prop.children?.[0];
      const value = prop.children?.[1];
      if (!key || key.type !== "string") continue;
      const name = String(key.value);
      if (name === "$schema") continue;
      if (!value) continue;
      if (value.type !== "object") {
        diagnostics.push(
          diag(
            "entry-not-object",
            value,
            `The entry "${name}" must be an object with "source" (and optionally "target", "mode", …), not ${jsonType(getNodeValue(value))}.`,
          ),
        );
        continue;
      }
      m.entries.push(readEntry(value, m.entries.length, prop, diagnostics, name, key));
    }
  } else {
    diagnostics.push(
      diag(
        "manifest-shape",
        root,
        `A manifest is a list of entries or an object of named entries, not ${jsonType(getNodeValue(root))}.`,
      ),
    );
  }
  return m;
}

/** The number of members of a JSON text's top-level object (strict JSON: no comments, no trailing commas). */
function topLevelMembers(text: string): number {
  let depth = 0;
  let commas = 0;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      if (depth === 1) any = true;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
    else if (c === 44 && depth === 1) commas++;
  }
  return any ? commas + 1 : 0;
}
