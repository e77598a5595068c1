/**
 * tmpfiles.d files kept between versions of their text, so that an edit
 * costs what it touches, not what the file holds: only the lines an edit
 * changed are split, parsed and checked again, and the table of paths is
 * updated only for the paths those lines name.
 *
 * A line's verdict depends only on its text and the settings; the one rule
 * that looks across lines (a later line on a path an earlier line owns is
 * dropped) depends only on the lines with the same path. So each file keeps
 * its lines as records (text, offset, the checked result relative to the
 * line), and the tree keeps, for every path, the records that name it in
 * systemd's order; an edit re-decides only those paths.
 *
 * The results are those of `checkTree` (and of `checkTmpfiles` for a file on
 * its own) for the same texts; a property test holds the two to that.
 */
import { compareDiagnostics, type CoreDiagnostic } from "../diagnostic.js";
import { lastAtOrBefore, type TextLike } from "../text.js";
import { SINCE } from "../versions.js";
import { notTextDiagnostic } from "../notText.js";
import { tooLargeDiagnostic } from "../tooLarge.js";
import type { Item, LineContext } from "./analyzeLine.js";
import {
  duplicateDiagnostic,
  isLongLine,
  lineContext,
  lineSettingsKey,
  longLineDiagnostic,
  type CheckOptions,
  type CheckResult,
  type LineLocation,
} from "./check.js";
import { classOf, conflicts } from "./duplicates.js";
import { analyzeLineText, placeDiagnostic } from "./keptLine.js";
import {
  lineContentEnd,
  skipLineBreak,
  parseLine,
  type EntryLine,
  type TmpfilesDocument,
  type TmpfilesLine,
} from "./parse.js";
import { maskedFileDiagnostic, orderTree } from "./tree.js";
import { NEWEST_VERSION } from "../versions.js";

