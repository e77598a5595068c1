/**
 * The tmpfiles.d checker: parses a document for a systemd release, checks
 * every line, and finds lines that systemd drops as duplicates.
 */
import { compareDiagnostics, type CoreDiagnostic, type Fix } from "../diagnostic.js";
import { NEWEST_VERSION, SINCE } from "../versions.js";
import { notTextDiagnostic } from "../notText.js";
import type { TextLike } from "../text.js";
import { analyzeLine, type Item, type LineContext, type UserDatabase } from "./analyzeLine.js";
import { PathTable } from "./duplicates.js";
import {
  lineContentEnd,
  LineEnds,
  skipLineBreak,
  LONG_LINE_MAX,
  parseLine,
  parseTmpfiles,
  splitLines,
  type EntryLine,
  type TmpfilesDocument,
  type TmpfilesLine,
} from "./parse.js";
import { utf8Length } from "./values/credential.js";

export interface CheckOptions {
  /** The systemd release whose rules apply (default: the newest known). */
  systemdVersion?: number;
  /** The file's path, where systemd's behaviour depends on it. */
  fileName?: string;
  /** Names to check users and groups against; without it names are not judged. */
  userDatabase?: UserDatabase;
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
  file?: string | undefined;
  entry: EntryLine;
}

/** Where a line is; its entry is parsed when first asked for. */
class LazyLocation implements LineLocation {
  private placed: EntryLine | undefined;
  constructor(
    readonly file: string | undefined,
    private readonly text: string,
    private readonly lineNo: number,
    private readonly offset: number,
    private readonly escapes: boolean,
  ) {}
  get entry(): EntryLine {
    if (!this.placed)
      this.placed = parseLine(
        this.text.slice(this.offset, lineContentEnd(this.text, this.offset)),
        this.lineNo,
        this.offset,
        this.escapes,
      ) as EntryLine;
    return this.placed;
  }
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

/** The key of the settings a line's verdict depends on (a TmpfilesTree keeps line results for one key). */
export function lineSettingsKey(options: Pick<CheckOptions, "systemdVersion" | "fileName" | "userDatabase">): string {
  return `${options.systemdVersion ?? NEWEST_VERSION}|${(options.fileName ?? "").startsWith("/etc/")}|${databaseId(options.userDatabase)}`;
}

export function lineContext(options: Pick<CheckOptions, "systemdVersion" | "fileName" | "userDatabase">): LineContext {
  return {
    version: options.systemdVersion ?? NEWEST_VERSION,
    ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
    ...(options.userDatabase ? { userDatabase: options.userDatabase } : {}),
  };
}

/** Whether systemd stops reading a file at this line (longer than 1 MiB in UTF-8). */
export function isLongLine(lineText: string): boolean {
  return lineText.length * 3 >= LONG_LINE_MAX && utf8Length(lineText) >= LONG_LINE_MAX;
}

export function longLineDiagnostic(offset: number, lineText: string): CoreDiagnostic {
  return {
    code: "line-too-long",
    severity: "error",
    message: `This line is longer than 1 MiB; systemd-tmpfiles stops reading the file here and ignores the rest.`,
    offset,
    length: Math.min(lineText.length, 200),
  };
}

/**
 * The result of a check; the parsed document and the kept items are made
 * when first asked for (the check itself keeps no line's item: see PathTable).
 */
class Checked implements CheckResult {
  private doc: TmpfilesDocument | undefined;
  private kept: CheckResult["items"] | undefined;
  constructor(
    private readonly text: string,
    readonly diagnostics: CoreDiagnostic[],
    private readonly ctx: LineContext,
    /** Lines read (systemd stops after a line that is too long). */
    private readonly lineCount: number,
    /** Lines with an item that systemd drops as duplicates, in order. */
    private readonly dropped: number[],
  ) {}

  private get escapes(): boolean {
    return this.ctx.version >= SINCE.escapesInFields;
  }

  get document(): TmpfilesDocument {
    if (!this.doc) {
      const lines: TmpfilesLine[] = [];
      const text = this.text;
      const spans = splitLines(text);
      for (let n = 0; n < spans.length && n < this.lineCount; n++) {
        const { offset, end } = spans[n]!;
        const lineText = text.slice(offset, end);
        if (n === this.lineCount - 1 && isLongLine(lineText)) {
          lines.push({ kind: "blank", line: n, offset, text: lineText });
          break;
        }
        lines.push(parseLine(lineText, n, offset, this.escapes));
      }
      this.doc = { text, lines };
    }
    return this.doc;
  }

