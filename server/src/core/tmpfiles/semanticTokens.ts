/**
 * Semantic tokens for tmpfiles.d lines: every field by its role, specifiers
 * and modifiers apart, in document order and never overlapping. The editor
 * edge maps these roles to the protocol's token types.
 */
import { FIELD_NAMES, type FieldName, type TmpfilesDocument } from "./parse.js";
import { findSpecifiers } from "./specifiers.js";

export const TOKEN_ROLES = [
  "type",
  "modifier",
  "path",
  "specifier",
  "mode",
  "owner",
  "age",
  "argument",
  "comment",
  "unset",
] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export interface SemanticToken {
  offset: number;
  length: number;
  role: TokenRole;
}

const ROLE_OF_FIELD: Record<Exclude<FieldName, "type">, TokenRole> = {
  path: "path",
  mode: "mode",
  user: "owner",
  group: "owner",
  age: "age",
  argument: "argument",
};

/** Tokens of one field whose text may hold specifiers (written plainly, so raw offsets are exact). */
function withSpecifiers(out: SemanticToken[], offset: number, raw: string, role: TokenRole): void {
  let at = 0;
  for (const s of findSpecifiers(raw)) {
    if (s.at > at) out.push({ offset: offset + at, length: s.at - at, role });
    out.push({ offset: offset + s.at, length: 2, role: "specifier" });
    at = s.at + 2;
  }
  if (at < raw.length) out.push({ offset: offset + at, length: raw.length - at, role });
}

/** The tokens of a document's lines (or of some of its lines). */
export function semanticTokens(doc: Pick<TmpfilesDocument, "lines">): SemanticToken[] {
  const out: SemanticToken[] = [];
  for (const l of doc.lines) {
    if (l.kind === "comment") {
      const start = l.text.search(/\S/);
      out.push({ offset: l.offset + start, length: l.text.trimEnd().length - start, role: "comment" });
      continue;
    }
    if (l.kind !== "entry") continue;
    for (const name of FIELD_NAMES) {
      const f = l.fields[name];
      if (!f) continue;
      if (name === "type") {
        out.push({ offset: f.offset, length: Math.min(1, f.length), role: "type" });
        if (f.length > 1) out.push({ offset: f.offset + 1, length: f.length - 1, role: "modifier" });
        continue;
      }
      if (f.raw === "-" && name !== "path") {
        out.push({ offset: f.offset, length: 1, role: "unset" });
        continue;
      }
      const role = ROLE_OF_FIELD[name];
      if (name === "path" || name === "argument") withSpecifiers(out, f.offset, f.raw, role);
      else out.push({ offset: f.offset, length: f.length, role });
    }
  }
  return out.filter((t) => t.length > 0);
}
