/** The argument of t and T lines: NAME=VALUE words, quoted as fields are. */
import { readWord } from "../parse.js";

export interface XattrProblem {
  at: number;
  length: number;
  message: string;
}

export interface Xattr {
  name: string;
  value: string;
  at: number;
  length: number;
}

export function splitXattrs(arg: string, escapes = true): { xattrs: Xattr[]; problems: XattrProblem[] } {
  const xattrs: Xattr[] = [];
  const problems: XattrProblem[] = [];
  let pos = 0;
  for (;;) {
    const w = readWord(arg, pos, escapes);
    if (w === undefined) break;
    if ("problem" in w) {
      problems.push({
        at: w.offset,
        length: w.length,
        message: `The extended attributes cannot be split (${w.problem}) from here on`,
      });
      break;
    }
    pos = w.next;
    const eq = w.value.indexOf("=");
    const len = w.end - w.start;
    if (eq === -1) problems.push({ at: w.start, length: len, message: `'${w.value}' is not NAME=VALUE` });
    else if (eq === 0 || eq === w.value.length - 1)
      problems.push({ at: w.start, length: len, message: `'${w.value}' has an empty name or value` });
    else xattrs.push({ name: w.value.slice(0, eq), value: w.value.slice(eq + 1), at: w.start, length: len });
  }
  return { xattrs, problems };
}

export function parseXattrs(arg: string): XattrProblem[] {
  return splitXattrs(arg).problems;
}
