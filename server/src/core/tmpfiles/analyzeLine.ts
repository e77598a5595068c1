/**
 * Checks one entry line in the order systemd-tmpfiles reads it, field by
 * field, and describes the item the line becomes when systemd keeps it.
 * Every problem is reported on the field it is in.
 */
import type { CoreDiagnostic, Fix, Severity, TextEditOffsets } from "../diagnostic.js";
import { GREEK_MU_UNIT_UNKNOWN, SINCE, VAR_RUN_NOTICE_ONLY_BELOW_ETC } from "../versions.js";
import { CODES, type Code } from "./codes.js";
import { lineType, lineTypeAnyVersion, modifier, modifierAnyVersion, type LineType } from "./lineTypes.js";
import { parseLine, type EntryLine, type Field } from "./parse.js";
import { pathStartsWith, simplifyPath } from "./paths.js";
import { expandSpecifiers } from "./specifiers.js";
import { unescapeText } from "./unescape.js";
import { parseAgeField } from "./values/age.js";
import { parseAttributes } from "./values/attributes.js";
import { decodeBase64 } from "./values/base64.js";
import { credentialNameProblem, utf8Length, utf8LongerThan } from "./values/credential.js";
import { parseDeviceNumbers } from "./values/device.js";
import { parseModeField } from "./values/mode.js";
import { ownerNameProblem, parseOwnerField } from "./values/owner.js";
import { checkAcl } from "./values/acl.js";
import { parseXattrs, splitXattrs } from "./values/xattr.js";
import { checkCapabilities } from "./values/capabilities.js";
import { invalidModeCandidates, modeFixes, symbolicModeToOctal } from "./fixes/modeFixes.js";
import { typeCandidates } from "./fixes/typeFixes.js";
import { ageCandidates } from "./fixes/ageFixes.js";

export interface UserDatabase {
  users: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  /**
   * Set when the names are a machine's own /etc/passwd and /etc/group (this
   * machine's, or those of tmpfiles.remote.host) rather than files the user
   * named: an unknown name is then a warning that says where the names come
   * from (systemd-tmpfiles there rejects the line; another machine may know
   * the name), and the rest of the line is still checked.
   */
  origin?: { where: string; local: boolean };
}

export interface LineContext {
  version: number;
  /** Path of the file, used where systemd's behaviour depends on it. */
  fileName?: string;
  userDatabase?: UserDatabase;
}

/** What a kept line contributes to systemd's table of paths (for duplicates). */
export interface Item {
  type: string;
  /** The path as systemd keys it: specifiers expanded, /var/run rewritten, simplified. */
  key: string;
  glob: boolean;
  takesOwnership: boolean;
  append: boolean;
  /** Fields that decide whether two owning lines agree. */
  signature: string;
}

export interface LineResult {
  diagnostics: CoreDiagnostic[];
  /** Present when systemd keeps the line (no error). */
  item?: Item;
}

const PATH_MAX = 4096;

/** The types whose argument systemd unescapes and expands specifiers in (letters, as one string: no array per line). */
const UNESCAPED_ARGUMENT = "CLfFw";

/** Fixes that guess what was meant are offered only when the line, so edited, checks without errors or warnings. */
const MAX_GUESSES = 3;

function report(
  out: CoreDiagnostic[],
  code: Code,
  offset: number,
  length: number,
  message: string,
  fixes?: Fix[],
  severity?: Severity,
): void {
  const d: CoreDiagnostic = {
    code,
    severity: severity ?? CODES[code].severity,
    message,
    offset,
    length: Math.max(length, 0),
  };
  if (fixes && fixes.length) d.fixes = fixes;
  out.push(d);
}

function onField(
  out: CoreDiagnostic[],
  f: Field,
  code: Code,
  message: string,
  fixes?: Fix[],
  severity?: Severity,
): void {
  report(out, code, f.offset, f.length, message, fixes, severity);
}

