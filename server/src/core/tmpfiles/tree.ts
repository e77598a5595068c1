/**
 * A set of tmpfiles.d files read as systemd-tmpfiles reads its directories:
 * files are taken in order of their names, whatever directory they are in;
 * of several files with one name only the one in the directory of highest
 * precedence (/etc, /run, /usr/local/lib, /usr/lib) is read; lines of earlier
 * files win over later ones.
 */
import type { CoreDiagnostic } from "../diagnostic.js";
import { checkTmpfiles, type CheckOptions, type CheckResult, type LineLocation } from "./check.js";
import { PathTable } from "./duplicates.js";
import { tooLargeDiagnostic } from "../tooLarge.js";

export interface TreeFile {
  path: string;
  text: string;
  /** Set for a file not read because it is larger than LARGEST_CHECKED_BYTES (core/tooLarge.ts): its size when known, and `text` is empty. */
  tooLarge?: { bytes?: number };
  /**
   * Set for a part of a file that NixOS joins from the definitions of several
   * modules (00-nixos.conf, a settings name): parts of one name do not mask
   * each other and are read one after the other, in the order given.
   */
  part?: boolean;
}

export interface TreeFileResult {
  path: string;
  /** Undefined for a file that is not read: masked, or too large. */
  result?: CheckResult;
  diagnostics: CoreDiagnostic[];
  maskedBy?: string;
}

/** The one diagnostic of a file that systemd does not read because `winner`, of the same name, masks it. */
export function maskedFileDiagnostic(winner: string): CoreDiagnostic {
  return {
    code: "masked-file",
    severity: "information",
    message: `${winner} has the same name in a directory of higher precedence; systemd-tmpfiles reads that file, not this one.`,
    offset: 0,
    length: 0,
    related: [{ file: winner, offset: 0, length: 0, message: "The file systemd reads instead" }],
  };
}

const PRECEDENCE = [
  "/etc/tmpfiles.d/",
  "/run/tmpfiles.d/",
  "/usr/local/lib/tmpfiles.d/",
  "/usr/lib/tmpfiles.d/",
  "/lib/tmpfiles.d/",
];

/** Rank of a file's directory: lower wins. Files outside the known directories rank after them. */
function precedenceOf(path: string): number {
  const norm = path.replace(/\\/g, "/");
  const dir = norm.slice(0, norm.lastIndexOf("/") + 1);
  for (let i = 0; i < PRECEDENCE.length; i++)
    if (dir.endsWith(PRECEDENCE[i]!) || ("/" + dir).endsWith(PRECEDENCE[i]!)) return i;
  return PRECEDENCE.length;
}

function baseName(path: string): string {
  const norm = path.replace(/\\/g, "/");
  return norm.slice(norm.lastIndexOf("/") + 1);
}

/** Orders files as systemd reads them and marks the masked ones. */
export function orderTree<F extends { path: string; part?: boolean }>(files: F[]): { file: F; maskedBy?: F }[] {
  // A file given alone (as each file of the command line is) masks nothing and is masked by nothing.
  if (files.length === 1) return [{ file: files[0]! }];
  const winners = new Map<string, F>();
  for (const f of files) {
    const b = baseName(f.path);
    const w = winners.get(b);
    if (!w || precedenceOf(f.path) < precedenceOf(w.path)) winners.set(b, f);
  }
  // Parts of one joined file, in the same directory, are that one file.
  const joined = (a: F, b: F): boolean =>
    a.part === true && b.part === true && precedenceOf(a.path) === precedenceOf(b.path);
  const given = new Map(files.map((f, i) => [f, i]));
  const sorted = [...files].sort((a, b) => {
    const x = baseName(a.path);
    const y = baseName(b.path);
    if (x !== y) return x < y ? -1 : 1;
    if (joined(a, b)) return given.get(a)! - given.get(b)!;
    return precedenceOf(a.path) - precedenceOf(b.path) || (a.path < b.path ? -1 : 1);
  });
  return sorted.map((file) => {
    const w = winners.get(baseName(file.path))!;
    return w === file || joined(w, file) ? { file } : { file, maskedBy: w };
  });
}

/**
 * The diagnostic on the path of a kept line (`kept`, in its own file) that
 * a line of another file sets again and systemd ignores (`dropped`).
 */
export function duplicateElsewhereDiagnostic(
  kept: { offset: number; length: number },
  dropped: { file: string; line: number; offset: number; length: number },
): CoreDiagnostic {
  return {
    code: "duplicate-path-elsewhere",
    severity: "information",
    message: `${dropped.file}:${dropped.line} sets this path again with other settings; systemd-tmpfiles keeps this line and ignores that one.`,
    offset: kept.offset,
    length: kept.length,
    related: [
      { file: dropped.file, offset: dropped.offset, length: dropped.length, message: "The line systemd ignores" },
    ],
  };
}

/**
 * The other side of a conflict between files: the line systemd keeps learns
 * of the later line it makes systemd ignore. Returns new diagnostics by file.
 */
export function keptSideDiagnostics(
  results: { path: string; diagnostics: CoreDiagnostic[] }[],
  lineOf: (path: string, offset: number) => number,
): Map<string, CoreDiagnostic[]> {
  const out = new Map<string, CoreDiagnostic[]>();
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.code !== "duplicate-path") continue;
      const rel = d.related?.[0];
      if (!rel?.file || rel.file === r.path) continue;
      const list = out.get(rel.file) ?? [];
      list.push(
        duplicateElsewhereDiagnostic(rel, {
          file: r.path,
          line: lineOf(r.path, d.offset),
          offset: d.offset,
          length: d.length,
        }),
      );
      out.set(rel.file, list);
    }
  }
  return out;
}

/**
 * Checks the files of one tree in systemd's order, masked files left out.
 * With `table`, their kept lines go into a table shared with other files
 * checked before and after (as one systemd-tmpfiles run reads them all).
 */
export function checkTree(
  files: TreeFile[],
  options: Omit<CheckOptions, "fileName"> = {},
  table = new PathTable<LineLocation>(),
): TreeFileResult[] {
  const out: TreeFileResult[] = [];
  for (const { file, maskedBy } of orderTree(files)) {
    if (maskedBy) {
      out.push({ path: file.path, maskedBy: maskedBy.path, diagnostics: [maskedFileDiagnostic(maskedBy.path)] });
      continue;
    }
    if (file.tooLarge) {
      out.push({ path: file.path, diagnostics: [tooLargeDiagnostic(file.tooLarge.bytes)] });
      continue;
    }
    const result = checkTmpfiles(file.text, { ...options, fileName: file.path }, table);
    out.push({ path: file.path, result, diagnostics: result.diagnostics });
  }
  return out;
}
