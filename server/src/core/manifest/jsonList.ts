/**
 * A strict JSON list read a group of members at a time. JSON.parse of a
 * whole 100,000-entry manifest holds every entry's object at once (tens of
 * megabytes, kept alive through collections until the last one is read);
 * parsed in groups, each group's objects die young and only what the reader
 * keeps of them stays. The values seen are the ones JSON.parse of the whole
 * text gives, in order.
 */
import { MAX_JSON_DEPTH } from "./depth.js";

/** Members parsed by one JSON.parse: large enough that the call's cost is shared, small enough to die young. */
const GROUP = 256;

const isJsonSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Whether the text from `from` up to `to` is JSON whitespace only. */
function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isJsonSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * The offsets of a list's opening bracket, of every comma between its
 * members and of its closing bracket, when the text is one JSON list and
 * nothing else (whitespace aside) that nests at most `max` levels; undefined
 * when it is not. Only the brackets and strings are looked at here: that the
 * members are JSON is for JSON.parse to say.
 */
function memberBounds(text: string, max: number): number[] | undefined {
  const n = text.length;
  let i = 0;
  while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 91 /* [ */) return undefined;
  const bounds = [i];
  let depth = 1;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // The closing quote is the next one not escaped by an odd number of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return undefined;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92 /* \ */) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 44 /* , */) {
      if (depth === 1) bounds.push(i);
    } else if (c === 91 || c === 123 /* { */) {
      if (++depth > max) return undefined;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (--depth === 0) break;
    }
  }
  // The brackets inside the members are JSON.parse's to match; the list's own closing one is ours.
  if (i >= n || text.charCodeAt(i) !== 93) return undefined;
  bounds.push(i);
  return onlySpace(text, i + 1, n) ? bounds : undefined;
}

/**
 * Calls `each` with every member of the list the text is, in order, and
 * says how many there were; undefined when JSON.parse would refuse the
 * text, when it is not a list, or when it nests deeper than MAX_JSON_DEPTH
 * (the members seen before that was found are then to be dropped).
 */
export function forEachListMember(text: string, each: (value: unknown) => void): number | undefined {
  const bounds = memberBounds(text, MAX_JSON_DEPTH);
  if (bounds === undefined) return undefined;
  const members = bounds.length - 1;
  if (members === 1 && onlySpace(text, bounds[0]! + 1, bounds[1]!)) return 0; // []
  for (let k = 0; k < members; k += GROUP) {
    const end = Math.min(k + GROUP, members);
    let values: unknown;
    try {
      values = JSON.parse(`[${text.slice(bounds[k]! + 1, bounds[end])}]`);
    } catch {
      return undefined;
    }
    // A group JSON.parse reads is a list of exactly the members between these commas.
    if (!Array.isArray(values) || values.length !== end - k) return undefined;
    for (const v of values) each(v);
  }
  return members;
}
