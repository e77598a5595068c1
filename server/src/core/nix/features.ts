// Hover and completion inside the tmpfiles.d rules of a .nix file: the
// tmpfiles.d features, asked of the file NixOS makes, placed back on the
// .nix text.
import { parseForVersion } from "../tmpfiles/check.js";
import { tmpfilesCompletions, type CompletionOptions, type TmpfilesCompletion } from "../tmpfiles/complete.js";
import { tmpfilesHover, type HoverOptions, type TmpfilesHover } from "../tmpfiles/hover.js";
import { NEWEST_VERSION } from "../versions.js";
import { nixTmpfilesFiles } from "./check.js";
import { settingsCompletions } from "./settingsCompletion.js";

const PLACEHOLDER = /\/nix\/store\/\d{32}-interpolation/g;

const UNKNOWN_NOTE =
  "**Interpolation**: its value is known only when Nix evaluates the configuration, so the field it is in is not judged here (a path there is taken to be a store path).";

export function nixHover(text: string, offset: number, options: HoverOptions = {}): TmpfilesHover | undefined {
  for (const file of nixTmpfilesFiles(text)) {
    const hit = file.text.at(offset);
    if (!hit) continue;
    const version = options.systemdVersion ?? NEWEST_VERSION;
    const h = tmpfilesHover(parseForVersion(file.text.text, version), hit.offset, { systemdVersion: version });
    const span = h ? file.text.span(h.offset, h.length) : file.text.span(hit.offset, 1);
    const markdown = [hit.unknown ? UNKNOWN_NOTE : "", h?.markdown.replace(PLACEHOLDER, "${…}") ?? ""]
      .filter((s) => s !== "")
      .join("\n\n");
    if (markdown === "") return undefined;
    return { markdown, offset: span.from, length: span.to - span.from };
  }
  return undefined;
}

export function nixCompletions(text: string, offset: number, options: CompletionOptions = {}): TmpfilesCompletion[] {
  const inSettings = settingsCompletions(text, offset, options);
  if (inSettings) return inSettings;
  for (const file of nixTmpfilesFiles(text)) {
    const at = file.text.cursor(offset);
    if (at === undefined) continue;
    const out: TmpfilesCompletion[] = [];
    for (const c of tmpfilesCompletions(file.text.text, at, options)) {
      const e = file.text.edit({ offset: c.offset, length: c.length, newText: c.insertText }, text);
      if (e) out.push({ ...c, offset: e.offset, length: e.length, insertText: e.newText });
    }
    return out;
  }
  return [];
}
