/**
 * Reading back a generated snippet (the `d`, `L+` and `C` lines `generate`
 * writes, plus comments and blank lines), so `plan` can take one as OLD or
 * NEW. Anything else in the file is reported, not guessed at.
 */
import type { CoreDiagnostic } from "../diagnostic.js";
import type { EtcItem } from "./generate.js";
import { normaliseTarget } from "./paths.js";
import { cunescape, splitLine, TmpfilesSyntaxError, unescapeSpecifiers } from "./quote.js";
import { diag } from "./read.js";
import { canonicalMode, octalModeOf } from "./schema.js";

export interface GeneratedFile {
  items: EtcItem[];
  problems: CoreDiagnostic[];
}

function etcRelative(path: string): string | undefined {
  if (!path.startsWith("/etc/")) return undefined;
  const n = normaliseTarget(path.slice(5));
  return n.ok && `/etc/${n.path}` === path ? n.path : undefined;
}

function readLine(line: string): EtcItem | string {
  let fields: string[];
  let raw: string | undefined;
  try {
    ({ fields, argument: raw } = splitLine(line));
  } catch (e) {
    if (e instanceof TmpfilesSyntaxError) return `systemd cannot split this line: ${e.message}`;
    throw e;
  }
  const [type, rawPath, mode = "-", user = "-", group = "-", age = "-"] = fields;
  if (type !== "d" && type !== "L+" && type !== "C")
    return `"${type}" lines are not part of a generated snippet (only d, L+ and C are)`;
  let path: string | undefined;
  let argument: string | undefined;
  try {
    path = rawPath === undefined ? undefined : etcRelative(unescapeSpecifiers(rawPath));
    argument = raw === undefined ? undefined : unescapeSpecifiers(cunescape(raw));
  } catch (e) {
    if (e instanceof TmpfilesSyntaxError) return e.message;
    throw e;
  }
  if (path === undefined) return "the path must be a normalised path inside /etc";
  if (age !== "-") return "generated lines have no age";
  if (type === "d") {
    if (argument !== undefined) return "a d line of a generated snippet has no argument";
    if (mode !== "-" || user !== "-" || group !== "-") return "a d line of a generated snippet sets no mode or owner";
    return { type, path };
  }
  if (argument === undefined || !argument.startsWith("/")) return "the argument must be an absolute path";
  if (type === "L+") {
    if (mode !== "-" || user !== "-" || group !== "-") return "an L+ line sets no mode or owner";
    return { type, path, argument };
  }
  const bits = octalModeOf(mode);
  if (bits === undefined) return "a C line needs an octal mode";
  if (user === "-" || group === "-") return "a C line of a generated snippet names its owner and group";
  return { type, path, mode: canonicalMode(bits), user, group, argument };
}

export function readGenerated(text: string): GeneratedFile {
  const items: EtcItem[] = [];
  const problems: CoreDiagnostic[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const start = offset;
    offset += line.length + 1;
    const s = line.replace(/^[ \t\r]+/, "");
    if (s === "" || s.startsWith("#")) continue;
    const r = readLine(line);
    if (typeof r === "string")
      problems.push(
        diag(
          "unreadable-line",
          { offset: start, length: line.replace(/\r$/, "").length },
          `Not a line of a generated snippet: ${r}.`,
        ),
      );
    else items.push(r);
  }
  return { items, problems };
}
