/** Path helpers with systemd's semantics (path_simplify, path_startswith). */

/** Collapses "//", drops "." components and a trailing "/"; ".." is kept as written. */
export function simplifyPath(p: string): string {
  const abs = p.startsWith("/");
  const parts = p.split("/").filter((c) => c !== "" && c !== ".");
  const joined = parts.join("/");
  if (abs) return "/" + joined;
  return joined === "" ? (p.length > 0 ? "." : "") : joined;
}

/**
 * If `path` is below `prefix` (component-wise, extra slashes allowed),
 * returns the rest after it, else undefined.
 */
export function pathStartsWith(path: string, prefix: string): string | undefined {
  if (path.startsWith("/") !== prefix.startsWith("/")) return undefined;
  const pc = prefix.split("/").filter((c) => c !== "");
  let rest = path;
  for (const comp of pc) {
    rest = rest.replace(/^\/+/, "");
    if (!rest.startsWith(comp)) return undefined;
    const after = rest.slice(comp.length);
    if (after !== "" && !after.startsWith("/")) return undefined;
    rest = after;
  }
  return rest.replace(/^\/+/, "");
}

export function parentPath(p: string): string | undefined {
  const i = p.lastIndexOf("/");
  if (i <= 0) return p === "/" || i < 0 ? undefined : "/";
  return p.slice(0, i);
}
