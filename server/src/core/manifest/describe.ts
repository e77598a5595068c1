/** Plain-words descriptions of modes and owners, shared by hover and completion. */
import { MODE_PATTERN, OWNER_ID_PATTERN } from "./schema.js";

/** `0640` → `rw-r-----`, with set-id and sticky bits shown as `ls` does. */
export function symbolicMode(octal: string): string {
  const n = parseInt(octal, 8);
  const rwx = (bits: number, special: boolean, specialChar: string): string => {
    const x = (bits & 1) !== 0;
    const last = special ? (x ? specialChar : specialChar.toUpperCase()) : x ? "x" : "-";
    return `${bits & 4 ? "r" : "-"}${bits & 2 ? "w" : "-"}${last}`;
  };
  return rwx((n >> 6) & 7, (n & 0o4000) !== 0, "s") + rwx((n >> 3) & 7, (n & 0o2000) !== 0, "s") + rwx(n & 7, (n & 0o1000) !== 0, "t");
}

export function describeMode(mode: string): string {
  if (mode === "symlink") return "a symbolic link to the source (through the static directory when one is used)";
  if (mode === "direct-symlink") return "a symbolic link straight to the source";
  if (MODE_PATTERN.test(mode)) return `a copy of the source with mode ${mode.padStart(4, "0")} (\`${symbolicMode(mode)}\`)`;
  return "not a valid mode";
}

export function describeOwner(value: string, what: "user" | "group"): string {
  const id = OWNER_ID_PATTERN.exec(value);
  if (id) return `the numeric ${what} id ${Number(id[1])}${id[1] === "0" ? (what === "user" ? " (root)" : " (the root group)") : ""}`;
  return `the ${what} named \`${value}\`, looked up on the machine that activates /etc`;
}
