// A .nix file checked as the tmpfiles.d files NixOS makes of it: the rules of
// `systemd.tmpfiles.rules` joined by line breaks into one file (00-nixos.conf),
// and each `systemd.tmpfiles.settings.<name>` into <name>.conf, its entries in
// the order of their names (paths, then types) and each line made as NixOS's
// module makes it:
//   '<type>' '<path>' '<mode>' '<user>' '<group>' '<age>' <argument>
// with `-` for an unset mode, user, group and age, the type defaulting to the
// attribute's name, and tab, line feed, carriage return, space and backslash
// in the argument written as \xNN. All files are checked together, in the
// order of their names, as one systemd-tmpfiles run reads them from
// /etc/tmpfiles.d; every diagnostic is placed back on the .nix text.
import { compareDiagnostics, type CoreDiagnostic, type Fix, type RelatedLocation } from "../diagnostic.js";
import type { CheckOptions } from "../tmpfiles/check.js";
import { checkTree, keptSideDiagnostics, type TreeFileResult } from "../tmpfiles/tree.js";
import { LineIndex } from "../text.js";
import { findRules, type FoundRules, type NixValue, type RulesDefinition, type SettingsEntry } from "./find.js";
import { overriddenBy, overriddenDiagnostic } from "./overrides.js";
import { parseNix } from "./parse.js";
import { settingsDiagnostics } from "./settingsPriority.js";
import { placeholder } from "./strings.js";
import { VirtualText, type Span } from "./virtual.js";

export interface NixTmpfilesFile {
  /** Where NixOS puts the file: /etc/tmpfiles.d/00-nixos.conf, /etc/tmpfiles.d/<name>.conf. */
  path: string;
  /** The systemd-tmpfiles run that reads it: "" for the machine, `containers.<name>` for a NixOS container's, "initrd" for the initrd's. */
  scope: string;
  text: VirtualText;
}

const RULES_FILE = "/etc/tmpfiles.d/00-nixos.conf";

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function valueText(v: NixValue, unknown: () => string): string {
  return v.kind === "string" ? v.string.value : unknown();
}

/** The definitions of systemd.tmpfiles.rules that NixOS drops for another of the file (overrides.ts), with that one. */
function dropped(definitions: readonly RulesDefinition[]): Map<RulesDefinition, RulesDefinition> {
  const out = new Map<RulesDefinition, RulesDefinition>();
  for (const d of definitions) {
    const by = overriddenBy(d, definitions);
    if (by) out.set(d, by);
  }
  return out;
}

/** The tmpfiles.d files a .nix file's rules become, in no particular order, and the definitions NixOS drops. */
function filesAndDropped(text: string): {
  files: NixTmpfilesFile[];
  dropped: Map<RulesDefinition, RulesDefinition>;
  settings: SettingsEntry[];
} {
  const found = findRules(text, parseNix(text));
  const lost = dropped(found.definitions);
  const rules = found.rules.filter((r) => !lost.has(found.definitions[r.definition]!));
  const scopes = [...new Set([...rules.map((r) => r.scope), ...found.settings.map((e) => e.scope)])];
  const files = scopes.flatMap((scope) =>
    filesOf(
      {
        rules: rules.filter((r) => r.scope === scope),
        settings: found.settings.filter((e) => e.scope === scope),
      },
      scope,
    ),
  );
  return { files, dropped: lost, settings: found.settings };
}

/** The tmpfiles.d files a .nix file's rules become, in no particular order. */
export function nixTmpfilesFiles(text: string): NixTmpfilesFile[] {
  return filesAndDropped(text).files;
}

function filesOf(found: Omit<FoundRules, "definitions">, scope: string): NixTmpfilesFile[] {
  let unknowns = 1_000_000;
  const stand = (): string => placeholder(unknowns++);
  const files: NixTmpfilesFile[] = [];
  if (found.rules.length > 0) {
    const v = new VirtualText();
    // Stable: definitions of one order keep the order they are written in.
    const rules = [...found.rules].sort((a, b) => a.order - b.order);
    rules.forEach((r, i) => {
      if (i > 0) {
        const prev = rules[i - 1]!.string;
        v.addMade("\n", { from: prev.contentTo, to: prev.contentTo });
      }
      v.addString(r.string);
    });
    files.push({ path: RULES_FILE, scope, text: v });
  }
  const groups = new Map<string, SettingsEntry[]>();
  for (const e of found.settings) {
    const name = valueText(e.name, stand);
    groups.set(name, [...(groups.get(name) ?? []), e]);
  }
  for (const [name, entries] of groups) {
    const v = new VirtualText();
    const keyed = entries.map((e) => ({ e, path: valueText(e.path, stand), type: valueText(e.typeKey, stand) }));
    keyed.sort((a, b) => byName(a.path, b.path) || byName(a.type, b.type));
    for (const { e } of keyed) addSettingsLine(v, e);
    files.push({ path: `/etc/tmpfiles.d/${name}.conf`, scope, text: v });
  }
  return files;
}

function addValue(v: VirtualText, value: NixValue | undefined, fallback: string, anchor: Span, quoted: boolean): void {
  const at =
    value?.kind === "string"
      ? { from: value.string.contentFrom, to: value.string.contentTo }
      : value
        ? value.expr
        : anchor;
  if (quoted) v.addMade("'", { from: at.from, to: at.from });
  if (!value) v.addMade(fallback, anchor);
  else if (value.kind === "unknown") v.addMade(placeholder(0), value.expr, true);
  else if (quoted) v.addString(value.string);
  else addEscapedArgument(v, value);
  if (quoted) v.addMade("'", { from: at.to, to: at.to });
}

