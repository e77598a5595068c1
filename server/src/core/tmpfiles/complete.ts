/**
 * Completion for tmpfiles.d lines: what may be typed in the field under the
 * cursor, from the same tables the checker reads.
 */
import { NEWEST_VERSION } from "../versions.js";
import { fieldUses } from "./hover.js";
import { LINE_TYPES, MODIFIERS, lineType, type LineType } from "./lineTypes.js";
import { FIELD_NAMES, parseLine, type FieldName } from "./parse.js";
import { SPECIFIERS } from "./specifiers.js";
import { TIME_UNITS } from "./values/age.js";
import { FILE_ATTRIBUTES } from "./values/attributes.js";
import { symbolicMode } from "./values/mode.js";

export type CompletionKind =
  "type" | "modifier" | "specifier" | "mode" | "user" | "group" | "age" | "age-by" | "attribute" | "acl" | "value";

export interface TmpfilesCompletion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /**
   * The text that replaces [offset, offset + length); it starts with the text
   * of that range before the cursor, so it serves as the item's filter text too.
   */
  insertText: string;
  offset: number;
  length: number;
  /** Orders the list (lower first). */
  sortText?: string;
}

export interface CompletionOptions {
  systemdVersion?: number | undefined;
  /** Names offered in the user field (and for ACL user entries). */
  users?: readonly string[] | undefined;
  /** Names offered in the group field. */
  groups?: readonly string[] | undefined;
  /** Where the users and groups come from, said in each name's detail (such as "from this machine's user database"). */
  usersFrom?: string | undefined;
  groupsFrom?: string | undefined;
}

export interface CompletionContext {
  /** The field the cursor is in (or about to start). */
  field: FieldName;
  /** Offset where the field's text starts (the cursor when the field is empty). */
  start: number;
  /** The field's text before the cursor. */
  typed: string;
  /** The line's type letter and modifiers, when already written. */
  action?: string;
}

/** Which field the cursor is in, reading the line up to the cursor as systemd splits it. */
export function completionContext(text: string, offset: number): CompletionContext {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  const before = text.slice(lineStart, offset);
  const parsed = parseLine(before, 0, lineStart);
  const endsInSpace = before.length > 0 && /[ \t]$/.test(before);
  if (parsed.kind !== "entry") return { field: "type", start: offset, typed: "" };
  const present = FIELD_NAMES.filter((n) => parsed.fields[n] !== undefined);
  const action = parsed.fields.type?.value;
  const last = present[present.length - 1];
  if (parsed.wordError || last === undefined) {
    // An open quote: the cursor is inside the word that starts at the problem.
    const idx = present.length;
    const start = parsed.wordError ? parsed.wordError.offset : offset;
    return {
      field: FIELD_NAMES[Math.min(idx, 6)]!,
      start,
      typed: text.slice(start, offset),
      ...(action ? { action } : {}),
    };
  }
  if (last === "argument") {
    const a = parsed.fields.argument!;
    return { field: "argument", start: a.offset, typed: text.slice(a.offset, offset), ...(action ? { action } : {}) };
  }
  if (endsInSpace) {
    const idx = FIELD_NAMES.indexOf(last) + 1;
    return { field: FIELD_NAMES[idx]!, start: offset, typed: "", ...(action ? { action } : {}) };
  }
  const f = parsed.fields[last]!;
  return { field: last, start: f.offset, typed: text.slice(f.offset, offset), ...(action ? { action } : {}) };
}

const COMMON_MODES: readonly { mode: string; dir: boolean; note: string }[] = [
  { mode: "0755", dir: true, note: "directories and programs everyone may use" },
  { mode: "0750", dir: true, note: "a directory for its owner and group" },
  { mode: "0700", dir: true, note: "a private directory" },
  { mode: "1777", dir: true, note: "a shared temporary directory (sticky)" },
  { mode: "2775", dir: true, note: "a group-shared directory (setgid)" },
  { mode: "0644", dir: false, note: "a file everyone may read" },
  { mode: "0640", dir: false, note: "a file for its owner and group" },
  { mode: "0600", dir: false, note: "a private file" },
  { mode: "0440", dir: false, note: "read-only for owner and group" },
  { mode: "0666", dir: false, note: "a device everyone may use" },
];

