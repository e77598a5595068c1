/**
 * tmpfiles.d lines to embed in other forms (the .nix tests): every line of
 * the case files and, when ../shared/corpus is there, of the NixOS corpus
 * (the `systemd.tmpfiles.rules` of real modules), markers and blank lines
 * left out, each once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMarkerLine } from "./markedCases";

const repo = join(__dirname, "../..");
const corpus = [join(repo, "../shared/corpus/nixos"), "/work/shared/corpus/nixos"].find((d) => existsSync(d));

function linesOf(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".conf"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n"))
    .filter((l) => l.trim() !== "" && !isMarkerLine(l) && !/[\r\0]/.test(l));
}

export const RULE_LINES: readonly string[] = [
  ...new Set([...linesOf(join(repo, "test/cases/tmpfiles")), ...(corpus ? linesOf(corpus) : [])]),
];