/** The guessed fixes that make the line check clean (none when checking a guess itself). */
function cleanGuesses(entry: EntryLine, ctx: LineContext, guess: boolean, fixes: Fix[]): Fix[] {
  const kept: Fix[] = [];
  if (!guess) return kept;
  for (const fx of fixes) {
    if (fixedLineIsClean(entry, ctx, fx.edits[0]!)) kept.push(fx);
    if (kept.length === MAX_GUESSES) break;
  }
  return kept;
}

/** The fix that takes a modifier out of the type field (only where the field is written as it reads). */
function removeModifier(typeField: Field, action: string, ch: string, preferred: boolean): Fix[] {
  return typeField.raw === action
    ? [
        {
          title: `Remove the ${ch} modifier`,
          edits: [{ offset: typeField.offset + action.indexOf(ch, 1), length: 1, newText: "" }],
          ...(preferred ? { preferred } : {}),
        },
      ]
    : [];
}

function hasError(out: CoreDiagnostic[]): boolean {
  for (const d of out) if (d.severity === "error") return true;
  return false;
}

/**
 * Checks one line. `guess` is false when checking a guessed fix, so that
 * fixes are not guessed for the guess.
 */
export function analyzeLine(entry: EntryLine, ctx: LineContext, guess = true): LineResult {
  // The reporting helpers are module functions given `out`, not closures: closures would be made anew for every line.
  const out: CoreDiagnostic[] = [];
  if (entry.wordError) {
    const e = entry.wordError;
    report(
      out,
      "line-unparsable",
      e.offset,
      e.length,
      `The fields cannot be split: ${e.problem}; systemd-tmpfiles rejects the line.`,
    );
    return { diagnostics: out };
  }
  const f = entry.fields;
  const typeField = f.type!;
  if (!f.path) {
    onField(out, typeField, "missing-path", "The line has no path; systemd-tmpfiles rejects it as a syntax error.");
    return { diagnostics: out };
  }
  const pathField = f.path;
  const argField = f.argument && f.argument.value !== "-" ? f.argument : undefined;
  const action = typeField.value;

  // Type letter and modifiers.
  if (action.length === 0) {
    onField(out, typeField, "unknown-type", "The type is empty; systemd-tmpfiles rejects the line.");
    return { diagnostics: out };
  }
  if (action.length > 1 && modifierRejected(out, typeField, action, ctx.version)) return { diagnostics: out };
  const letter = action[0]!;
  const lt: LineType | undefined = lineType(letter, ctx.version);

  // The path: specifiers, /var/run, absolute.
  const path = checkedPath(out, pathField, ctx);
  if (path === undefined) return { diagnostics: out };

  // The type, and what it does with the argument.
  if (!lt) {
    reportUnknownType(out, entry, ctx, guess, letter);
    return { diagnostics: out };
  }
  if (lt.deprecatedFor) {
    const replacement = lt.deprecatedFor;
    const newAction = replacement + action.slice(1).replace(replacement.slice(1), "");
    report(
      out,
      "deprecated-type",
      typeField.offset,
      typeField.length,
      `'${letter}' is the older spelling of '${replacement}'; both work the same.`,
      [
        {
          title: `Write '${newAction}'`,
          edits: [{ offset: typeField.offset, length: typeField.length, newText: newAction }],
          preferred: true,
        },
      ],
    );
  }
  // Most types are one letter: then no modifier is looked for (with owner.ts's digit test, 6% fewer instructions a line).
  const modified = action.length > 1;
  const unbase64 = modified && action.includes("~", 1);
  const fromCred = modified && action.includes("^", 1);
  if (lt.argument === "none" && argField && ignoredArgumentRejected(out, f, argField, letter, fromCred, ctx.version))
    return { diagnostics: out };
  if (unbase64 && lt.base64Refusal) {
    // Not preferred: without ~ an argument written in base64 is taken as it is.
    report(
      out,
      "base64-not-supported",
      typeField.offset,
      typeField.length,
      `The ~ modifier (base64) is not allowed on '${letter}' lines; systemd-tmpfiles rejects the line.`,
      removeModifier(typeField, action, "~", false),
    );
    return { diagnostics: out };
  }
  if (lt.argumentRequired && !argField) {
    onField(
      out,
      typeField,
      "argument-required",
      `'${letter}' lines need an argument (${argumentWhat(lt)}); systemd-tmpfiles rejects the line.`,
    );
    return { diagnostics: out };
  }
  if (argField && argumentValueRejected(out, lt, argField, ctx.version)) return { diagnostics: out };
  if (modified && action.includes("$", 1) && !lt.purgeable) {
    report(
      out,
      "modifier-not-for-type",
      typeField.offset,
      typeField.length,
      `The $ (purge) modifier is not allowed on '${letter}' lines; systemd-tmpfiles rejects the line.`,
      removeModifier(typeField, action, "$", true),
    );
    return { diagnostics: out };
  }
  if (modified && action.includes("?", 1) && letter !== "L") {
    report(
      out,
      "modifier-not-for-type",
      typeField.offset,
      typeField.length,
      `The ? modifier is allowed only on L lines; systemd-tmpfiles rejects the line.`,
      removeModifier(typeField, action, "?", true),
    );
    return { diagnostics: out };
  }

  // Specifiers (and escapes) in the argument.
  let argument: string | undefined = argField?.value;
  if (argField && !unbase64) {
    argument = expandedArgument(out, letter, argField, ctx.version);
    if (argument === undefined) return { diagnostics: out };
  }
  if (letter === "L" && argument === undefined) argument = "/usr/share/factory" + path;
  if (letter === "C") {
    if (argument === undefined) argument = "/usr/share/factory" + path;
    else if (!argument.startsWith("/")) {
      const fix: Fix[] =
        argField!.raw === argField!.value && !argument.startsWith("%")
          ? [
              {
                title: "Make the copy source absolute",
                edits: [{ offset: argField!.offset, length: 0, newText: "/" }],
                preferred: true,
              },
            ]
          : [];
      onField(
        out,
        argField!,
        "copy-source-not-absolute",
        `The copy source '${argument}' is not absolute; systemd-tmpfiles rejects the line.`,
        fix,
      );
      return { diagnostics: out };
    } else argument = simplifyPath(argument);
  }
  if (fromCred) {
    if (argument === undefined) {
      onField(
        out,
        typeField,
        "credential-name-missing",
        "The ^ modifier reads the argument from a credential, but no credential name is given; systemd-tmpfiles rejects the line.",
        removeModifier(typeField, action, "^", false),
      );
      return { diagnostics: out };
    }
    const problem = credentialNameProblem(argument);
    if (problem) {
      onField(
        out,
        argField ?? typeField,
        "credential-name-invalid",
        `The credential name '${argument}' ${problem}; systemd-tmpfiles rejects the line.`,
      );
      return { diagnostics: out };
    }
  }
  let binary = argument;
  if (unbase64 && argument !== undefined && !fromCred) {
    const d = decodeBase64(argument);
    if ("problem" in d) {
      onField(
        out,
        argField!,
        "base64-invalid",
        `The argument is not valid base64: it ${d.problem}; systemd-tmpfiles rejects the line.`,
      );
      return { diagnostics: out };
    }
    binary = "base64:" + Buffer.from(d.bytes).toString("hex");
  }
  if (fromCred) binary = "credential:" + argument;

  // Owners.
  const userSig = ownerSignature(out, f.user, "user", ctx);
  if (userSig === undefined) return { diagnostics: out };
  const groupSig = ownerSignature(out, f.group, "group", ctx);
  if (groupSig === undefined) return { diagnostics: out };

  const modeSig = modeSignature(out, f.mode, lt, letter, entry, ctx, guess);
  if (modeSig === undefined) return { diagnostics: out };
  const ageSig = ageSignature(out, f.age, letter, entry, ctx, guess);
  if (ageSig === undefined) return { diagnostics: out };

  if (hasError(out)) return { diagnostics: out };
  const item: Item = {
    type: letter,
    key: path,
    glob: lt.glob,
    takesOwnership: lt.takesOwnership,
    append: modified && action.includes("+", 1),
    // The settings joined by NUL, the argument last: no other part can hold a NUL, so equal signatures are equal settings.
    signature: `${userSig}\0${groupSig}\0${modeSig}\0${ageSig}\0${lt.argument === "device" ? argument : ""}\0${binary === undefined ? "-" : "=" + binary}`,
  };
  return { diagnostics: out, item };
}

