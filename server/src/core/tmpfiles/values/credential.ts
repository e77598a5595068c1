/** Names of system credentials (the argument of lines with "^"). */

export function credentialNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name === "." || name === "..") return `is '${name}'`;
  if (name.includes("/")) return "contains '/'";
  if (utf8Length(name) > 255) return "is longer than 255 bytes";
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c < 32 || c >= 127) return "contains a character outside printable ASCII";
    if (ch === ":") return "contains ':'";
  }
  return undefined;
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Whether `s` is longer than `max` bytes in UTF-8; a string short enough is not measured (a UTF-16 unit is at most 3 bytes). */
export function utf8LongerThan(s: string, max: number): boolean {
  return s.length * 3 > max && utf8Length(s) > max;
}