const AGE_EXAMPLES: readonly { value: string; note: string }[] = [
  { value: "10d", note: "ten days" },
  { value: "1h", note: "one hour" },
  { value: "4w", note: "four weeks" },
  { value: "30min", note: "thirty minutes" },
  { value: "~10d", note: "ten days, keeping what is directly inside" },
  { value: "0", note: "clean up everything at once" },
];

const AGE_BY_LETTERS: readonly { char: string; meaning: string }[] = [
  { char: "a", meaning: "files by access time" },
  { char: "b", meaning: "files by creation time" },
  { char: "c", meaning: "files by status change time" },
  { char: "m", meaning: "files by modification time" },
  { char: "A", meaning: "directories by access time" },
  { char: "B", meaning: "directories by creation time" },
  { char: "C", meaning: "directories by status change time" },
  { char: "M", meaning: "directories by modification time" },
];

/** The modifiers a release allows on a line type. */
function modifiersFor(lt: LineType, version: number): typeof MODIFIERS {
  return MODIFIERS.filter(
    (m) =>
      m.since <= version &&
      (m.char !== "$" || lt.purgeable) &&
      (m.char !== "?" || lt.letter === "L") &&
      (m.char !== "~" || !lt.base64Refusal),
  );
}

const withSource = (what: string, from: string | undefined): string => (from ? `${what} ${from}` : what);

