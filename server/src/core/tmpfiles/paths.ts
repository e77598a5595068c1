/** Path helpers with systemd's semantics (path_simplify, path_startswith). */

/** Collapses "//", drops "." components and a trailing "/"; ".." is kept as written. */
export function simplifyPath(p: string): string {
  if (isSimple(p)) return p;
  const abs = p.startsWith("/");
  const parts = p.split("/").filter((c) => c !== "" && c !== ".");
  const joined = parts.join("/");
  if (abs) return "/" + joined;
  return joined === "" ? (p.length > 0 ? "." : "") : joined;
}

/** An absolute path with no empty or "." component and no trailing "/": simplifying it changes nothing. */
function isSimple(p: string): boolean {
  const n = p.length;
  if (n < 2 || p.charCodeAt(0) !== 47 || p.charCodeAt(n - 1) === 47) return false;
  for (let i = 1; i < n; i++) {
    if (p.charCodeAt(i - 1) !== 47) continue;
    const c = p.charCodeAt(i);
    if (c === 47) return false;
    if (c === 46 && (i + 1 === n || p.charCodeAt(i + 1) === 47)) return false;
  }
  return true;
}

/**
 * If `path` is below `prefix` (component-wise, extra slashes allowed),
 * returns the rest after it, else undefined. Walks both strings once,
 * component by component, making no strings but the rest.
 */
export function pathStartsWith(path: string, prefix: string): string | undefined {
  if (path.startsWith("/") !== prefix.startsWith("/")) return undefined;
  let i = 0;
  let j = 0;
  for (;;) {
    while (j < prefix.length && prefix.charCodeAt(j) === 47) j++;
    while (i < path.length && path.charCodeAt(i) === 47) i++;
    if (j === prefix.length) return path.slice(i);
    // One component of the prefix, matched whole: "/var/runx" is not below "/var/run".
    for (; j < prefix.length && prefix.charCodeAt(j) !== 47; i++, j++)
      if (i >= path.length || path.charCodeAt(i) !== prefix.charCodeAt(j)) return undefined;
    if (i < path.length && path.charCodeAt(i) !== 47) return undefined;
  }
}