/** Where a text differs from the one before: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The range in which two texts differ (common prefix and suffix left out). */
export function diffRange(a: TextLike, b: TextLike): TextChange {
  const n = Math.min(a.length, b.length);
  let s = 0;
  while (s < n && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { start: s, oldEnd: ea, newEnd: eb };
}

/** Adds a change of the current text to changes made since a base text: the one change from the base to the result. */
export function composeChanges(
  before: TextChange | undefined,
  start: number,
  end: number,
  insertedLength: number,
): TextChange {
  if (!before) return { start, oldEnd: end, newEnd: start + insertedLength };
  const d = insertedLength - (end - start);
  return {
    start: Math.min(before.start, start),
    oldEnd: before.oldEnd + Math.max(0, end - before.newEnd),
    newEnd: Math.max(before.newEnd, end) + d,
  };
}

/** A path of one of the two tables: "p" or "g", then the path. */
type Slot = string;
const slotOf = (item: Item): Slot => (item.glob ? "g" : "p") + item.key;

const OTHER = 0;
const ENTRY = 1;
const LONG = 2;

interface Setup {
  key: string;
  escapes: boolean;
  ctx: LineContext;
}

const LISTED = 4;
const GONE = 8;
const HAS_ITEM = 16;
const GLOB = 32;
const OWNS = 64;
const APPEND = 128;

/**
 * One line of a file as systemd splits it, kept between versions. A file of
 * 100,000 lines keeps 100,000 of these, so a record is small: it holds its
 * findings itself (not in a result object), is its own item when systemd
 * keeps the line (the item's flags packed with the kind in one number), and
 * keeps no text of its own: its text is read from the file's current text at
 * its start (a piece kept per line would keep alive the whole version of the
 * text it was cut from).
 */
export class LineRecord implements Item {
  /** The earlier kept line (of this file or an earlier one) that makes systemd drop this one. */
  dupOf: LineRecord | undefined = undefined;
  /** The kind (OTHER, ENTRY or LONG), LISTED, GONE, and the item's flags. */
  private bits: number;
  /** For entry lines: diagnostics relative to the line's start. */
  readonly diagnostics: CoreDiagnostic[] | undefined;
  /** The item's fields ("" for a line systemd does not keep). */
  readonly type: string;
  readonly key: string;
  readonly signature: string;
  constructor(
    readonly file: FileLines,
    public index: number,
    public start: number,
    kind: number,
    diagnostics?: CoreDiagnostic[],
    item?: Item,
  ) {
    this.bits = item
      ? kind | HAS_ITEM | (item.glob ? GLOB : 0) | (item.takesOwnership ? OWNS : 0) | (item.append ? APPEND : 0)
      : kind;
    this.diagnostics = diagnostics;
    this.type = item ? item.type : "";
    this.key = item ? item.key : "";
    this.signature = item ? item.signature : "";
  }

  /** For entry lines that systemd keeps: the item (the record itself). */
  get item(): Item | undefined {
    return (this.bits & HAS_ITEM) !== 0 ? this : undefined;
  }
  /** The item as a plain object of its own, for results that outlive the record. */
  plainItem(): Item {
    return {
      type: this.type,
      key: this.key,
      glob: this.glob,
      takesOwnership: this.takesOwnership,
      append: this.append,
      signature: this.signature,
    };
  }
  get glob(): boolean {
    return (this.bits & GLOB) !== 0;
  }
  get takesOwnership(): boolean {
    return (this.bits & OWNS) !== 0;
  }
  get append(): boolean {
    return (this.bits & APPEND) !== 0;
  }

  get kind(): number {
    return this.bits & 3;
  }

  /** The line's text, without its line break (only while the record is current: a gone record's start is of an older text). */
  get text(): string {
    const t = this.file.text;
    return t.slice(this.start, lineContentEnd(t, this.start));
  }

  /** Whether the record is in the tree's table of paths. */
  get listed(): boolean {
    return (this.bits & LISTED) !== 0;
  }
  set listed(on: boolean) {
    this.bits = on ? this.bits | LISTED : this.bits & ~LISTED;
  }

  /** Set when an edit replaced the line. */
  get gone(): boolean {
    return (this.bits & GONE) !== 0;
  }
  set gone(on: boolean) {
    this.bits = on ? this.bits | GONE : this.bits & ~GONE;
  }

  /** Whether the line has anything to report. */
  get flagged(): boolean {
    return (
      this.dupOf !== undefined || this.kind === LONG || (this.diagnostics !== undefined && this.diagnostics.length > 0)
    );
  }

  /** The line parsed at its place in the current text. */
  parsed(): TmpfilesLine {
    return parseLine(this.text, this.index, this.start, this.file.escapes);
  }

  location(): LineLocation {
    return { ...(this.file.name !== undefined ? { file: this.file.name } : {}), entry: this.parsed() as EntryLine };
  }
}

/** The lines of one file. */
export class FileLines {
  text: TextLike = "";
  /** A file that is not text (core/notText.ts) or too large (core/tooLarge.ts): its one diagnostic and its text; no line of it is read, and the records are those of an empty text. */
  unread: CoreDiagnostic | undefined;
  unreadText = "";
  records: LineRecord[] = [];
  /** The records with something to report, in order: a re-check assembles the diagnostics from these alone. */
  private flagged: LineRecord[] = [];
  /** Position of the file in systemd's order within its tree. */
  order = 0;
  /** Records systemd reads: all of them, or up to the first line that is too long. */
  readCount = 0;
  private longCount = 0;
  /** Records of this file dropped because of a line of another file. */
  readonly droppedByOthers = new Set<LineRecord>();
  /** Records of other files dropped because of a line of this one. */
  readonly droppingOthers = new Set<LineRecord>();
  private doc: TmpfilesDocument | undefined;
  private diags: CoreDiagnostic[] | undefined;

  constructor(
    readonly name: string | undefined,
    private readonly setup: Setup,
  ) {}

  get escapes(): boolean {
    return this.setup.escapes;
  }

  /** Whether a line is too long for systemd (it stops reading the file there). */
  get hasLong(): boolean {
    return this.longCount > 0;
  }

  /** The first flagged record at or after a line index. */
  private flaggedFrom(index: number): number {
    const f = this.flagged;
    let lo = 0;
    let hi = f.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid]!.index < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Puts a record in or out of the flagged list after its verdict changed. */
  reflag(r: LineRecord): void {
    if (r.gone) return;
    const at = this.flaggedFrom(r.index);
    const present = this.flagged[at] === r;
    if (r.flagged && !present) this.flagged.splice(at, 0, r);
    else if (!r.flagged && present) this.flagged.splice(at, 1);
  }

  /** The last record that starts at or before an offset. */
  recordAt(offset: number): number {
    const recs = this.records;
    return lastAtOrBefore(recs.length, (k) => recs[k]!.start, offset);
  }

  /**
   * Brings the records up to `text`. `change` says where it differs from the
   * text of the last update (found by comparing the texts when not given).
   * Returns the records that left and the records that came.
   */
  update(text: TextLike, change?: TextChange): { removed: LineRecord[]; added: LineRecord[] } {
    const recs = this.records;
    const fresh = recs.length === 0;
    if (!fresh && !change) {
      if (text === this.text) return { removed: [], added: [] };
      change = diffRange(this.text, text);
    }
    this.doc = undefined;
    this.diags = undefined;
    const c = change ?? { start: 0, oldEnd: 0, newEnd: text.length };
    // Re-split from the start of the line the change begins in; from the line
    // before when it begins right at a line's start (a break character typed
    // there can join the previous line's break).
    let a = 0;
    if (!fresh) {
      const i0 = this.recordAt(c.start);
      a = c.start > recs[i0]!.start || i0 === 0 ? i0 : i0 - 1;
    }
    const delta = c.newEnd - c.oldEnd;
    // Split until a line starts, at or after the change, where an old line
    // started: from there on the text and so the lines are the old ones.
    const spans: number[] = [];
    const len = text.length;
    let i = fresh ? 0 : recs[a]!.start;
    let j = a;
    let sync = recs.length;
    for (;;) {
      if (!fresh && i >= c.newEnd) {
        const q = i - delta;
        while (j < recs.length && recs[j]!.start < q) j++;
        if (j < recs.length && recs[j]!.start === q) {
          sync = j;
          break;
        }
      }
      const start = i;
      i = lineContentEnd(text, i);
      spans.push(start, i);
      i = skipLineBreak(text, i);
      if (i >= len) break;
    }
    const removed = recs.slice(a, sync);
    // Lines whose text is unchanged keep their results.
    let reuse: Map<string, LineRecord> | undefined;
    if (removed.length > 8) {
      reuse = new Map();
      for (const r of removed) reuse.set(r.text, r);
    }
    const find = (t: string): LineRecord | undefined => {
      if (reuse) return reuse.get(t);
      for (const r of removed) if (r.text === t) return r;
      return undefined;
    };
    const added: LineRecord[] = [];
    for (let k = 0; k < spans.length; k += 2) {
      const raw = text.slice(spans[k], spans[k + 1]);
      const old = find(raw);
      let kind = OTHER;
      let diagnostics: CoreDiagnostic[] | undefined;
      let item: Item | undefined;
      if (old) {
        kind = old.kind;
        diagnostics = old.diagnostics;
        item = old.item;
      } else if (isLongLine(raw)) kind = LONG;
      else {
        const e = analyzeLineText(raw, this.setup.escapes, this.setup.ctx);
        if (e.result) {
          kind = ENTRY;
          diagnostics = e.result.diagnostics;
          item = e.result.item;
        }
      }
      added.push(new LineRecord(this, a + k / 2, spans[k]!, kind, diagnostics, item));
    }
    for (const r of removed) r.gone = true;
    // The flagged records of the replaced lines make way for those of the new ones.
    const from = this.flaggedFrom(a);
    const to = this.flaggedFrom(sync);
    const newFlagged = added.filter((r) => r.flagged);
    if (newFlagged.length < 1000) {
      if (to > from || newFlagged.length) this.flagged.splice(from, to - from, ...newFlagged);
    } else this.flagged = this.flagged.slice(0, from).concat(newFlagged, this.flagged.slice(to));
    // Later lines move.
    const dIndex = added.length - removed.length;
    if (delta !== 0 || dIndex !== 0) {
      for (let k = sync; k < recs.length; k++) {
        const r = recs[k]!;
        r.start += delta;
        r.index += dIndex;
      }
    }
    if (added.length + removed.length < 1000) recs.splice(a, removed.length, ...added);
    else this.records = recs.slice(0, a).concat(added, recs.slice(sync));
    this.text = text;
    for (const r of removed) if (r.kind === LONG) this.longCount--;
    for (const r of added) if (r.kind === LONG) this.longCount++;
    this.readCount = this.records.length;
    if (this.longCount > 0) {
      const all = this.records;
      for (let k = 0; k < all.length; k++) {
        if (all[k]!.kind === LONG) {
          this.readCount = k + 1;
          break;
        }
      }
    }
    return { removed, added };
  }

  /** Forgets what was assembled for the current text (the verdicts of its lines changed). */
  invalidate(): void {
    this.diags = undefined;
  }

  /** The diagnostics of `checkTmpfiles` for this file, in the tree as it stands. */
  diagnostics(): CoreDiagnostic[] {
    if (this.diags) return this.diags;
    const out: CoreDiagnostic[] = [];
    this.eachDiagnostic((d, lineStart) => out.push(lineStart === undefined ? d : placeDiagnostic(d, lineStart)));
    this.diags = out;
    return out;
  }

  /**
   * Each diagnostic of `diagnostics()`, in its order, as it is kept: a line's
   * own finding relative to the line, with the offset the line starts at
   * (`diagnostics()` places it there), or one placed already (undefined).
   * A line's kept findings are the same objects from one edit to the next
   * while its text is the same, so a caller can reuse what it made of them.
   */
  eachDiagnostic(each: (d: CoreDiagnostic, lineStart: number | undefined) => void): void {
    for (const r of this.flagged) {
      if (r.index >= this.readCount) break;
      if (r.kind === LONG) {
        each(longLineDiagnostic(r.start, r.text), undefined);
        break;
      }
      const ds = r.diagnostics;
      if (!ds) continue;
      if (r.dupOf === undefined) {
        for (const d of ds.length > 1 ? [...ds].sort(compareDiagnostics) : ds) each(d, r.start);
        continue;
      }
      const line: CoreDiagnostic[] = ds.map((d) => placeDiagnostic(d, r.start));
      line.push(duplicateDiagnostic(r.parsed() as EntryLine, r.dupOf.location(), r.item!.key, this.name, this.text));
      line.sort(compareDiagnostics);
      for (const d of line) each(d, undefined);
    }
  }

  /** The document as `parseTmpfiles` reads it (up to a line that is too long), made when first asked for. */
  document(): TmpfilesDocument {
    if (this.unread) return { text: this.unreadText, lines: [] };
    if (!this.doc) {
      const lines: TmpfilesLine[] = [];
      for (let k = 0; k < this.readCount; k++) {
        const r = this.records[k]!;
        lines.push(r.kind === LONG ? { kind: "blank", line: k, offset: r.start, text: r.text } : r.parsed());
      }
      this.doc = { text: String(this.text), lines };
    }
    return this.doc;
  }

  /** The lines systemd keeps, with their items. */
  items(): CheckResult["items"] {
    const out: CheckResult["items"] = [];
    for (let k = 0; k < this.readCount; k++) {
      const r = this.records[k]!;
      if (r.item && r.dupOf === undefined) out.push({ item: r.plainItem(), entry: r.parsed() as EntryLine });
    }
    return out;
  }

  /** The parsed line whose text holds an offset, alone in a document (enough for hover). */
  lineDocument(offset: number): TmpfilesDocument {
    if (this.unread) return this.document();
    if (this.doc) return this.doc;
    const k = this.recordAt(offset);
    const r = this.records[k];
    return {
      text: String(this.text),
      lines:
        r && k < this.readCount
          ? [r.kind === LONG ? { kind: "blank", line: k, offset: r.start, text: r.text } : r.parsed()]
          : [],
    };
  }
}

export interface TreeInput {
  path: string;
  /** The text (a string, or pieces read as one: see TextLike). */
  text: TextLike;
  /** Where the text differs from the one given last time, when known. */
  change?: TextChange;
  /** As in TreeFile: a file not read because it is too large. */
  tooLarge?: { bytes?: number };
  /** As in TreeFile: a part of a file NixOS joins from several modules. */
  part?: boolean;
}

export interface TreeFileState {
  path: string;
  maskedBy?: string;
  /** Undefined for a masked file. */
  lines?: FileLines;
  diagnostics: CoreDiagnostic[];
}

/**
 * The files of one systemd tree (or one file on its own), checked as
 * `checkTree` checks them, kept between updates.
 */
export class TmpfilesTree {
  readonly settingsKey: string;
  private readonly setup: Setup;
  private readonly files = new Map<string, FileLines>();
  private masked = new Map<string, string>();
  private orderKey = "";
  /** systemd's two tables of paths (plain and glob), each path with its records in systemd's order (one record alone is not wrapped in a list). */
  private readonly plain = new Map<string, LineRecord | LineRecord[]>();
  private readonly globs = new Map<string, LineRecord | LineRecord[]>();

  constructor(options: Omit<CheckOptions, "fileName" | "cache"> = {}) {
    const version = options.systemdVersion ?? NEWEST_VERSION;
    this.settingsKey = lineSettingsKey(options);
    this.setup = { key: this.settingsKey, escapes: version >= SINCE.escapesInFields, ctx: lineContext(options) };
  }

  /** The key of the settings a tree is made for: a tree serves only checks with the same key. */
  static keyOf(options: Omit<CheckOptions, "fileName" | "cache">): string {
    return lineSettingsKey(options);
  }

  /**
   * Brings the tree up to these files (each path once). Returns the paths
   * whose diagnostics may have changed (every path on the first update).
   */
  update(inputs: TreeInput[]): Set<string> {
    const touched = new Set<string>();
    const ordered = orderTree(inputs);
    const orderKey = ordered.map((o) => `${o.file.path}\u0000${o.maskedBy?.path ?? ""}`).join("\u0001");
    const structural = orderKey !== this.orderKey;
    this.orderKey = orderKey;
    const read = new Set(ordered.filter((o) => !o.maskedBy).map((o) => o.file.path));
    // Files that left, or that are masked now: their lines leave the table.
    for (const [path, fl] of this.files) {
      if (read.has(path)) continue;
      this.unlistFile(fl, touched);
      this.files.delete(path);
      touched.add(path);
    }
    this.masked = new Map();
    const changed: { fl: FileLines; removed: LineRecord[]; added: LineRecord[]; hadLong: boolean }[] = [];
    let order = 0;
    for (const { file, maskedBy } of ordered) {
      const input = file;
      if (maskedBy) {
        this.masked.set(input.path, maskedBy.path);
        touched.add(input.path);
        continue;
      }
      let fl = this.files.get(input.path);
      if (!fl) {
        fl = new FileLines(input.path, this.setup);
        this.files.set(input.path, fl);
      }
      fl.order = order++;
      const hadLong = fl.hasLong;
      // A binary or too large file is one diagnostic (as checkTree gives) and holds no lines: it is kept as an empty text.
      const unread = input.tooLarge ? tooLargeDiagnostic(input.tooLarge.bytes) : notTextDiagnostic(input.text);
      const before = fl.unread;
      fl.unread = unread;
      fl.unreadText = unread ? String(input.text) : "";
      const d = unread ? fl.update("", undefined) : fl.update(input.text, before ? undefined : input.change);
      if (before?.message !== unread?.message) touched.add(input.path);
      if (d.removed.length || d.added.length) {
        changed.push({ fl, ...d, hadLong });
        touched.add(input.path);
      }
    }
    const lists = new Set<Slot>();
    if (structural) {
      this.plain.clear();
      this.globs.clear();
      for (const { removed } of changed) {
        for (const r of removed) {
          r.listed = false;
          this.setDup(r, undefined, touched);
        }
      }
      for (const fl of this.files.values()) {
        fl.records.forEach((r, k) => {
          r.listed = false;
          if (k >= fl.readCount) this.setDup(r, undefined, touched);
        });
        touched.add(fl.name!);
      }
      const files = [...this.files.values()].sort((x, y) => x.order - y.order);
      for (const fl of files) for (let k = 0; k < fl.readCount; k++) this.list(fl.records[k]!, undefined);
      for (const table of [this.plain, this.globs]) {
        for (const there of table.values()) {
          if (Array.isArray(there)) this.settleList(there, touched);
          else this.setDup(there, undefined, touched);
        }
      }
    } else {
      for (const { fl, removed, added, hadLong } of changed) {
        for (const r of removed) this.unlist(r, lists, touched);
        if (hadLong || fl.hasLong) {
          // A line too long was involved: which lines systemd reads may have changed.
          for (let k = 0; k < fl.records.length; k++) {
            const r = fl.records[k]!;
            if (k < fl.readCount) {
              if (!r.listed) this.list(r, lists);
            } else if (r.listed) this.unlist(r, lists, touched);
          }
        } else for (const r of added) this.list(r, lists);
      }
    }
    for (const slot of lists) this.settle(slot, touched);
    // Messages name lines of other files by number and offset: a file that
    // changed changes what its partners in cross-file conflicts say.
    for (const { fl } of changed) {
      for (const r of fl.droppedByOthers) if (r.dupOf) touched.add(r.dupOf.file.name!);
      for (const r of fl.droppingOthers) touched.add(r.file.name!);
    }
    for (const path of touched) this.files.get(path)?.invalidate();
    return touched;
  }

  /**
   * The same as `update`, in steps of about `stepChars` characters for the
   * caller to run between other work (a generator: each `next()` does one
   * step; the last returns what `update` returns). A file new to the tree
   * comes in a piece at a time, each piece ending at a line break; every
   * step is an ordinary update of the texts so far, so the tree is whole
   * between steps (another update may come between two) and the last step
   * leaves it as `update(inputs)` would.
   */
  *updateInSteps(inputs: TreeInput[], stepChars = 65_536): Generator<void, Set<string>, void> {
    const large = inputs.filter(
      (i) => !this.files.has(i.path) && !i.tooLarge && i.text.length > stepChars && !notTextDiagnostic(i.text),
    );
    if (large.length === 0) return this.update(inputs);
    const touched = new Set<string>();
    const cut = new Map<string, number>(large.map((i) => [i.path, 0]));
    const given = new Map<string, TextLike>();
    let rest = inputs;
    for (;;) {
      let left = false;
      const step = rest.map((input): TreeInput => {
        const from = cut.get(input.path);
        if (from === undefined || from === input.text.length) return input;
        // A file new to the tree is read as one string (made once: see PieceText.toString).
        const whole = String(input.text);
        const nl = whole.indexOf("\n", from + stepChars);
        const to = nl < 0 ? whole.length : nl + 1;
        cut.set(input.path, to);
        if (to < whole.length) left = true;
        const text = to === whole.length ? input.text : whole.slice(0, to);
        // The piece is appended to the text of the last step, unless another update came between.
        const appended = from > 0 && this.files.get(input.path)?.text === given.get(input.path);
        given.set(input.path, text);
        return {
          path: input.path,
          text,
          ...(appended ? { change: { start: from, oldEnd: from, newEnd: to } } : {}),
          ...(input.part ? { part: true } : {}),
        };
      });
      for (const path of this.update(step)) touched.add(path);
      if (!left) return touched;
      // What changed in the other files was taken in by the first step.
      rest = inputs.map((i) =>
        i.change
          ? {
              path: i.path,
              text: i.text,
              ...(i.tooLarge ? { tooLarge: i.tooLarge } : {}),
              ...(i.part ? { part: true } : {}),
            }
          : i,
      );
      yield;
    }
  }

  /** The state of a file after the last update. */
  file(path: string): TreeFileState | undefined {
    const maskedBy = this.masked.get(path);
    if (maskedBy !== undefined) {
      return {
        path,
        maskedBy,
        diagnostics: [maskedFileDiagnostic(maskedBy)],
      };
    }
    const lines = this.files.get(path);
    if (!lines) return undefined;
    return {
      path,
      lines,
      // Placed when read: a caller that reads the lines' findings as kept (FileLines.eachDiagnostic) never places them all.
      get diagnostics() {
        return lines.unread ? [lines.unread] : lines.diagnostics();
      },
    };
  }

  /** Lines of other files that systemd drops because of lines of this file, in systemd's order. */
  droppedElsewhere(path: string): { dropped: LineRecord; kept: LineRecord }[] {
    const fl = this.files.get(path);
    if (!fl) return [];
    return [...fl.droppingOthers]
      .sort((x, y) => x.file.order - y.file.order || x.index - y.index)
      .map((dropped) => ({ dropped, kept: dropped.dupOf! }));
  }

  private tableOf(item: Item): Map<string, LineRecord | LineRecord[]> {
    return item.glob ? this.globs : this.plain;
  }

  private list(r: LineRecord, lists: Set<Slot> | undefined): void {
    const item = r.item;
    if (!item) return;
    const table = this.tableOf(item);
    const there = table.get(item.key);
    r.listed = true;
    lists?.add(slotOf(item));
    if (there === undefined) {
      table.set(item.key, r);
      return;
    }
    const list = Array.isArray(there) ? there : [there];
    if (list !== there) table.set(item.key, list);
    // Keep systemd's order: by file, then by line.
    let at = list.length;
    while (at > 0) {
      const p = list[at - 1]!;
      if (p.file.order < r.file.order || (p.file === r.file && p.index < r.index)) break;
      at--;
    }
    list.splice(at, 0, r);
  }

  private unlist(r: LineRecord, lists: Set<Slot>, touched: Set<string>): void {
    if (!r.listed) return;
    r.listed = false;
    this.setDup(r, undefined, touched);
    const item = r.item!;
    const table = this.tableOf(item);
    const there = table.get(item.key);
    if (there === undefined) return;
    if (!Array.isArray(there)) {
      if (there === r) table.delete(item.key);
      return;
    }
    const at = there.indexOf(r);
    if (at >= 0) there.splice(at, 1);
    if (there.length === 1) table.set(item.key, there[0]!);
    else if (there.length === 0) table.delete(item.key);
    lists.add(slotOf(item));
  }

  private unlistFile(fl: FileLines, touched: Set<string>): void {
    const lists = new Set<Slot>();
    for (const r of fl.records) this.unlist(r, lists, touched);
    for (const slot of lists) this.settle(slot, touched);
  }

  /** Decides again, as systemd's table does, which lines of one path are kept. */
  private settle(slot: Slot, touched: Set<string>): void {
    const there = (slot.charCodeAt(0) === 103 ? this.globs : this.plain).get(slot.slice(1));
    if (there === undefined) return;
    if (!Array.isArray(there)) this.setDup(there, undefined, touched);
    else this.settleList(there, touched);
  }

  private settleList(list: LineRecord[], touched: Set<string>): void {
    // The first kept line of each class stands for its class (see PathTable): many identical lines stay linear.
    const firsts = new Map<string, LineRecord>();
    for (const r of list) {
      const item = r.item!;
      let dup: LineRecord | undefined;
      for (const k of firsts.values()) {
        if (conflicts(k.item!, item)) {
          dup = k;
          break;
        }
      }
      this.setDup(r, dup, touched);
      if (!dup) {
        const cls = classOf(item);
        if (!firsts.has(cls)) firsts.set(cls, r);
      }
    }
  }

  private setDup(r: LineRecord, dup: LineRecord | undefined, touched: Set<string>): void {
    const before = r.dupOf;
    if (before === dup) return;
    if (before) {
      touched.add(before.file.name!);
      if (before.file !== r.file) {
        before.file.droppingOthers.delete(r);
        r.file.droppedByOthers.delete(r);
      }
    }
    if (dup) {
      touched.add(dup.file.name!);
      if (dup.file !== r.file) {
        dup.file.droppingOthers.add(r);
        r.file.droppedByOthers.add(r);
      }
    }
    r.dupOf = dup;
    r.file.reflag(r);
    touched.add(r.file.name!);
  }
}
