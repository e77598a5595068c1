// Property: a tmpfiles.d line written as a `systemd.tmpfiles.settings` entry
// (its type and path as attribute names, the other fields as attributes) gets
// the verdicts the line gets alone, each reported inside the string of the
// field it is about, as NixOS writes the entry as a quoted line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNix } from "../../../../server/src/core/nix/check";
import { checkTmpfiles } from "../../../../server/src/core/tmpfiles/check";
import { parseLine, type EntryLine, type FieldName } from "../../../../server/src/core/tmpfiles/parse";
import { RULE_LINES } from "../../../support/ruleLines";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../../../server/src/core/versions";

const FIELDS: FieldName[] = ["mode", "user", "group", "age", "argument"];

/** The line as a settings entry, and where each field's value was written; undefined when NixOS could not write it as this line. */
function asSettings(
  line: string,
  version: number,
): { nix: string; spans: Map<FieldName, [number, number]> } | undefined {
  const parsed = parseLine(line, 0, 0, version >= 254);
  if (parsed.kind !== "entry") return undefined;
  const e = parsed;
  const values = new Map<FieldName, string>();
  for (const name of ["type", "path", ...FIELDS] as FieldName[]) {
    const f = e.fields[name];
    if (!f) continue;
    // NixOS quotes each field but the argument in '…' and escapes the argument's spaces and backslashes: a value
    // with a quote, a backslash, white space or a quoted field of its own is not one it writes back as this line.
    if (/['"\\\s]/.test(f.raw) || f.raw === "") return undefined;
    values.set(name, f.value);
  }
  if (!values.has("type") || !values.has("path")) return undefined;
  const spans = new Map<FieldName, [number, number]>();
  let nix = `{ systemd.tmpfiles.settings."10-x".`;
  const put = (name: FieldName, text: string): void => {
    spans.set(name, [nix.length, nix.length + text.length]);
    nix += text;
  };
  nix += '"';
  put("path", values.get("path")!);
  nix += '"."';
  put("type", values.get("type")!);
  nix += '" = {';
  for (const name of FIELDS) {
    const v = values.get(name);
    if (v === undefined) continue;
    nix += ` ${name} = "`;
    put(name, v);
    nix += '";';
  }
  nix += " }; }\n";
  return { nix, spans };
}

function fieldOf(e: EntryLine, offset: number, length: number): FieldName | undefined {
  for (const [name, f] of Object.entries(e.fields) as [FieldName, { offset: number; length: number }][]) {
    if (offset >= f.offset && offset + length <= f.offset + f.length) return name;
  }
  return undefined;
}

const LINES = RULE_LINES.filter((l) => !l.trimStart().startsWith("#"));

test("every line NixOS can write as a settings entry gets its verdicts there, on the field's string", () => {
  let compared = 0;
  for (const version of [OLDEST_VERSION, 257, NEWEST_VERSION]) {
    for (const line of LINES) {
      const s = asSettings(line, version);
      if (!s) continue;
      compared++;
      const alone = checkTmpfiles(line, { systemdVersion: version, fileName: "/etc/tmpfiles.d/10-x.conf" }).diagnostics;
      const inNix = checkNix(s.nix, { systemdVersion: version }).diagnostics;
      const where = `${JSON.stringify(line)}, systemd ${version}\n${s.nix}`;
      assert.deepEqual(
        inNix.map((d) => [d.code, d.severity]).sort(),
        alone.map((d) => [d.code, d.severity]).sort(),
        where,
      );
      const e = parseLine(line, 0, 0, version >= 254) as EntryLine;
      for (const d of alone) {
        const field = fieldOf(e, d.offset, d.length);
        const span = field && s.spans.get(field);
        if (!span) continue;
        const placed = inNix.find((x) => x.code === d.code && x.offset >= span[0] && x.offset + x.length <= span[1]);
        assert.ok(placed, `${where}: ${d.code} is inside the ${field} string`);
      }
    }
  }
  assert.ok(compared > 300, `lines compared: ${compared}`);
});