  /** The items of the lines, checked again, but those dropped as duplicates. */
  get items(): CheckResult["items"] {
    if (!this.kept) {
      const kept: CheckResult["items"] = [];
      let d = 0;
      for (const entry of this.document.lines) {
        if (entry.kind !== "entry") continue;
        const item = analyzeLine(entry, this.ctx).item;
        if (!item) continue;
        if (this.dropped[d] === entry.line) d++;
        else kept.push({ item, entry });
      }
      this.kept = kept;
    }
    return this.kept;
  }
}

/**
 * Checks every line of one document. With `table`, kept lines are added to a
 * table shared with other files (the order of calls is systemd's file order).
 */
export function checkTmpfiles(text: string, options: CheckOptions = {}, table?: PathTable<LineLocation>): CheckResult {
  const version = options.systemdVersion ?? NEWEST_VERSION;
  const escapes = version >= SINCE.escapesInFields;
  const ctx = lineContext(options);
  const fileName = options.fileName;
  const paths = table ?? new PathTable<LineLocation>();
  const diagnostics: CoreDiagnostic[] = [];
  const dropped: number[] = [];
  // A binary file: one diagnostic, and no lines of it in the table of paths.
  const notText = notTextDiagnostic(text);
  if (notText) return new Checked(text, [notText], ctx, 0, dropped);
  // A kept line is read again only when a later line names its path.
  paths.startFile({
    locate: (offset, line) => new LazyLocation(fileName, text, line, offset, escapes),
    itemOf: (where) => analyzeLine(where.entry, ctx).item!,
  });
  const len = text.length;
  const ends = new LineEnds(text);
  let i = 0;
  let n = 0;
  do {
    // One line as systemd's reader splits it (see splitLines).
    const offset = i;
    const end = ends.at(i);
    i = skipLineBreak(text, end);
    const lineText = text.slice(offset, end);
    if (isLongLine(lineText)) {
      diagnostics.push(longLineDiagnostic(offset, lineText));
      n++;
      break;
    }
    const parsed = parseLine(lineText, n, offset, escapes);
    if (parsed.kind === "entry") {
      const result = analyzeLine(parsed, ctx);
      for (const d of result.diagnostics) diagnostics.push(d);
      const item = result.item;
      if (item) {
        const earlier = paths.add(item, offset, n);
        if (earlier) {
          diagnostics.push(duplicateDiagnostic(parsed, earlier.where, item.key, fileName, text));
          dropped.push(n);
        }
      }
    }
    n++;
  } while (i < len);
  diagnostics.sort(compareDiagnostics);
  return new Checked(text, diagnostics, ctx, n, dropped);
}

export function duplicateDiagnostic(
  line: EntryLine,
  earlier: LineLocation,
  key: string,
  fileName: string | undefined,
  text: TextLike,
): CoreDiagnostic {
  const pathField = line.fields.path!;
  const sameFile = earlier.file === fileName;
  const earlierLine = earlier.entry.line + 1;
  const where = sameFile ? `line ${earlierLine}` : `${earlier.file ?? "another file"}:${earlierLine}`;
  // Merging keeps what both lines say, so it is the preferred fix where it is offered; else removing this line.
  const merged = sameFile ? mergeLines(earlier.entry, line) : undefined;
  const canMerge = merged !== undefined && merged !== earlier.entry.text.trim();
  const fixes: Fix[] = [removeLineFix(text, line, "Remove this line (systemd ignores it)", !canMerge)];
  if (sameFile) {
    if (canMerge) {
      fixes.push({
        title: "Merge this line into the earlier one",
        edits: [
          { offset: earlier.entry.contentOffset, length: earlier.entry.contentLength, newText: merged },
          removeLineFix(text, line, "", false).edits[0]!,
        ],
        preferred: true,
      });
    }
    fixes.push({
      title: "Keep this line and remove the earlier one",
      edits: [removeLineFix(text, earlier.entry, "", false).edits[0]!],
    });
  }
  return {
    code: "duplicate-path",
    severity: "warning",
    message: `${where} already owns ${key} with other settings; systemd-tmpfiles keeps that line and ignores this one.`,
    offset: pathField.offset,
    length: pathField.length,
    related: [
      {
        ...(earlier.file !== undefined && !sameFile ? { file: earlier.file } : {}),
        offset: earlier.entry.fields.path!.offset,
        length: earlier.entry.fields.path!.length,
        message: "The line systemd keeps",
      },
    ],
    fixes,
  };
}

/** An edit that deletes a whole line with its line break. */
export function removeLineFix(text: TextLike, line: EntryLine, title: string, preferred: boolean): Fix {
  let end = line.offset + line.text.length;
  if (text.charCodeAt(end) === 13) end++;
  if (text.charCodeAt(end) === 10) end++;
  return {
    title,
    edits: [{ offset: line.offset, length: end - line.offset, newText: "" }],
    ...(preferred ? { preferred } : {}),
  };
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
