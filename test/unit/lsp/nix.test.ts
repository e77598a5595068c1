// A .nix document over the protocol: diagnostics on the mode inside the Nix
// string (under the source "tmpfiles"), hover that says when a value is an
// interpolation, completion inside the string, and quick fixes that edit the
// string, escaped for its form; a .nix document that does not mention
// tmpfiles is left alone.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction, CompletionItem, Hover, TextEdit } from "vscode-languageserver-protocol";
import { applyTextEdits, startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
before(async () => {
  if (!skip) c = await startClient({ settings: { userDatabase: "none" } });
});
after(async () => {
  if (c) await c.stop();
});

const MODULE = `{ pkgs, ... }:
{
  systemd.tmpfiles.rules = [
    "d /var/lib/foo 0985 foo foo -"
    "L+ /run/foo - - - - \${pkgs.foo}/share"
    ''
      d /var/lib/bar 07777777 - - -
    ''
  ];
}
`;

const hoverText = (h: Hover | null): string =>
  h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "";

test("a bad mode inside the rules is reported on the mode, in both string forms", { skip }, async () => {
  const uri = c.uri("module.nix");
  c.open(uri, MODULE, "nix");
  const ds = await c.diagnosticsOf(uri, (d) => d.length === 2);
  assert.deepEqual(
    ds.map((d) => [d.code, d.source, d.range.start.line, d.range.start.character, d.range.end.character]),
    [
      ["mode-invalid", "tmpfiles", 3, 20, 24],
      ["mode-invalid", "tmpfiles", 6, 21, 29],
    ],
  );
});

test("the quick fix edits the string, and the fixed file checks clean", { skip }, async () => {
  const uri = c.uri("fix.nix");
  c.open(uri, MODULE, "nix");
  const ds = await c.diagnosticsOf(uri, (d) => d.length === 2);
  let text = MODULE;
  for (const d of ds) {
    const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.kind === "quickfix" && a.edit?.changes?.[uri]);
    assert.ok(fix, `a quick fix for ${typeof d.message === "string" ? d.message : d.message.value}`);
    text = applyTextEdits(text, fix.edit!.changes![uri]!);
    c.change(uri, text);
    await c.diagnosticsOf(uri, (x) => x.length < ds.length - ds.indexOf(d));
  }
  assert.match(text, /"d \/var\/lib\/foo 0\d{3} foo foo -"/);
  assert.match(text, /\n {6}d \/var\/lib\/bar 0\d{3} - - -\n/);
});

test("hover on a mode, and on an interpolation", { skip }, async () => {
  const uri = c.uri("hover.nix");
  c.open(uri, MODULE, "nix");
  await c.diagnosticsOf(uri, (d) => d.length === 2);
  const mode = await c.request<Hover>("textDocument/hover", {
    textDocument: { uri },
    position: { line: 3, character: 21 },
  });
  assert.match(hoverText(mode), /\*\*Mode\*\*/);
  assert.deepEqual(mode.range, { start: { line: 3, character: 20 }, end: { line: 3, character: 24 } });
  const interp = await c.request<Hover>("textDocument/hover", {
    textDocument: { uri },
    position: { line: 4, character: 28 },
  });
  assert.match(hoverText(interp), /Interpolation/);
});

test("completion inside the string offers modes", { skip }, async () => {
  const uri = c.uri("complete.nix");
  const text = `{ systemd.tmpfiles.rules = [ "d /var/lib/x 07" ]; }\n`;
  c.open(uri, text, "nix");
  const items = await c.request<CompletionItem[]>("textDocument/completion", {
    textDocument: { uri },
    position: { line: 0, character: text.indexOf("07") + 2 },
  });
  const item = items.find((i) => i.label === "0750");
  assert.ok(item);
  assert.deepEqual((item.textEdit as TextEdit).range, {
    start: { line: 0, character: text.indexOf("07") },
    end: { line: 0, character: text.indexOf("07") + 2 },
  });
});

test("a .nix file that does not mention tmpfiles gets no diagnostics", { skip }, async () => {
  const quiet = c.uri("other.nix");
  c.open(quiet, `{ services.foo.enable = true; x = "d /a 0985 - - -"; }\n`, "nix");
  const probe = c.uri("probe.nix");
  c.open(probe, MODULE, "nix");
  await c.diagnosticsOf(probe, (d) => d.length === 2);
  assert.equal(c.diagnostics.get(quiet), undefined);
});

test(
  "a settings field set twice: the value NixOS keeps is checked, and two of one priority are an error with the other named",
  { skip },
  async () => {
    const entry = `systemd.tmpfiles.settings."10-a"."/run/a".d.mode`;
    const text = `{ lib, ... }: lib.mkMerge [\n  { ${entry} = lib.mkDefault "0985"; }\n  { ${entry} = "0700"; }\n  { ${entry} = "0755"; }\n]\n`;
    const uri = c.uri("settings.nix");
    c.open(uri, text, "nix");
    const ds = await c.diagnosticsOf(uri, (d) => d.some((x) => x.code === "nix-settings-conflict"));
    const lineText = (l: number) => text.split("\n")[l]!;
    const quoted = (r: { start: { line: number; character: number }; end: { character: number } }) =>
      lineText(r.start.line).slice(r.start.character, r.end.character);
    // The bad mode under mkDefault is dropped by NixOS, so it is a note, not a mode-invalid error.
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line, quoted(d.range)]).sort(), [
      ["nix-definition-overridden", 1, '"0985"'],
      ["nix-settings-conflict", 3, '"0755"'],
    ]);
    const conflict = ds.find((d) => d.code === "nix-settings-conflict")!;
    assert.equal(conflict.source, "tmpfiles");
    assert.deepEqual(
      conflict.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, quoted(r.location.range)]),
      [[uri, 2, '"0700"']],
    );
  },
);
