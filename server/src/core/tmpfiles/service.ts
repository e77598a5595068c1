/**
 * The editor features of a tmpfiles.d document (core/service.ts). The
 * lines the last check kept are used while they are of the same text and
 * release; else the document is parsed once, when a feature first needs it.
 * The outline and the tokens read only the lines asked for.
 */
import type { DocumentService, ServiceInput } from "../service.js";
import { SINCE } from "../versions.js";
import { parseForVersion } from "./check.js";
import { tmpfilesCompletions } from "./complete.js";
import { formatInSteps } from "./format.js";
import { tmpfilesHover } from "./hover.js";
import type { FileLines } from "./incremental.js";
import { parseLineRange, type TmpfilesDocument, type TmpfilesLine } from "./parse.js";
import { semanticTokens } from "./semanticTokens.js";
import { tmpfilesSymbols } from "./symbols.js";

function open(input: ServiceInput): ReturnType<DocumentService["open"]> {
  const { systemdVersion } = input;
  const escapes = systemdVersion >= SINCE.escapesInFields;
  let doc: TmpfilesDocument | undefined;
  // The kept lines follow the file's later edits: they are used only while they are still of this text.
  const kept = (): FileLines | undefined => {
    const l = input.checkedLines;
    return l && (l.text === input.source || l.text === input.text) && l.escapes === escapes ? l : undefined;
  };
  const whole = (): TmpfilesDocument => (doc ??= kept()?.document() ?? parseForVersion(input.text, systemdVersion));
  /** A document that holds at least the line at `offset` (all of them, or that line alone). */
  const lineDoc = (offset: number): TmpfilesDocument => doc ?? kept()?.lineDocument(offset) ?? whole();
  // Read from the text as the caller keeps it: a whole string of every version typed would cost its size each time.
  const lines = (from: number, to: number): { lines: TmpfilesLine[] } => {
    const index = input.index;
    const text = input.source ?? input.text;
    const end = to >= index.lineCount ? text.length : index.lineStart(to);
    return { lines: parseLineRange(text, index.lineStart(from), end, from, { escapes }) };
  };
  return {
    hover: (offset) => tmpfilesHover(lineDoc(offset), offset, { systemdVersion }),
    completions(offset) {
      const names = input.names();
      const options = {
        systemdVersion,
        users: names.users,
        groups: names.groups,
        usersFrom: names.usersFrom,
        groupsFrom: names.groupsFrom,
      };
      // The inserted text starts with what is typed of the field, so it filters as well as the label.
      return tmpfilesCompletions(input.text, offset, options).map((c) => ({ ...c, filterText: c.insertText }));
    },
    symbols: (from, to) => tmpfilesSymbols(lines(from, to)).map((s) => ({ ...s, name: s.name || "(empty path)" })),
    tokens: (from, to) => semanticTokens(lines(from, to)),
    format: () => formatInSteps(input.text, { escapes }),
  };
}

export const tmpfilesService: DocumentService = { kind: "tmpfiles", diagnosticSource: "tmpfiles", open };
