/** Which line and which field of a parsed document an offset falls in (for hover and completion). */
import { lastAtOrBefore } from "../text.js";
import {
  FIELD_NAMES,
  type EntryLine,
  type Field,
  type FieldName,
  type TmpfilesDocument,
  type TmpfilesLine,
} from "./parse.js";

/** The line whose text (without its break) holds the offset; an offset at a line's end belongs to it. */
export function lineAt(doc: TmpfilesDocument, offset: number): TmpfilesLine | undefined {
  const lines = doc.lines;
  const l = lines[lastAtOrBefore(lines.length, (k) => lines[k]!.offset, offset)];
  if (!l || offset < l.offset || offset > l.offset + l.text.length) return undefined;
  return l;
}

export interface FieldHit {
  name: FieldName;
  field: Field;
}

/** The field that holds the offset (its end included). */
export function fieldAt(entry: EntryLine, offset: number): FieldHit | undefined {
  for (const name of FIELD_NAMES) {
    const f = entry.fields[name];
    if (f && offset >= f.offset && offset <= f.offset + f.length) return { name, field: f };
  }
  return undefined;
}
