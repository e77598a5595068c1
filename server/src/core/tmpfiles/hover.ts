/**
 * Hover for tmpfiles.d lines: what each part of a line means to
 * systemd-tmpfiles, as markdown. Facts come from the tables the checker
 * reads (line types, modifiers, specifiers, value parsers), so hover and
 * checks never disagree.
 */
import { NEWEST_VERSION, OLDEST_VERSION, SINCE } from "../versions.js";
import { fieldAt, lineAt } from "./cursor.js";
import { lineTypeAnyVersion, modifierAnyVersion, type LineType } from "./lineTypes.js";
import type { EntryLine, Field, FieldName, TmpfilesDocument } from "./parse.js";
import { pathStartsWith } from "./paths.js";
import { expandSpecifiers, findSpecifiers, specifierAnyVersion } from "./specifiers.js";
import { unescapeText } from "./unescape.js";
import { parseAcl } from "./values/acl.js";
import { parseAgeField } from "./values/age.js";
import { FILE_ATTRIBUTES, parseAttributes } from "./values/attributes.js";
import { decodeBase64 } from "./values/base64.js";
import { parseDeviceNumbers } from "./values/device.js";
import { parseModeField, specialBitNotes, symbolicMode, type ModeTarget } from "./values/mode.js";
import { parseOwnerField } from "./values/owner.js";
import { splitXattrs } from "./values/xattr.js";

export interface HoverOptions {
  systemdVersion?: number;
}

export interface TmpfilesHover {
  markdown: string;
  /** The span the hover is about. */
  offset: number;
  length: number;
}

/** How the mode, owner and age fields are used by each letter. */
const MODE_IGNORED = "xXrRLtTaAhH";
const OWNER_IGNORED = "xXrRtTaAhH";
const ADJUST_ONLY = "zZme";
const AGE_USED = "dDevqQCxX";

const FIELD_TITLES: Record<FieldName, string> = {
  type: "Type",
  path: "Path",
  mode: "Mode",
  user: "User",
  group: "Group",
  age: "Age",
  argument: "Argument",
};

