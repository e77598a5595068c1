/** The argument of h and H lines: an optional +, - or = and then chattr-style letters. */

export const FILE_ATTRIBUTES: readonly { char: string; meaning: string }[] = [
  { char: "A", meaning: "no access-time updates" },
  { char: "S", meaning: "synchronous updates" },
  { char: "D", meaning: "synchronous directory updates" },
  { char: "a", meaning: "append only" },
  { char: "c", meaning: "compressed" },
  { char: "d", meaning: "not dumped" },
  { char: "e", meaning: "uses extents" },
  { char: "i", meaning: "immutable" },
  { char: "j", meaning: "data journalling" },
  { char: "s", meaning: "secure deletion" },
  { char: "u", meaning: "undeletable" },
  { char: "t", meaning: "no tail merging" },
  { char: "T", meaning: "top of a directory hierarchy" },
  { char: "C", meaning: "no copy-on-write" },
  { char: "P", meaning: "inherits the project id" },
];

export interface AttributeValue {
  op: "+" | "-" | "=";
  flags: string;
  /** Index in the argument of the first unknown letter. */
  badAt?: number;
  problem?: string;
}

export function parseAttributes(arg: string): AttributeValue {
  let p = 0;
  let op: AttributeValue["op"] = "+";
  if (arg[0] === "+" || arg[0] === "-" || arg[0] === "=") {
    op = arg[0];
    p = 1;
  }
  const flags = arg.slice(p);
  if (flags.length === 0 && op !== "=") return { op, flags, problem: "names no attribute" };
  for (let i = p; i < arg.length; i++) {
    if (!FILE_ATTRIBUTES.some((a) => a.char === arg[i]))
      return { op, flags, badAt: i, problem: `has the unknown attribute '${arg[i]}'` };
  }
  return { op, flags };
}