/** Reports an argument on a type that takes none; whether systemd rejects the line for it (from SINCE.argumentOnNoArgumentTypeIsError). */
function ignoredArgumentRejected(
  out: CoreDiagnostic[],
  f: EntryLine["fields"],
  argField: Field,
  letter: string,
  fromCred: boolean,
  version: number,
): boolean {
  const typeField = f.type!;
  const isError = version >= SINCE.argumentOnNoArgumentTypeIsError;
  const removeArgument = {
    offset: f.age!.offset + f.age!.length,
    length: argField.offset + argField.length - (f.age!.offset + f.age!.length),
    newText: "",
  };
  // With ^ the argument names a credential, and without one systemd rejects the line: the ^ goes too.
  const fix: Fix[] = fromCred
    ? [
        {
          title: "Remove the argument and the ^ modifier",
          edits: [
            { offset: typeField.offset, length: typeField.length, newText: typeField.value.replace("^", "") },
            removeArgument,
          ],
          preferred: true,
        },
      ]
    : [{ title: "Remove the argument", edits: [removeArgument], preferred: true }];
  onField(
    out,
    argField,
    "argument-ignored",
    isError
      ? `'${letter}' lines take no argument; systemd ${version} rejects the line (earlier releases ignored the argument).`
      : `'${letter}' lines take no argument; systemd-tmpfiles ignores it (from systemd ${SINCE.argumentOnNoArgumentTypeIsError} the line is rejected).`,
    fix,
    isError ? "error" : "warning",
  );
  return isError;
}

