/**
 * The tmpfiles.d checker: parses a document for a systemd release, checks
 * every line, and finds lines that systemd drops as duplicates.
 */
import { compareDiagnostics, type CoreDiagnostic, type Fix } from "../diagnostic.js";
import { NEWEST_VERSION, SINCE } from "../versions.js";
import { analyzeLine, type Item, type LineContext, type UserDatabase } from "./analyzeLine.js";
import { PathTable } from "./duplicates.js";
import { LONG_LINE_MAX, parseLine, parseTmpfiles, splitLines, type EntryLine, type TmpfilesDocument, type TmpfilesLine } from "./parse.js";
import { LineCache, placeDiagnostics, placeLine } from "./lineCache.js";
import { utf8Length } from "./values/credential.js";

export interface CheckOptions {
  /** The systemd release whose rules apply (default: the newest known). */
  systemdVersion?: number;
  /** The file's path, where systemd's behaviour depends on it. */
  fileName?: string;
  /** Names to check users and groups against; without it names are not judged. */
  userDatabase?: UserDatabase;
  /** Results of unchanged lines from earlier checks (the language server keeps one per document). */
  cache?: LineCache;
}

const databaseIds = new WeakMap<UserDatabase, number>();
let nextDatabaseId = 1;
function databaseId(db: UserDatabase | undefined): number {
  if (!db) return 0;
  let id = databaseIds.get(db);
  if (id === undefined) databaseIds.set(db, (id = nextDatabaseId++));
  return id;
}

export interface LineLocation {
  file?: string;
  entry: EntryLine;
}

export interface CheckResult {
  document: TmpfilesDocument;
  diagnostics: CoreDiagnostic[];
  /** The items systemd keeps, with their lines (for cross-file checks and previews). */
  items: { item: Item; entry: EntryLine }[];
}

export function parseForVersion(text: string, version: number): TmpfilesDocument {
  return parseTmpfiles(text, { escapes: version >= SINCE.escapesInFields });
}

/**
 * Checks every line of one document. With `table`, kept lines are added to a
 * table shared with other files (the order of calls is systemd's file order).
 */
export function checkTmpfiles(text: string, options: CheckOptions = {}, table?: PathTable<LineLocation>): CheckResult {
  const version = options.systemdVersion ?? NEWEST_VERSION;
  const escapes = version >= SINCE.escapesInFields;
  const ctx: LineContext = { version, ...(options.fileName !== undefined ? { fileName: options.fileName } : {}), ...(options.userDatabase ? { userDatabase: options.userDatabase } : {}) };
  const cache = options.cache?.forSettings(`${version}|${(options.fileName ?? "").startsWith("/etc/")}|${databaseId(options.userDatabase)}`);
  const paths = table ?? new PathTable<LineLocation>();
  const diagnostics: CoreDiagnostic[] = [];
  const items: CheckResult["items"] = [];
  const lines: TmpfilesLine[] = [];
  const spans = splitLines(text);
  for (let n = 0; n < spans.length; n++) {
    const { offset, end } = spans[n]!;
    const lineText = text.slice(offset, end);
    if (lineText.length * 3 >= LONG_LINE_MAX && utf8Length(lineText) >= LONG_LINE_MAX) {
      lines.push({ kind: "blank", line: n, offset, text: lineText });
      diagnostics.push({
        code: "line-too-long",
        severity: "error",
        message: `This line is longer than 1 MiB; systemd-tmpfiles stops reading the file here and ignores the rest.`,
        offset,
        length: Math.min(lineText.length, 200),
      });
      break;
    }
    let cached = cache?.get(lineText);
    if (!cached) {
      const parsed = parseLine(lineText, 0, 0, escapes);
      cached = { line: parsed, ...(parsed.kind === "entry" ? { result: analyzeLine(parsed, ctx) } : {}) };
      cache?.set(lineText, cached);
    }
    const line = placeLine(cached.line, n, offset);
    lines.push(line);
    if (line.kind !== "entry" || !cached.result) continue;
    diagnostics.push(...placeDiagnostics(cached.result.diagnostics, offset));
    const item = cached.result.item;
    if (!item) continue;
    const where: LineLocation = { ...(options.fileName !== undefined ? { file: options.fileName } : {}), entry: line };
    const earlier = paths.add(item, where);
    if (earlier) {
      diagnostics.push(duplicateDiagnostic(line, earlier.where, item.key, options.fileName, text));
    } else items.push({ item, entry: line });
  }
  diagnostics.sort(compareDiagnostics);
  return { document: { text, lines }, diagnostics, items };
}

function duplicateDiagnostic(line: EntryLine, earlier: LineLocation, key: string, fileName: string | undefined, text: string): CoreDiagnostic {
  const pathField = line.fields.path!;
  const sameFile = earlier.file === fileName;
  const earlierLine = earlier.entry.line + 1;
  const where = sameFile ? `line ${earlierLine}` : `${earlier.file ?? "another file"}:${earlierLine}`;
  const fixes: Fix[] = [removeLineFix(text, line, "Remove this line (systemd ignores it)", true)];
  if (sameFile) {
    const merged = mergeLines(earlier.entry, line);
    if (merged !== undefined && merged !== earlier.entry.text.trim()) {
      fixes.push({
        title: "Merge this line into the earlier one",
        edits: [
          { offset: earlier.entry.contentOffset, length: earlier.entry.contentLength, newText: merged },
          removeLineFix(text, line, "", false).edits[0]!,
        ],
      });
    }
    fixes.push({ title: "Keep this line and remove the earlier one", edits: [removeLineFix(text, earlier.entry, "", false).edits[0]!] });
  }
  return {
    code: "duplicate-path",
    severity: "warning",
    message: `${where} already owns ${key} with other settings; systemd-tmpfiles keeps that line and ignores this one.`,
    offset: pathField.offset,
    length: pathField.length,
    related: [{ ...(earlier.file !== undefined && !sameFile ? { file: earlier.file } : {}), offset: earlier.entry.fields.path!.offset, length: earlier.entry.fields.path!.length, message: "The line systemd keeps" }],
    fixes,
  };
}

/** An edit that deletes a whole line with its line break. */
export function removeLineFix(text: string, line: EntryLine, title: string, preferred: boolean): Fix {
  let end = line.offset + line.text.length;
  if (text[end] === "\r") end++;
  if (text[end] === "\n") end++;
  return { title, edits: [{ offset: line.offset, length: end - line.offset, newText: "" }], ...(preferred ? { preferred } : {}) };
}

/** The earlier line with its unset fields taken from the later one, or undefined when they disagree. */
function mergeLines(a: EntryLine, b: EntryLine): string | undefined {
  const names = ["type", "path", "mode", "user", "group", "age", "argument"] as const;
  const out: string[] = [];
  for (const n of names) {
    const x = a.fields[n]?.raw;
    const y = b.fields[n]?.raw;
    const unset = (v: string | undefined): boolean => v === undefined || v === "-";
    if (n === "type" || n === "path") out.push(x!);
    else if (unset(x)) out.push(y ?? "-");
    else if (unset(y) || x === y) out.push(x!);
    else return undefined;
  }
  while (out.length > 2 && out[out.length - 1] === "-") out.pop();
  return out.join(" ");
}