const code = (s: string): string => "`" + s.replace(/`/g, "\u02cb") + "`";

function sinceText(since: number): string {
  return since <= OLDEST_VERSION ? `every release from ${OLDEST_VERSION}` : `systemd ${since} and later`;
}

/** What each field means on a line of this type, one entry per field. */
export function fieldUses(lt: LineType): Record<Exclude<FieldName, "type">, string> {
  const l = lt.letter;
  const mode = MODE_IGNORED.includes(l)
    ? "ignored"
    : ADJUST_ONLY.includes(l)
      ? "set on paths that exist; `-` leaves it as it is"
      : `the mode to create with; \`-\` means ${lt.directoryMode ? "0755" : "0644"}`;
  const owner = OWNER_IGNORED.includes(l)
    ? "ignored"
    : ADJUST_ONLY.includes(l)
      ? "set on paths that exist; `-` leaves it as it is"
      : "the owner to create with; `-` means the user running systemd-tmpfiles (root at boot)";
  const age = AGE_USED.includes(l)
    ? "how old contents must be before cleanup removes them; `-` means no cleanup"
    : "ignored";
  return {
    path: lt.glob
      ? "the path, a glob pattern (`*`, `?`, `[…]`) matched when the line runs"
      : "the absolute path the line acts on",
    mode,
    user: owner,
    group: owner.replace("user running", "group of the user running"),
    age,
    argument: argumentUse(lt),
  };
}

function argumentUse(lt: LineType): string {
  const req = lt.argumentRequired ? "required: " : "";
  switch (lt.argument) {
    case "none":
      return `none (systemd before ${SINCE.argumentOnNoArgumentTypeIsError} ignores one; ${SINCE.argumentOnNoArgumentTypeIsError} and later reject the line)`;
    case "content":
      return `${req}text to write, with C escapes and specifiers decoded${lt.letter === "w" ? "" : " (only into a file the line creates or truncates)"}`;
    case "symlink-target":
      return "where the link points; `-` or nothing means /usr/share/factory/PATH";
    case "copy-source":
      return "what to copy; `-` or nothing means /usr/share/factory/PATH";
    case "device":
      return `${req}the device numbers as MAJOR:MINOR`;
    case "xattr":
      return `${req}extended attributes as NAME=VALUE words`;
    case "acl":
      return `${req}ACL entries separated by commas, as setfacl writes them`;
    case "attribute":
      return `${req}file attributes as chattr reads them, such as +i or =aA`;
    case "capability":
      return `${req}file capabilities`;
  }
}

export function tmpfilesHover(
  doc: TmpfilesDocument,
  offset: number,
  options: HoverOptions = {},
): TmpfilesHover | undefined {
  const version = options.systemdVersion ?? NEWEST_VERSION;
  const line = lineAt(doc, offset);
  if (!line || line.kind !== "entry") return undefined;
  const hit = fieldAt(line, offset);
  if (!hit) return undefined;
  const letter = line.fields.type?.value[0] ?? "";
  const lt = lineTypeAnyVersion(letter);
  const f = hit.field;
  const span = { offset: f.offset, length: f.length };
  let body: string | undefined;
  switch (hit.name) {
    case "type":
      return typeHover(f, offset, version);
    case "path":
      body = pathHover(f, lt, version);
      break;
    case "mode":
      body = modeHover(f, lt);
      break;
    case "user":
    case "group":
      body = ownerHover(f, hit.name, lt);
      break;
    case "age":
      body = ageHover(f, lt);
      break;
    case "argument":
      body = argumentHover(line, f, lt, version);
      break;
  }
  if (body === undefined) return undefined;
  return { markdown: `**${FIELD_TITLES[hit.name]}** ${code(f.raw)}\n\n${body}`, ...span };
}

function typeHover(f: Field, offset: number, version: number): TmpfilesHover | undefined {
  const action = f.value;
  const letter = action[0] ?? "";
  const lt = lineTypeAnyVersion(letter);
  const out: string[] = [];
  // A modifier under the cursor is described first.
  const at = offset - f.offset;
  if (f.raw === action && at >= 1 && at < action.length) {
    const m = modifierAnyVersion(action[at]!);
    if (m) {
      return {
        markdown: `**Modifier** ${code(m.char)}: ${m.name}\n\n${m.summary}\n\nKnown to ${sinceText(m.since)}${m.since > version ? ` (not to systemd ${version})` : ""}.`,
        offset: f.offset + at,
        length: 1,
      };
    }
  }
  if (!lt) {
    return {
      markdown: `**Type** ${code(action)}\n\n${code(letter)} is not a line type systemd-tmpfiles knows.`,
      offset: f.offset,
      length: f.length,
    };
  }
  out.push(`**Type** ${code(action)}: ${lt.name}`);
  out.push(lt.summary);
  if (lt.deprecatedFor) out.push(`The older spelling of ${code(lt.deprecatedFor)}.`);
  out.push(`Known to ${sinceText(lt.since)}${lt.since > version ? ` (not to systemd ${version})` : ""}.`);
  const uses = fieldUses(lt);
  out.push(
    "| Field | On this line |\n| --- | --- |\n" +
      (Object.keys(uses) as (keyof typeof uses)[]).map((k) => `| ${FIELD_TITLES[k]} | ${uses[k]} |`).join("\n"),
  );
  const mods = [...action.slice(1)];
  if (mods.length) {
    out.push(
      "Modifiers:\n" +
        mods
          .map((c) => {
            const m = modifierAnyVersion(c);
            return m
              ? `- ${code(c)} ${m.name}: ${m.summary}${m.since > OLDEST_VERSION ? ` (from systemd ${m.since})` : ""}`
              : `- ${code(c)} is not a modifier`;
          })
          .join("\n"),
    );
  }
  return { markdown: out.join("\n\n"), offset: f.offset, length: f.length };
}

function pathHover(f: Field, lt: LineType | undefined, version: number): string {
  const out: string[] = [];
  if (f.raw !== f.value) out.push(`Read as ${code(f.value)}.`);
  if (lt) out.push(fieldUses(lt).path[0]!.toUpperCase() + fieldUses(lt).path.slice(1) + ".");
  const specs = findSpecifiers(f.value);
  if (specs.length) {
    const rows = specs.map(({ char }) => {
      if (char === "%") return `- ${code("%%")}: a literal %`;
      const s = specifierAnyVersion(char);
      if (!s)
        return /[A-Za-z0-9]/.test(char)
          ? `- ${code("%" + char)}: not a specifier (systemd rejects it)`
          : `- ${code("%" + char)}: kept as written`;
      return `- ${code("%" + char)}: ${s.meaning}${s.example ? `, such as ${code(s.example)}` : ""}${s.since > version ? ` (from systemd ${s.since})` : ""}`;
    });
    out.push("Specifiers, expanded when systemd-tmpfiles runs:\n" + rows.join("\n"));
    const ex = expandSpecifiers(f.value, version);
    if (!ex.problem) out.push(`On a typical system: ${code(ex.value)}`);
  }
  const below = pathStartsWith(f.value, "/var/run/");
  if (below !== undefined) out.push(`/var/run is a legacy name: systemd-tmpfiles uses ${code("/run/" + below)}.`);
  return out.join("\n\n");
}

/** Whether the lines of a type set the mode of directories, of files, or of whatever is there. */
function modeTargetOf(lt: LineType | undefined): ModeTarget {
  if (!lt) return "either";
  if (lt.directoryMode || lt.letter === "e") return "directory";
  return "fFwpcb".includes(lt.letter) ? "file" : "either";
}

function modeHover(f: Field, lt: LineType | undefined): string {
  const out: string[] = [];
  if (lt && MODE_IGNORED.includes(lt.letter)) out.push(`${code(lt.letter)} lines ignore the mode.`);
  if (f.value === "-" || f.value === "") {
    if (lt)
      out.push(
        ADJUST_ONLY.includes(lt.letter)
          ? "Unset: the mode of existing paths is left as it is."
          : `Unset: ${lt.directoryMode ? "0755 (`rwxr-xr-x`)" : "0644 (`rw-r--r--`)"} when the path is created.`,
      );
    return out.join("\n\n");
  }
  const m = parseModeField(f.value);
  if (m.mode === undefined) {
    out.push(
      `Not a mode systemd reads: it ${m.problem}. A mode is octal, at most 07777, optionally after ${code("~")} and ${code(":")}.`,
    );
    return out.join("\n\n");
  }
  const octal = m.mode.toString(8).padStart(4, "0");
  out.push(
    `${code(octal)} = ${code(symbolicMode(m.mode))} (owner ${code(symbolicMode(m.mode).slice(0, 3))}, group ${code(symbolicMode(m.mode).slice(3, 6))}, others ${code(symbolicMode(m.mode).slice(6))})`,
  );
  const bits = specialBitNotes(m.mode, modeTargetOf(lt));
  if (bits.length) out.push("Special bits:\n" + bits.map((b) => `- ${b}`).join("\n"));
  if (m.mask)
    out.push(
      `${code("~")}: masked by what the path has: where the existing file has no x bits (or no r, or no w bits), the new mode drops them too, and setuid, setgid and sticky are kept only on directories.`,
    );
  if (m.onlyCreate)
    out.push(`${code(":")}: the mode is set only when the line creates the path; an existing path keeps its mode.`);
  return out.join("\n\n");
}

function ownerHover(f: Field, which: "user" | "group", lt: LineType | undefined): string {
  const out: string[] = [];
  if (lt && OWNER_IGNORED.includes(lt.letter)) out.push(`${code(lt.letter)} lines ignore the ${which}.`);
  if (f.value === "-" || f.value === "") {
    out.push(
      lt && ADJUST_ONLY.includes(lt.letter)
        ? `Unset: the ${which} of existing paths is left as it is.`
        : `Unset: the ${which === "user" ? "user" : "group"} running systemd-tmpfiles (root at boot).`,
    );
    return out.join("\n\n");
  }
  const o = parseOwnerField(f.value);
  if (o.id !== undefined)
    out.push(
      `The numeric ${which} id ${o.id}${o.id === 0 ? ` (${which === "user" ? "root" : "the root group"})` : ""}, used as it is.`,
    );
  else if (o.idProblem) out.push(`${code(o.name)} ${o.idProblem}.`);
  else
    out.push(
      `The ${which} named ${code(o.name)}, looked up on the machine where systemd-tmpfiles runs; it should exist early at boot (a system ${which}).`,
    );
  if (o.onlyCreate)
    out.push(
      `${code(":")}: the ${which} is set only when the line creates the path; an existing path keeps its ${which}.`,
    );
  return out.join("\n\n");
}

const SPAN_UNITS: readonly [bigint, string][] = [
  [31557600000000n, "year"],
  [2629800000000n, "month"],
  [604800000000n, "week"],
  [86400000000n, "day"],
  [3600000000n, "hour"],
  [60000000n, "minute"],
  [1000000n, "second"],
  [1000n, "millisecond"],
  [1n, "microsecond"],
];

/** A time span in microseconds, spelled out ("1 hour 30 minutes"). */
export function formatDuration(usec: bigint): string {
  if (usec === 0xffffffffffffffffn) return "infinity";
  if (usec === 0n) return "0 (clean up at once)";
  const parts: string[] = [];
  let rest = usec;
  for (const [u, name] of SPAN_UNITS) {
    if (rest < u) continue;
    // Weeks, months and years only where they divide the rest: "10 days", not "1 week 3 days".
    if (u > 86400000000n && rest % u !== 0n) continue;
    const n = rest / u;
    rest -= n * u;
    parts.push(`${n} ${name}${n === 1n ? "" : "s"}`);
  }
  return parts.join(" ");
}

const AGE_BY_NAMES: Record<string, string> = {
  a: "access time",
  b: "creation (birth) time",
  c: "status change time",
  m: "modification time",
};

/** The age-by letters spelled out, files and directories apart. */
function describeAgeBy(by: string): string[] {
  const files = [...by].filter((c) => "abcm".includes(c)).map((c) => AGE_BY_NAMES[c]!);
  const dirs = [...by].filter((c) => "ABCM".includes(c)).map((c) => AGE_BY_NAMES[c.toLowerCase()]!);
  return [
    `files: ${files.length ? files.join(", ") : "every timestamp (atime, btime, ctime, mtime)"}`,
    `directories: ${dirs.length ? dirs.join(", ") : "atime, btime and mtime (not ctime)"}`,
  ];
}

function ageHover(f: Field, lt: LineType | undefined): string {
  const out: string[] = [];
  if (lt && !AGE_USED.includes(lt.letter)) out.push(`${code(lt.letter)} lines ignore the age.`);
  if (f.value === "-" || f.value === "") {
    out.push("Unset: no cleanup by age.");
    return out.join("\n\n");
  }
  const a = parseAgeField(f.value);
  if (a.problem) {
    out.push(`Not an age systemd reads: ${a.problem.message}.`);
    return out.join("\n\n");
  }
  out.push(`Cleanup removes what is older than **${formatDuration(a.usec!)}**.`);
  if (a.keepFirstLevel)
    out.push(`${code("~")}: what is directly inside the directory is kept; cleanup starts one level deeper.`);
  const by = a.ageBy ?? "";
  out.push(
    `Age judged by ${a.ageBy === undefined ? "the default timestamps" : code(a.ageBy)}:\n` +
      describeAgeBy(by)
        .map((s) => `- ${s}`)
        .join("\n"),
  );
  return out.join("\n\n");
}

/** Text as the argument of f/w/L/C lines decodes it (C escapes resolved), or undefined when it cannot be. */
function decodeArgumentEscapes(s: string): string | undefined {
  const r = unescapeText(s);
  return "value" in r ? r.value : undefined;
}

function showText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it shows escaped
  const shown = s.replace(/[\u0000-\u001f\u007f\uf780-\uf7ff]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (c === 10) return "\\n";
    if (c === 9) return "\\t";
    return "\\x" + (c >= 0xf700 ? c - 0xf700 : c).toString(16).padStart(2, "0");
  });
  return "```text\n" + shown.replace(/```/g, "``\u200b`") + "\n```";
}

function bytesText(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  // eslint-disable-next-line no-control-regex -- control characters make a value binary
  const printable = !text.includes("\ufffd") && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  if (printable) return showText(text);
  return "```text\n" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ") + "\n```";
}