/** The fix that removes the modifier at `at`, where the field is written as it reads (`rawIdx` >= 0). */
function removeCharFix(rawIdx: number, at: number, ch: string): Fix[] {
  return rawIdx >= 0
    ? [{ title: `Remove '${ch}'`, edits: [{ offset: at, length: 1, newText: "" }], preferred: true }]
    : [];
}

/**
 * Reports the first modifier of the type field that systemd rejects (the
 * modifiers are the rest of the field, each at most once: `action.indexOf(ch, 1)`
 * finds an earlier one); whether there was one.
 */
function modifierRejected(out: CoreDiagnostic[], typeField: Field, action: string, version: number): boolean {
  for (let i = 1; i < action.length; i++) {
    const ch = action[i]!;
    const rawIdx = typeField.raw === action ? i : -1;
    const at = rawIdx >= 0 ? typeField.offset + rawIdx : typeField.offset;
    const len = rawIdx >= 0 ? ch.length : typeField.length;
    if (action.indexOf(ch, 1) < i) {
      report(
        out,
        "unknown-modifier",
        at,
        len,
        `The modifier '${ch}' is given twice in '${action}'; systemd-tmpfiles rejects the line.`,
        removeCharFix(rawIdx, at, ch),
      );
      return true;
    }
    const m = modifier(ch, version);
    if (!m) {
      const later = modifierAnyVersion(ch);
      if (later) {
        report(
          out,
          "modifier-not-in-release",
          at,
          len,
          `The modifier '${ch}' (${later.name}) works from systemd ${later.since}; systemd ${version} rejects the line.`,
          removeCharFix(rawIdx, at, ch),
        );
      } else {
        report(
          out,
          "unknown-modifier",
          at,
          len,
          `'${ch}' in '${action}' is not a modifier; systemd-tmpfiles rejects the line.`,
          removeCharFix(rawIdx, at, ch),
        );
      }
      return true;
    }
  }
  return false;
}