/** The argument as NixOS writes it: escapeC of tab, line feed, carriage return, space and backslash. */
function addEscapedArgument(v: VirtualText, value: Extract<NixValue, { kind: "string" }>): void {
  const s = value.string;
  const special = new Set(["\t", "\n", "\r", " ", "\\"]);
  let run = { ...s, value: "", from: [] as number[], to: [] as number[], kind: [] as typeof s.kind };
  const flush = (): void => {
    if (run.value.length > 0) v.addString(run);
    run = { ...s, value: "", from: [], to: [], kind: [] };
  };
  for (let i = 0; i < s.value.length; i++) {
    const c = s.value[i]!;
    if (special.has(c) && s.kind[i] !== "interpolation") {
      flush();
      v.addMade(`\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`, { from: s.from[i]!, to: s.to[i]! });
    } else {
      run.value += c;
      run.from.push(s.from[i]!);
      run.to.push(s.to[i]!);
      run.kind.push(s.kind[i]!);
    }
  }
  flush();
}

function addSettingsLine(v: VirtualText, e: SettingsEntry): void {
  const f = e.fields;
  addValue(v, f.type ?? e.typeKey, "", e.anchor, true);
  v.addMade(" ", e.anchor);
  addValue(v, e.path, "", e.anchor, true);
  for (const name of ["mode", "user", "group", "age"] as const) {
    v.addMade(" ", e.anchor);
    addValue(v, f[name], "-", e.anchor, true);
  }
  v.addMade(" ", e.anchor);
  addValue(v, f.argument, "", e.anchor, false);
  v.addMade("\n", { from: e.anchor.to, to: e.anchor.to });
}

export interface NixCheckResult {
  files: NixTmpfilesFile[];
  /** The results of the made files, in their own offsets. */
  results: TreeFileResult[];
  /** Diagnostics on the .nix text. */
  diagnostics: CoreDiagnostic[];
}

/**
 * Checks the tmpfiles.d rules of a .nix file: the machine's files as one
 * systemd-tmpfiles run, the initrd's and each NixOS container's files as a
 * run of their own.
 */
export function checkNix(
  text: string,
  options: Omit<CheckOptions, "fileName"> = {},
  /** Leaves out the machine's files, for a caller that judges them with other files (tree.ts). */
  withoutMachine = false,
): NixCheckResult {
  const { files, dropped: lost, settings } = filesAndDropped(text);
  const indexes = new Map<string, LineIndex>();
  const indexOf = (t: string): LineIndex => indexes.get(t) ?? indexes.set(t, new LineIndex(t)).get(t)!;
  const nixLine = (offset: number): number => indexOf(text).position(offset).line + 1;
  const diagnostics: CoreDiagnostic[] = [];
  const results: TreeFileResult[] = [];
  for (const scope of new Set(files.map((f) => f.scope))) {
    if (withoutMachine && scope === "") continue;
    const mine = files.filter((f) => f.scope === scope);
    const byPath = new Map(mine.map((f) => [f.path, f]));
    const run = checkTree(
      mine.map((f) => ({ path: f.path, text: f.text.text })),
      options,
    );
    const lineIn = (path: string, offset: number): number =>
      indexOf(byPath.get(path)?.text.text ?? "").position(offset).line + 1;
    const extra = keptSideDiagnostics(run, lineIn);
    for (const r of run) {
      const file = byPath.get(r.path)!;
      for (const d of [...r.diagnostics, ...(extra.get(r.path) ?? [])]) {
        const placed = placeOnNix(d, file, byPath, text, nixLine);
        if (placed) diagnostics.push(placed);
      }
    }
    results.push(...run);
  }
  for (const [d, by] of lost) diagnostics.push(overriddenDiagnostic(d, by, nixLine));
  diagnostics.push(...settingsDiagnostics(settings, nixLine));
  diagnostics.sort(compareDiagnostics);
  return { files, results, diagnostics };
}

export function placeOnNix(
  d: CoreDiagnostic,
  file: NixTmpfilesFile,
  byPath: Map<string, NixTmpfilesFile>,
  text: string,
  nixLine: (offset: number) => number,
): CoreDiagnostic | undefined {
  // A value known only when Nix evaluates it is not judged.
  if (file.text.touchesUnknown(d.offset, Math.max(d.length, 1)) && d.length > 0) return undefined;
  if (d.length === 0 && file.text.touchesUnknown(d.offset, 1)) return undefined;
  const at = file.text.span(d.offset, d.length);
  const related: RelatedLocation[] = [];
  for (const r of d.related ?? []) {
    const other = r.file === undefined ? file : byPath.get(r.file);
    // A location in another document (a tmpfiles.d file, another .nix file) is already in its own offsets.
    if (!other) {
      if (r.file !== undefined) related.push(r);
      continue;
    }
    const s = other.text.span(r.offset, r.length);
    related.push({ offset: s.from, length: s.to - s.from, message: r.message });
  }
  const fixes: Fix[] = [];
  for (const f of d.fixes ?? []) {
    const edits = f.edits.map((e) => file.text.edit(e, text));
    if (edits.every((e) => e !== undefined)) fixes.push({ ...f, edits: edits });
  }
  let message = d.message;
  if ((d.code === "duplicate-path" || d.code === "duplicate-path-elsewhere") && related[0] && !related[0].file) {
    message = message.replace(/^(line \d+|\S+:\d+) /, `line ${nixLine(related[0].offset)} `);
  }
  return {
    ...d,
    message,
    offset: at.from,
    length: at.to - at.from,
    ...(d.related ? { related } : {}),
    ...(d.fixes ? { fixes } : {}),
  };
}