const ACL_TAG_NAMES = {
  user: "user",
  group: "group",
  mask: "mask (the most any named user or group gets)",
  other: "others",
} as const;

function permsText(p: string): string {
  const has = (c: string): boolean => p.includes(c);
  const parts: string[] = [];
  if (has("r")) parts.push("read");
  if (has("w")) parts.push("write");
  if (has("x")) parts.push("execute");
  if (has("X")) parts.push("execute where someone already may (or on directories)");
  return parts.length ? parts.join(", ") : "nothing";
}

function argumentHover(line: EntryLine, f: Field, lt: LineType | undefined, version: number): string {
  const mods = line.fields.type?.value.slice(1) ?? "";
  const out: string[] = [];
  if (!lt) return "The argument of a line whose type systemd does not know.";
  out.push(`On ${code(lt.letter)} lines: ${argumentUse(lt)}.`);
  if (lt.argument === "none") return out.join("\n\n");
  if (mods.includes("^")) {
    out.push(
      `${code("^")}: ${code(f.value)} names a system credential; its contents are used in place of the argument.`,
    );
    return out.join("\n\n");
  }
  if (mods.includes("~") && !lt.base64Refusal) {
    const d = decodeBase64(f.value);
    out.push(
      "problem" in d
        ? `${code("~")}: base64, but it ${d.problem}.`
        : `${code("~")}: base64 of ${d.bytes.length} byte${d.bytes.length === 1 ? "" : "s"}:\n\n${bytesText(d.bytes)}`,
    );
    return out.join("\n\n");
  }
  switch (lt.argument) {
    case "content": {
      const text = decodeArgumentEscapes(f.value);
      if (text === undefined) out.push("It holds an escape systemd cannot decode.");
      else {
        out.push(`Written as:\n\n${showText(text)}`);
        if (findSpecifiers(text).length) out.push("Specifiers in it are expanded when the line runs.");
      }
      break;
    }
    case "symlink-target": {
      const t = decodeArgumentEscapes(f.value) ?? f.value;
      out.push(
        t.startsWith("/")
          ? `The link points at ${code(t)}.`
          : `The link points at ${code(t)}, relative to the directory the link is in.`,
      );
      break;
    }
    case "copy-source": {
      const t = decodeArgumentEscapes(f.value) ?? f.value;
      out.push(
        `Copied from ${code(t)}${t.startsWith("/") ? "" : " (not absolute: systemd rejects it)"}; a directory is copied with everything in it.`,
      );
      break;
    }
    case "device": {
      const d = parseDeviceNumbers(f.value);
      out.push(
        "problem" in d ? `Not MAJOR:MINOR: it ${d.problem}.` : `Major number ${d.major}, minor number ${d.minor}.`,
      );
      break;
    }
    case "xattr": {
      const { xattrs, problems } = splitXattrs(f.value, version >= SINCE.escapesInFields);
      if (xattrs.length) out.push(xattrs.map((x) => `- ${code(x.name)} = ${code(x.value)}`).join("\n"));
      for (const p of problems) out.push(`${p.message}.`);
      break;
    }
    case "acl": {
      const { entries, problem } = parseAcl(f.value, version);
      if (entries.length) {
        out.push(
          entries
            .map((e) => {
              const who = e.qualifier
                ? `${e.tag} ${code(e.qualifier)}`
                : e.tag === "user"
                  ? "the owner"
                  : e.tag === "group"
                    ? "the owning group"
                    : ACL_TAG_NAMES[e.tag];
              return `- ${e.isDefault ? "default (inherited by new files): " : ""}${who}: ${permsText(e.perms)}`;
            })
            .join("\n"),
        );
      }
      if (problem)
        out.push(
          `Cannot be read from ${code(f.value.slice(problem.at, problem.at + problem.length))}: ${problem.message}.`,
        );
      if (mods.includes("+")) out.push(`${code("+")}: the entries are added to the ACL the path has.`);
      break;
    }
    case "attribute": {
      const a = parseAttributes(f.value);
      const op = a.op === "+" ? "Set" : a.op === "-" ? "Clear" : "Set exactly (clearing all others)";
      const flags = [...a.flags].map((c) => {
        const info = FILE_ATTRIBUTES.find((x) => x.char === c);
        return `- ${code(c)}: ${info ? info.meaning : "not a known attribute"}`;
      });
      out.push(`${op}:\n${flags.join("\n") || "- (none)"}`);
      break;
    }
    case "capability":
      break;
  }
  return out.join("\n\n");
}