/** The path as systemd keys it (specifiers expanded, /var/run rewritten, simplified), or undefined when it rejects the line. */
function checkedPath(out: CoreDiagnostic[], pathField: Field, ctx: LineContext): string | undefined {
  let path = pathField.value;
  const expanded = expandSpecifiers(path, ctx.version);
  if (expanded.problem) {
    const p = expanded.problem;
    const exact = pathField.raw === pathField.value;
    const at = exact ? pathField.offset + p.at : pathField.offset;
    const len = exact ? 2 : pathField.length;
    const fix: Fix[] = exact
      ? [{ title: "Write %% for a literal %", edits: [{ offset: at, length: 1, newText: "%%" }] }]
      : [];
    if (p.since !== undefined) {
      report(
        out,
        "specifier-not-in-release",
        at,
        len,
        `The specifier %${p.char} works from systemd ${p.since}; systemd ${ctx.version} rejects the line.`,
        fix,
      );
    } else {
      report(
        out,
        "unknown-specifier",
        at,
        len,
        `%${p.char} is not a specifier systemd-tmpfiles knows (write %% for a literal %); it rejects the line.`,
        fix,
      );
    }
    return undefined;
  }
  path = expanded.value;
  if (utf8LongerThan(path, PATH_MAX - 1)) {
    onField(
      out,
      pathField,
      "path-too-long",
      `The path is ${utf8Length(path)} bytes long once expanded, more than the ${PATH_MAX - 1} systemd allows; it rejects the line.`,
    );
    return undefined;
  }
  const belowVarRun = pathStartsWith(path, "/var/run/");
  if (belowVarRun) {
    const newPath = "/run/" + belowVarRun;
    const varRunLoud = !VAR_RUN_NOTICE_ONLY_BELOW_ETC.has(ctx.version) || (ctx.fileName ?? "").startsWith("/etc/");
    const fix: Fix[] = pathField.raw.startsWith("/var/run/")
      ? [
          {
            title: "Write /run instead of /var/run",
            edits: [{ offset: pathField.offset, length: "/var/run".length, newText: "/run" }],
            preferred: true,
          },
        ]
      : [];
    onField(
      out,
      pathField,
      "var-run-path",
      varRunLoud
        ? `/var/run is a legacy name for /run; systemd-tmpfiles rewrites this path to ${newPath} and logs a notice.`
        : `/var/run is a legacy name for /run; systemd-tmpfiles rewrites this path to ${newPath} (Debian's build of systemd ${ctx.version} says so only for files below /etc).`,
      fix,
      varRunLoud ? "warning" : "information",
    );
    path = newPath;
  }
  if (!path.startsWith("/")) {
    const fix: Fix[] =
      pathField.raw === pathField.value && !pathField.raw.startsWith("%")
        ? [
            {
              title: "Make the path absolute",
              edits: [{ offset: pathField.offset, length: 0, newText: "/" }],
              preferred: true,
            },
          ]
        : [];
    onField(
      out,
      pathField,
      "path-not-absolute",
      `The path '${path}' is not absolute; systemd-tmpfiles rejects the line.`,
      fix,
    );
    return undefined;
  }
  return simplifyPath(path);
}

/** Reports a type letter that this release does not know. */
function reportUnknownType(
  out: CoreDiagnostic[],
  entry: EntryLine,
  ctx: LineContext,
  guess: boolean,
  letter: string,
): void {
  const typeField = entry.fields.type!;
  const action = typeField.value;
  const typeLetterLength = typeField.raw === action ? 1 : typeField.length;
  const later = lineTypeAnyVersion(letter);
  if (later)
    report(
      out,
      "type-not-in-release",
      typeField.offset,
      typeLetterLength,
      `The type '${letter}' (${later.name}) works from systemd ${later.since}; systemd ${ctx.version} rejects the line.`,
    );
  else {
    const guesses =
      typeField.raw === action
        ? typeCandidates(letter, ctx.version).map((t): Fix => ({
            title: `Change the type to '${t.letter}' (${t.name})`,
            edits: [{ offset: typeField.offset, length: 1, newText: t.letter }],
          }))
        : [];
    report(
      out,
      "unknown-type",
      typeField.offset,
      typeLetterLength,
      `'${letter}' is not a line type systemd-tmpfiles knows; it rejects the line.`,
      cleanGuesses(entry, ctx, guess, guesses),
    );
  }
}

