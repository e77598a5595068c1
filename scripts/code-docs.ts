/**
 * The pages of docs/codes, one per diagnostic code, made from the code
 * registries (server/src/core/tmpfiles/codes.ts, server/src/core/manifest/codes.ts).
 * `npm run docs:codes` writes them; test/unit/docs/codes.test.ts checks that
 * the files are what this makes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CODES, type CodeInfo } from "../server/src/core/tmpfiles/codes.js";
import { manifestCodes, type CodeInfo as ManifestCodeInfo } from "../server/src/core/manifest/codes.js";
import { CODE_DOCS_DIR } from "../server/src/core/codeLinks.js";

type Kind = "tmpfiles" | "manifest";

function fence(text: string, lang: string): string {
  return "```" + lang + "\n" + text + "\n```";
}

function page(code: string, kind: Kind, info: CodeInfo | ManifestCodeInfo): string {
  const t = kind === "tmpfiles" ? (info as CodeInfo) : undefined;
  const lang = kind === "tmpfiles" ? "tmpfiles" : "";
  const flagged = info.severity === "error" ? "Rejected" : "Flagged";
  const where = kind === "tmpfiles" ? "tmpfiles.d lines" : "etc manifests";
  const out = [
    `# \`${code}\``,
    "",
    `**${info.severity}** in ${where}. ${info.title.replace(/\.?$/, ".")}`,
    "",
    `## What ${kind === "tmpfiles" ? "systemd-tmpfiles does" : "happens"}`,
    "",
    info.effect,
    "",
    `## ${flagged}${t?.version ? ` (systemd ${t.version})` : ""}`,
    "",
    fence(info.bad, lang),
    "",
    `## Accepted`,
    "",
    fence(info.good, lang),
    "",
  ];
  if (t?.needs) out.push(`The examples need ${t.needs}, so they describe the case rather than show it in full.`, "");
  out.push("## The fix", "", info.fix, "", `[All codes](README.md)`, "");
  return out.join("\n");
}

function index(): string {
  const rows = (kind: Kind, codes: Record<string, { severity: string; title: string }>): string[] =>
    Object.entries(codes).map(
      ([code, info]) => `| [\`${code}\`](${code}.md) | ${info.severity} | ${info.title.replace(/\|/g, "\\|")} |`,
    );
  return [
    "# Diagnostic codes",
    "",
    "Every diagnostic carries one of these codes; in an editor the code links to its page.",
    "Codes are stable: suppressions, scripts and quick fixes rely on them.",
    "",
    "## tmpfiles.d lines",
    "",
    "| code | severity | what it means |",
    "| --- | --- | --- |",
    ...rows("tmpfiles", CODES),
    "",
    "## etc manifests",
    "",
    "| code | severity | what it means |",
    "| --- | --- | --- |",
    ...rows("manifest", manifestCodes),
    "",
  ].join("\n");
}

/** Every file of docs/codes, by name, with its text. */
export function codePages(): Map<string, string> {
  const pages = new Map<string, string>([["README.md", index()]]);
  for (const [code, info] of Object.entries(CODES)) pages.set(`${code}.md`, page(code, "tmpfiles", info));
  for (const [code, info] of Object.entries(manifestCodes)) pages.set(`${code}.md`, page(code, "manifest", info));
  return pages;
}

if (process.argv[1] && /code-docs\.ts$/.test(process.argv[1])) {
  const dir = join(__dirname, "..", CODE_DOCS_DIR);
  mkdirSync(dir, { recursive: true });
  const pages = codePages();
  for (const name of readdirSync(dir)) if (!pages.has(name)) rmSync(join(dir, name));
  for (const [name, text] of pages) writeFileSync(join(dir, name), text);
  console.log(`${pages.size} pages in ${CODE_DOCS_DIR}`);
}
