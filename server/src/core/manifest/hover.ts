/** Hover for manifests: what a key means, what a value does, what the entry becomes on disk. */
import { findNodeAtOffset, type Node } from "jsonc-parser";
import { entryItem, etcPath, formatItem, type GenerateOptions } from "./generate.js";
import type { Manifest, ManifestEntry } from "./model.js";
import { readManifest } from "./read.js";
import { describeMode, describeOwner, modeProblem, specialBitsOfCopy } from "./describe.js";
import { fieldDocs, isFieldName } from "./schema.js";

export interface ManifestHover {
  markdown: string;
  /** The span the hover is about. */
  offset: number;
  length: number;
}

function within(n: Node, offset: number): boolean {
  return offset >= n.offset && offset <= n.offset + n.length;
}

function entryAt(m: Manifest, offset: number): ManifestEntry | undefined {
  return m.entries.find((e) => within(e.container, offset));
}

function onDisk(e: ManifestEntry, opts: GenerateOptions): string {
  const item = entryItem(e, opts);
  if (!item) return "\n\nThis entry cannot be laid out as it stands (see its diagnostics).";
  const what = item.type === "C" ? "is copied from" : "links to";
  const target = item.type === "C" ? e.source : item.argument;
  return `\n\n**On disk:** \`${etcPath(item.path)}\` ${what} \`${target}\`${e.glob ? " (the glob's directory of links)" : ""}.\n\n\`\`\`tmpfiles\n${formatItem(item)}\n\`\`\``;
}

function fieldHover(key: string): string {
  if (!isFieldName(key)) return `**${key}**: not a field of an etc entry; it is ignored.`;
  const d = fieldDocs[key];
  return `**${key}** (${d.type}): ${d.summary}\n\n${d.details}${d.default ? `\n\nDefault: ${d.default}.` : ""}`;
}

function valueHover(e: ManifestEntry, key: string, opts: GenerateOptions): string | undefined {
  switch (key) {
    case "target":
      return `\`${e.normTarget ? etcPath(e.normTarget) : e.rawTarget}\`${onDisk(e, opts)}`;
    case "source":
      return `${e.glob ? "A glob: the target becomes a directory with a link for every match." : "The file the entry links to or copies."}${onDisk(e, opts)}`;
    case "mode":
      return e.mode === undefined ? undefined : modeHover(e, opts);
    case "user":
    case "group": {
      const v = e[key];
      if (v === undefined) return undefined;
      const applies = e.kind === "copy" && !e.glob ? "" : " It has no effect here: the entry is a link.";
      return `${key === "user" ? "Owner" : "Group"}: ${describeOwner(v, key)}.${applies}`;
    }
    case "enable":
      return e.enabled ? "The entry is put into /etc." : "The entry is left out: it generates nothing.";
    default:
      return undefined;
  }
}

function modeHover(e: ManifestEntry, opts: GenerateOptions): string {
  const mode = e.mode!;
  if (e.kind === undefined) {
    return `Not a mode NixOS can use: the mode \`${JSON.stringify(mode).replace(/`/g, "\u02cb")}\` ${modeProblem(mode).what}. A mode is \`"symlink"\`, \`"direct-symlink"\` or an octal mode from \`"0000"\` to \`"07777"\`.${onDisk(e, opts)}`;
  }
  const bits = e.kind === "copy" && !e.glob ? specialBitsOfCopy(mode) : [];
  const special = bits.length ? `\n\nSpecial bits:\n${bits.map((b) => `- ${b}`).join("\n")}` : "";
  return `The entry becomes ${describeMode(mode)}.${special}${onDisk(e, opts)}`;
}

export function manifestHover(
  input: string | Manifest,
  offset: number,
  opts: GenerateOptions = {},
): ManifestHover | undefined {
  const m = typeof input === "string" ? readManifest(input) : input;
  if (!m.root) return undefined;
  const node = findNodeAtOffset(m.root, offset, true);
  if (!node) return undefined;
  const e = entryAt(m, offset);
  if (!e) return undefined;
  const span = { offset: node.offset, length: node.length };
  const parent = node.parent;
  if (e.nameNode === node) {
    const target = e.fields.get("target") ? "" : " It is also the target, since the entry gives none.";
    return { markdown: `Entry \`${e.name}\`.${target}${onDisk(e, opts)}`, ...span };
  }
  if (parent?.type !== "property" || parent.parent !== e.node) return undefined;
  const key = String(parent.children?.[0]?.value ?? "");
  if (parent.children?.[0] === node) return { markdown: fieldHover(key), ...span };
  const markdown = valueHover(e, key, opts);
  return markdown === undefined ? undefined : { markdown, ...span };
}