/** Checks the argument's value for the types that read one (device numbers, xattrs, ACLs, capabilities, attributes); whether systemd rejects the line for it. */
function argumentValueRejected(out: CoreDiagnostic[], lt: LineType, argField: Field, version: number): boolean {
  if (lt.argument === "device") {
    const d = parseDeviceNumbers(argField.value);
    if ("problem" in d) {
      onField(
        out,
        argField,
        "device-invalid",
        `The device numbers '${argField.value}' ${d.problem}; systemd-tmpfiles rejects the line.`,
      );
      return true;
    }
  }
  if (lt.argument === "xattr") {
    for (const p of parseXattrs(argField.value)) {
      report(out, "xattr-invalid", argField.offset + p.at, p.length, `${p.message}; systemd-tmpfiles ignores it.`);
    }
  }
  if (lt.argument === "acl") {
    const p = checkAcl(argField.value, version);
    if (p)
      report(
        out,
        "acl-invalid",
        argField.offset + p.at,
        p.length,
        `The ACL cannot be parsed (${p.message}); systemd-tmpfiles ignores the ACL.`,
      );
  }
  if (lt.argument === "capability") {
    const p = checkCapabilities(argField.value);
    if (p)
      report(
        out,
        "capability-invalid",
        argField.offset + p.at,
        p.length,
        `The capabilities cannot be parsed (${p.message}); systemd-tmpfiles ignores them.`,
      );
  }
  if (lt.argument === "attribute") {
    const a = parseAttributes(argField.value);
    if (a.problem) {
      const at = a.badAt !== undefined ? argField.offset + a.badAt : argField.offset;
      report(
        out,
        "attribute-invalid",
        at,
        a.badAt !== undefined ? 1 : argField.length,
        `The attribute specification ${a.problem}; systemd-tmpfiles rejects the line.`,
      );
      return true;
    }
  }
  return false;
}

/** The argument with escapes decoded and specifiers expanded where systemd does so, or undefined when it rejects the line. */
function expandedArgument(out: CoreDiagnostic[], letter: string, argField: Field, version: number): string | undefined {
  if (UNESCAPED_ARGUMENT.includes(letter)) {
    const un = unescapeText(argField.value);
    if ("problem" in un) {
      report(
        out,
        "argument-escape-invalid",
        argField.offset + un.at,
        un.length,
        `The argument has an escape systemd cannot decode (${un.problem}); systemd-tmpfiles rejects the line.`,
      );
      return undefined;
    }
    const ex = expandSpecifiers(un.value, version);
    if (ex.problem) {
      const exact = un.value === argField.value;
      const at = exact ? argField.offset + ex.problem.at : argField.offset;
      const len = exact ? 2 : argField.length;
      const fix: Fix[] = exact
        ? [{ title: "Write %% for a literal %", edits: [{ offset: at, length: 1, newText: "%%" }] }]
        : [];
      if (ex.problem.since !== undefined)
        report(
          out,
          "specifier-not-in-release",
          at,
          len,
          `The specifier %${ex.problem.char} works from systemd ${ex.problem.since}; systemd ${version} rejects the line.`,
          fix,
        );
      else
        report(
          out,
          "unknown-specifier",
          at,
          len,
          `%${ex.problem.char} in the argument is not a specifier systemd-tmpfiles knows (write %% for a literal %); it rejects the line.`,
          fix,
        );
      return undefined;
    }
    if (utf8LongerThan(ex.value, PATH_MAX - 1)) {
      onField(
        out,
        argField,
        "path-too-long",
        `The argument is longer than the ${PATH_MAX - 1} bytes systemd allows once expanded; it rejects the line.`,
      );
      return undefined;
    }
    return ex.value;
  } else if (letter === "t" || letter === "T") {
    // Specifiers are expanded in the names and values of the attributes that were read.
    for (const x of splitXattrs(argField.value).xattrs) {
      const ex = expandSpecifiers(x.name, version).problem ?? expandSpecifiers(x.value, version).problem;
      if (ex) {
        report(
          out,
          ex.since !== undefined ? "specifier-not-in-release" : "unknown-specifier",
          argField.offset + x.at,
          x.length,
          `%${ex.char} in the extended attribute is not a specifier systemd ${version} knows; it rejects the line.`,
        );
        return undefined;
      }
    }
  }
  return argField.value;
}

