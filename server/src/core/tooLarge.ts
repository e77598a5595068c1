/**
 * Files too large to check line by line. Real tmpfiles.d files hold a few to
 * a hundred lines (the largest of some 670 in the wild is under 4 KB); a
 * file of megabytes is a log, a dump or a generated file put there by
 * mistake, and checking it line by line in the background (the language
 * server's workspace index) or in `check` costs seconds and hundreds of
 * megabytes for nothing. Such a file is not read: it gets one diagnostic,
 * the same in `check` and the language server. The limit is twice the size
 * of a 100,000-line file (3.9 MB), so such a file is still checked; an open
 * document is checked whatever its size (its text is in memory already).
 */
import type { CoreDiagnostic } from "./diagnostic.js";

/** The largest tmpfiles.d file read from disk and checked line by line: 8 MiB. */
export const LARGEST_CHECKED_BYTES = 8 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * The one diagnostic of a file not read because it is larger than
 * LARGEST_CHECKED_BYTES (code `too-large`, at its start). `bytes` is its
 * size when known (a file of /proc reports none).
 */
export function tooLargeDiagnostic(bytes?: number): CoreDiagnostic {
  const size = bytes !== undefined ? ` (${(bytes / MIB).toFixed(1)} MiB)` : "";
  return {
    code: "too-large",
    severity: "warning",
    message: `This file is larger than ${LARGEST_CHECKED_BYTES / MIB} MiB${size}, the most checked line by line: its lines are not checked. systemd-tmpfiles reads it all the same.`,
    offset: 0,
    length: 0,
  };
}