export function tmpfilesCompletions(
  text: string,
  offset: number,
  options: CompletionOptions = {},
): TmpfilesCompletion[] {
  const version = options.systemdVersion ?? NEWEST_VERSION;
  const ctx = completionContext(text, offset);
  const span = { offset: ctx.start, length: offset - ctx.start };
  const item = (label: string, kind: CompletionKind, rest: Partial<TmpfilesCompletion> = {}): TmpfilesCompletion => ({
    label,
    kind,
    insertText: label,
    ...span,
    ...rest,
  });
  const letter = ctx.action?.[0];
  const lt = letter ? lineType(letter, version) : undefined;

  // After a "%" in a path or argument: specifiers.
  const pct = /%*$/.exec(ctx.typed)![0].length % 2 === 1;
  if ((ctx.field === "path" || ctx.field === "argument") && pct) {
    // The edit covers the whole word before the cursor ("/run/%", not "%"), and the
    // new text starts with that word: an editor that filters by the word it sees
    // at the cursor (eglot sees "/run/%") keeps the items, as VS Code does.
    let wordStart = offset - 1;
    while (wordStart > ctx.start && !/[\s"']/.test(text[wordStart - 1]!)) wordStart--;
    const word = text.slice(wordStart, offset - 1);
    const at = { offset: wordStart, length: offset - wordStart };
    return [
      ...SPECIFIERS.filter((s) => s.since <= version).map((s) => ({
        label: "%" + s.char,
        kind: "specifier" as const,
        detail: s.meaning,
        ...(s.example ? { documentation: `Such as ${s.example}` } : {}),
        insertText: word + "%" + s.char,
        ...at,
      })),
      { label: "%%", kind: "specifier" as const, detail: "a literal %", insertText: word + "%%", ...at },
    ];
  }

  switch (ctx.field) {
    case "type": {
      const typed = ctx.typed;
      const base = typed.length > 0 ? lineType(typed[0]!, version) : undefined;
      const withModifiers = base
        ? modifiersFor(base, version)
            .filter((m) => !typed.slice(1).includes(m.char))
            .map((m, i) =>
              item(typed + m.char, "modifier", {
                detail: m.name,
                documentation: m.summary,
                sortText: "1" + String(i).padStart(2, "0"),
              }),
            )
        : [];
      if (typed.length > 1) return withModifiers;
      const seen = new Set<string>();
      return [...withModifiers, ...allTypes()].filter((c) => !seen.has(c.label) && (seen.add(c.label), true));
      function allTypes(): TmpfilesCompletion[] {
        return LINE_TYPES.filter((t) => t.since <= version).flatMap((t, i) => {
          const out = [
            item(t.letter, "type", {
              detail: t.name,
              documentation: t.summary,
              sortText: String(i).padStart(2, "0") + "0",
            }),
          ];
          if ("fwLpcbCa".includes(t.letter)) {
            const plus = MODIFIERS.find((m) => m.char === "+")!;
            out.push(
              item(t.letter + "+", "type", {
                detail: `${t.name}, ${plus.name}`,
                documentation: plus.summary,
                sortText: String(i).padStart(2, "0") + "1",
              }),
            );
          }
          return out;
        });
      }
    }
    case "path":
      return [];
    case "mode": {
      const dirFirst = lt ? lt.directoryMode || lt.letter === "e" : true;
      const prefix = /^[~:]*/.exec(ctx.typed)![0];
      const modes = [...COMMON_MODES].sort((a, b) => Number(b.dir === dirFirst) - Number(a.dir === dirFirst));
      const out = [item("-", "mode", { detail: lt ? fieldUses(lt).mode : "the default", sortText: "00" })];
      modes.forEach((m, i) =>
        out.push(
          item(prefix + m.mode, "mode", {
            detail: symbolicMode(parseInt(m.mode, 8)),
            documentation: m.note,
            sortText: String(i + 1).padStart(2, "0"),
          }),
        ),
      );
      if (prefix === "") {
        out.push(
          item("~", "mode", {
            detail: "mask with the existing bits",
            documentation: "Drops x, r or w bits the existing path has none of.",
            sortText: "90",
          }),
        );
        out.push(
          item(":", "mode", {
            detail: "only when creating",
            documentation: "The mode is set only when the line creates the path.",
            sortText: "91",
          }),
        );
      }
      return out;
    }
    case "user":
    case "group": {
      const names = (ctx.field === "user" ? options.users : options.groups) ?? [];
      const prefix = ctx.typed.startsWith(":") ? ":" : "";
      const list = ["root", ...names.filter((n) => n !== "root")];
      return [
        item("-", ctx.field, { detail: lt ? fieldUses(lt)[ctx.field] : "the default", sortText: "0" }),
        ...list.map((n, i) =>
          item(prefix + n, ctx.field as "user" | "group", {
            detail: withSource(ctx.field, ctx.field === "user" ? options.usersFrom : options.groupsFrom),
            sortText: "1" + String(i).padStart(5, "0"),
          }),
        ),
      ];
    }
    case "age":
      return ageCompletions(ctx.typed, item);
    case "argument":
      return argumentCompletions(ctx.typed, lt, options, item, offset);
  }
}

type Maker = (label: string, kind: CompletionKind, rest?: Partial<TmpfilesCompletion>) => TmpfilesCompletion;

function ageCompletions(typed: string, item: Maker): TmpfilesCompletion[] {
  // Digits typed: the time units that may follow.
  if (/[0-9.]$/.test(typed)) {
    const seen = new Set<string>();
    return TIME_UNITS.filter(
      (u) => !/[^\x20-\x7e]/.test(u.suffix) && !seen.has(u.suffix) && (seen.add(u.suffix), true),
    ).map((u, i) =>
      item(typed + u.suffix, "age", {
        detail: u.label,
        sortText: String(u.suffix.length).padStart(2, "0") + String(i).padStart(2, "0"),
      }),
    );
  }
  // Age-by letters typed (before the ":"): more letters, or the colon.
  const by = /^~?([abcmABCM]*)$/.exec(typed);
  if (by && !typed.includes(":")) {
    const have = new Set(by[1]);
    const out = AGE_BY_LETTERS.filter((l) => !have.has(l.char)).map((l, i) =>
      item(typed + l.char, "age-by", { detail: l.meaning, sortText: "1" + i }),
    );
    if (typed === "" || typed === "~") {
      out.unshift(
        ...AGE_EXAMPLES.filter((e) => typed === "" || e.value.startsWith("~") === false).map((e, i) =>
          item(typed === "~" && !e.value.startsWith("~") ? "~" + e.value : e.value, "age", {
            detail: e.note,
            sortText: "0" + i,
          }),
        ),
      );
      if (typed === "") out.unshift(item("-", "age", { detail: "no cleanup", sortText: "00" }));
    } else if (by[1]!.length) out.push(item(typed + ":", "age-by", { detail: "then the age", sortText: "0" }));
    return out;
  }
  return [];
}

const ACL_TAGS: readonly { text: string; detail: string }[] = [
  { text: "user:", detail: "a named user (user:NAME:PERMS), or the owner (user::PERMS)" },
  { text: "group:", detail: "a named group (group:NAME:PERMS), or the owning group (group::PERMS)" },
  { text: "mask::", detail: "the most a named user or group gets" },
  { text: "other::", detail: "everybody else" },
  { text: "default:", detail: "an entry new files inherit (directories)" },
];

function argumentCompletions(
  typed: string,
  lt: LineType | undefined,
  options: CompletionOptions,
  item: Maker,
  offset: number,
): TmpfilesCompletion[] {
  if (!lt) return [];
  switch (lt.argument) {
    case "attribute": {
      const m = /^([-+=]?)([A-Za-z]*)$/.exec(typed);
      if (!m) return [];
      const have = new Set(m[2]);
      const out: TmpfilesCompletion[] = [];
      if (typed === "")
        for (const op of ["+", "-", "="])
          out.push(
            item(op, "attribute", {
              detail: op === "+" ? "set the attributes that follow" : op === "-" ? "clear them" : "set exactly these",
              sortText: "0" + op,
            }),
          );
      for (const a of FILE_ATTRIBUTES)
        if (!have.has(a.char))
          out.push(item(typed + a.char, "attribute", { detail: a.meaning, sortText: "1" + a.char }));
      return out;
    }
    case "acl": {
      // Only the entry being typed (after the last comma) is completed.
      const comma = typed.lastIndexOf(",");
      const entry = typed.slice(comma + 1);
      const start = offset - entry.length;
      const at = { offset: start, length: entry.length };
      const body = entry.replace(/^(default|d):/, "");
      const pre = entry.slice(0, entry.length - body.length);
      if (!body.includes(":")) {
        return ACL_TAGS.filter((t) => pre === "" || t.text !== "default:").map((t, i) =>
          item(pre + t.text, "acl", { detail: t.detail, sortText: String(i), ...at }),
        );
      }
      const parts = body.split(":");
      if (parts.length === 2 && /^(u|user)$/.test(parts[0]!)) {
        return (options.users ?? []).map((n) =>
          item(`${pre}${parts[0]}:${n}:`, "acl", { detail: withSource("user", options.usersFrom), ...at }),
        );
      }
      if (parts.length === 2 && /^(g|group)$/.test(parts[0]!)) {
        return (options.groups ?? []).map((n) =>
          item(`${pre}${parts[0]}:${n}:`, "acl", { detail: withSource("group", options.groupsFrom), ...at }),
        );
      }
      if (parts.length === 3 && parts[2] === "") {
        return ["rwx", "r-x", "rw-", "r--", "---"].map((p, i) =>
          item(entry + p, "acl", { detail: "permissions", sortText: String(i), ...at }),
        );
      }
      return [];
    }
    default:
      return [];
  }
}