/** The mode's part of the signature, after reporting its problems; undefined when systemd rejects the line for it. */
function modeSignature(
  out: CoreDiagnostic[],
  modeField: Field | undefined,
  lt: LineType,
  letter: string,
  entry: EntryLine,
  ctx: LineContext,
  guess: boolean,
): string | undefined {
  let modeSig = lt.directoryMode ? "default:755" : "default:644";
  if (modeField && modeField.value !== "" && modeField.value !== "-") {
    const m = parseModeField(modeField.value);
    if (m.mode === undefined) {
      const octal = symbolicModeToOctal(modeField.value);
      if (octal !== undefined) {
        onField(
          out,
          modeField,
          "mode-not-octal",
          `The mode '${modeField.value}' is not octal (systemd reads only octal such as ${octal}); systemd-tmpfiles rejects the line.`,
          [
            {
              title: `Write ${octal}`,
              edits: [{ offset: modeField.offset, length: modeField.length, newText: octal }],
              preferred: true,
            },
          ],
        );
      } else {
        const guesses =
          modeField.raw === modeField.value
            ? invalidModeCandidates(modeField.value, lt.directoryMode || letter === "e").map((c): Fix => ({
                title: `Write ${c.value} (${c.why})`,
                edits: [{ offset: modeField.offset, length: modeField.length, newText: c.value }],
              }))
            : [];
        onField(
          out,
          modeField,
          "mode-invalid",
          `The mode '${modeField.value}' ${m.problem}; systemd-tmpfiles rejects the line.`,
          cleanGuesses(entry, ctx, guess, guesses),
        );
      }
      return undefined;
    }
    modeSig = `${m.mask ? "~" : ""}${m.onlyCreate ? ":" : ""}${m.mode.toString(8)}`;
    for (const d of modeFixes(letter, lt, m.mode, modeField))
      report(out, d.code, modeField.offset, modeField.length, d.message, d.fixes);
  }
  return modeSig;
}

/** The age's part of the signature, after reporting its problems; undefined when systemd rejects the line for it. */
function ageSignature(
  out: CoreDiagnostic[],
  ageField: Field | undefined,
  letter: string,
  entry: EntryLine,
  ctx: LineContext,
  guess: boolean,
): string | undefined {
  let ageSig = "-";
  if (ageField && ageField.value !== "" && ageField.value !== "-") {
    const a = parseAgeField(ageField.value, !GREEK_MU_UNIT_UNKNOWN.has(ctx.version));
    if (a.keepFirstLevel && letter === "r" && ctx.version >= SINCE.keepFirstLevelRefusedOnR) {
      // r lines do not clean, so the age has no effect on them: dropping ~ changes nothing else.
      const fix: Fix[] =
        ageField.raw === ageField.value
          ? [
              {
                title: "Remove the ~ prefix",
                edits: [{ offset: ageField.offset, length: 1, newText: "" }],
                preferred: true,
              },
            ]
          : [];
      onField(
        out,
        ageField,
        "age-keep-first-level-not-for-type",
        `The ~ prefix of the age is not allowed on r lines in systemd ${ctx.version}; it rejects the line.`,
        fix,
      );
      return undefined;
    }
    if (a.problem) {
      const guesses =
        a.problem.what === "age" && ageField.raw === ageField.value
          ? ageCandidates(a.span).map((c): Fix => ({
              title: `Write ${ageField.value.slice(0, a.spanAt) + c.span} (${c.unit})`,
              edits: [{ offset: ageField.offset + a.spanAt, length: a.span.length, newText: c.span }],
            }))
          : [];
      onField(
        out,
        ageField,
        a.problem.what === "age-by" ? "age-by-invalid" : "age-invalid",
        `${a.problem.what === "age-by" ? "In the age, " + a.problem.message : "The age " + a.problem.message}; systemd-tmpfiles rejects the line.`,
        cleanGuesses(entry, ctx, guess, guesses),
      );
      return undefined;
    }
    // Unselected kinds keep systemd's defaults: every timestamp for files, all but ctime for directories.
    const byFile = a.byFile ? a.byFile : 15;
    const byDir = a.byDir ? a.byDir : 11;
    ageSig = `${a.keepFirstLevel ? "~" : ""}${byFile}/${byDir}:${a.usec}`;
  }
  return ageSig;
}

