// Completion inside `systemd.tmpfiles.settings.<name>.<path>.<type>`: the
// values of mode, user, group, age, argument and type, asked of the .conf
// completion (tmpfiles/complete.ts) with the line NixOS writes up to that
// field, and the attribute names: the line types under a path, the fields
// under a type.
import { tmpfilesCompletions, type CompletionOptions, type TmpfilesCompletion } from "../tmpfiles/complete.js";
import { fieldUses } from "../tmpfiles/hover.js";
import { lineType } from "../tmpfiles/lineTypes.js";
import { NEWEST_VERSION } from "../versions.js";
import { findRules, SETTINGS_FIELDS, settingsPathOf, type SettingsEntry, type SettingsField } from "./find.js";
import { parseNix, type SyntaxNode, type Tree } from "./parse.js";
import { escapeFor } from "./strings.js";

/** How many fields of the line come before each field NixOS writes. */
const FIELDS_BEFORE: Record<SettingsField, number> = { type: 0, mode: 2, user: 3, group: 4, age: 5, argument: 6 };

/** The type an entry's line gets, when it is written as a plain string. */
function typeOf(e: SettingsEntry): string | undefined {
  const t = e.fields.type ?? e.typeKey;
  return t.kind === "string" && /^\S+$/.test(t.string.value) ? t.string.value : undefined;
}

function valueCompletions(
  text: string,
  offset: number,
  entries: SettingsEntry[],
  options: CompletionOptions,
): TmpfilesCompletion[] | undefined {
  for (const e of entries) {
    // Every definition of a field completes, the one NixOS writes or not.
    for (const [field, v] of SETTINGS_FIELDS.flatMap((f) =>
      (e.definitions[f] ?? []).map((d) => [f, d.value] as const),
    )) {
      if (v.kind !== "string") continue;
      const s = v.string;
      if (offset < s.contentFrom || offset > s.contentTo) continue;
      // The characters written before the cursor; none of them an interpolation, and the cursor not inside an escape.
      let k = 0;
      while (k < s.value.length && s.to[k]! <= offset) k++;
      if (k < s.value.length && s.from[k]! < offset) return [];
      if (s.kind.slice(0, k).includes("interpolation")) return [];
      const typed = s.value.slice(0, k);
      if (field !== "argument" && /[\s"'\\]/.test(typed)) return [];
      // A type that is not a plain word stands as "~", which no line type starts with: the completion of no type.
      const before = [typeOf(e) ?? "~", "/p", "-", "-", "-", "-"].slice(0, FIELDS_BEFORE[field]);
      const prefix = before.length ? before.join(" ") + " " : "";
      const line = prefix + typed;
      const after = text.slice(offset, s.contentTo);
      return tmpfilesCompletions(line, line.length, options).flatMap((c) => {
        if (c.offset < prefix.length) return [];
        const i = c.offset - prefix.length;
        const from = i < k ? s.from[i]! : offset;
        return [{ ...c, offset: from, length: offset - from, insertText: escapeFor(s.form, c.insertText, after) }];
      });
    }
  }
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** An attribute name as Nix takes it: bare when it can be, else quoted. */
function attributeName(name: string): string {
  return IDENTIFIER.test(name) ? name : `"${name}"`;
}

/** The set whose attribute name is typed at `start`: its bind, when the set is that bind's value. */
function setAt(tree: Tree, text: string, start: number): SyntaxNode | undefined {
  // A set of bare names being typed (`{ d }`) is read as a function's formals: the same braces.
  for (let n: SyntaxNode | null = tree.resolveInner(start, -1); n; n = n.parent) {
    if ((n.name === "AttrSet" || n.name === "Function") && text[n.from] === "{" && n.from < start) {
      const bind = n.parent;
      return bind?.name === "Bind" && bind.lastChild?.from === n.from ? bind : undefined;
    }
  }
  return undefined;
}

function nameCompletions(
  text: string,
  tree: Tree,
  offset: number,
  options: CompletionOptions,
): TmpfilesCompletion[] | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_'+~^!=$?:-]/.test(text[start - 1]!)) start--;
  const quoted = text[start - 1] === '"';
  const typed = text.slice(start, offset);
  if (quoted) start--;
  let j = start;
  while (j > 0 && /\s/.test(text[j - 1]!)) j--;
  if (text[j - 1] !== "{" && text[j - 1] !== ";") return undefined;
  const bind = setAt(tree, text, start);
  const rest = bind && settingsPathOf(text, bind);
  if (!rest || (rest.length !== 2 && rest.length !== 3)) return undefined;
  // An editor's closing quote after the cursor is replaced along with the name.
  const end = quoted && text[offset] === '"' ? offset + 1 : offset;
  const at = { offset: start, length: end - start };
  const version = options.systemdVersion ?? NEWEST_VERSION;
  if (rest.length === 2) {
    return tmpfilesCompletions(typed, typed.length, options).map((c) => ({
      ...c,
      ...at,
      insertText: quoted ? `"${c.insertText}"` : attributeName(c.insertText),
    }));
  }
  const lt = rest[2] !== undefined ? lineType(rest[2][0] ?? "", version) : undefined;
  const uses = lt ? fieldUses(lt) : undefined;
  return SETTINGS_FIELDS.filter((f) => f.startsWith(typed)).map((f, i) => ({
    label: f,
    kind: "value" as const,
    detail: f === "type" ? "the line's type, instead of the attribute's name" : (uses?.[f] ?? `the line's ${f}`),
    insertText: quoted ? `"${f}"` : f,
    sortText: String(i),
    ...at,
  }));
}

/**
 * Completion at a .nix offset inside `systemd.tmpfiles.settings`; undefined
 * when the cursor is not in a value or an attribute name there.
 */
export function settingsCompletions(
  text: string,
  offset: number,
  options: CompletionOptions = {},
): TmpfilesCompletion[] | undefined {
  const tree = parseNix(text);
  return (
    valueCompletions(text, offset, findRules(text, tree).settings, options) ??
    nameCompletions(text, tree, offset, options)
  );
}