/**
 * The part of the signature for the user or group field, after reporting
 * its problems; undefined when systemd rejects the line for it.
 */
function ownerSignature(
  out: CoreDiagnostic[],
  fld: Field | undefined,
  which: "user" | "group",
  ctx: LineContext,
): string | undefined {
  if (!fld || fld.value === "" || fld.value === "-") return "-";
  const o = parseOwnerField(fld.value);
  const nameProblem = o.id === undefined ? (o.idProblem ? `${o.idProblem}` : ownerNameProblem(o.name)) : undefined;
  if (nameProblem) {
    onField(
      out,
      fld,
      "owner-invalid",
      `The ${which} '${o.name}' ${nameProblem}; systemd-tmpfiles cannot resolve it and rejects the line.`,
    );
    return undefined;
  }
  if (o.id === undefined && ctx.userDatabase && o.name !== "root") {
    const known = which === "user" ? ctx.userDatabase.users : ctx.userDatabase.groups;
    const origin = ctx.userDatabase.origin;
    if (!known.has(o.name) && origin) {
      const file = `/etc/${which === "user" ? "passwd" : "group"}${origin.local ? "" : " there"}`;
      onField(
        out,
        fld,
        "owner-not-on-host",
        `The ${which} '${o.name}' is not in ${origin.where}'s user database (${file}); systemd-tmpfiles ${origin.local ? "here" : "there"} rejects the line.`,
      );
    } else if (!known.has(o.name)) {
      onField(
        out,
        fld,
        "owner-unknown",
        `No ${which} '${o.name}' is in the given ${which === "user" ? "passwd" : "group"} file; systemd-tmpfiles would reject the line there.`,
      );
      return undefined;
    }
  }
  return `${o.onlyCreate ? ":" : ""}${o.id ?? (o.name === "root" ? 0 : "name:" + o.name)}`;
}

/** Whether the line, with one edit made, checks without errors or warnings for the same release. */
function fixedLineIsClean(entry: EntryLine, ctx: LineContext, edit: TextEditOffsets): boolean {
  const at = edit.offset - entry.offset;
  const text = entry.text.slice(0, at) + edit.newText + entry.text.slice(at + edit.length);
  const line = parseLine(text, 0, 0, ctx.version >= SINCE.escapesInFields);
  if (line.kind !== "entry") return false;
  return !analyzeLine(line, ctx, false).diagnostics.some((d) => d.severity === "error" || d.severity === "warning");
}

function argumentWhat(lt: LineType): string {
  switch (lt.argument) {
    case "content":
      return "the text to write";
    case "device":
      return "MAJOR:MINOR";
    case "xattr":
      return "NAME=VALUE pairs";
    case "acl":
      return "ACL entries";
    case "attribute":
      return "file attributes such as +i";
    default:
      return "an argument";
  }
}
