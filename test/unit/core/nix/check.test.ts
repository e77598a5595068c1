// A .nix file checked as the tmpfiles.d files NixOS makes of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { checkNix, nixTmpfilesFiles } from "../../../../server/src/core/nix/check";
import { checkNixTree } from "../../../../server/src/core/nix/tree";

const MODULE = `{ config, lib, pkgs, ... }:
{
  config = lib.mkIf config.services.foo.enable {
    systemd.tmpfiles.rules = [
      "d /var/lib/foo 0750 foo foo -"
      "L+ /run/foo - - - - \${pkgs.foo}/share"
      "d \${config.services.foo.dir} \${config.services.foo.mode} foo foo -"
    ] ++ lib.mkAfter [ "d /var/lib/first 0755 root root -" ];
    systemd.tmpfiles.rules = lib.mkBefore [ "d /var/lib/first 0700 root root -" ];
    systemd.tmpfiles.settings."10-foo" = {
      "/var/lib/zeta".f = { mode = "0755"; user = "foo"; argument = "a b\\\\"; };
      "/var/lib/alpha" = { d = { }; };
      "/var/lib/beta"."L+".argument = "/etc/x";
      "/var/lib/foo".d.mode = "0700";
    };
  };
}
`;

test("settings become the lines NixOS writes, in the order of their names; rules keep mkBefore first", () => {
  const files = nixTmpfilesFiles(MODULE);
  const settings = files.find((f) => f.path === "/etc/tmpfiles.d/10-foo.conf")!;
  assert.equal(
    settings.text.text,
    "'d' '/var/lib/alpha' '-' '-' '-' '-' \n'L+' '/var/lib/beta' '-' '-' '-' '-' /etc/x\n'd' '/var/lib/foo' '0700' '-' '-' '-' \n'f' '/var/lib/zeta' '0755' 'foo' '-' '-' a\\x20b\\x5c\n",
  );
  const rules = files.find((f) => f.path === "/etc/tmpfiles.d/00-nixos.conf")!;
  assert.match(rules.text.text, /^d \/var\/lib\/first 0700 root root -\nd \/var\/lib\/foo 0750/);
});

test("duplicates across the rules and the settings are reported with the line of the other", () => {
  const { diagnostics } = checkNix(MODULE);
  const dup = diagnostics.filter((d) => d.code === "duplicate-path");
  const lines = (o: number) => MODULE.slice(0, o).split("\n").length;
  assert.deepEqual(
    dup.map((d) => [MODULE.slice(d.offset, d.offset + d.length), lines(d.offset), lines(d.related![0]!.offset)]),
    [
      ["/var/lib/first", 8, 9],
      ['"/var/lib/foo"', 14, 5],
    ].map(([t, a, b]) => [String(t).replace(/"/g, ""), a, b]),
  );
  assert.match(dup[0]!.message, /^line 9 already owns/);
});

test("interpolations are not judged, and nothing else is reported", () => {
  const codes = checkNix(MODULE).diagnostics.map((d) => d.code);
  assert.deepEqual([...new Set(codes)].sort(), ["duplicate-path", "duplicate-path-elsewhere"]);
});

test("a bad mode in a settings entry is reported on the mode's string", () => {
  const text = `{ systemd.tmpfiles.settings.x."/run/a".d.mode = "0999"; }`;
  const [d] = checkNix(text).diagnostics;
  assert.equal(d?.code, "mode-invalid");
  assert.equal(text.slice(d.offset, d.offset + d.length), "0999");
});

test("any text, Nix or not: no exception, and every diagnostic, related place and fix inside the text", () => {
  const pieces = fc.constantFrom(
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ";",
    "=",
    '"',
    "''",
    "'''",
    "''$",
    "${",
    "$${",
    "\\",
    "\n",
    " ",
    "systemd.tmpfiles.rules",
    "systemd.tmpfiles.settings",
    ".",
    '"d /x 0985 - - -"',
    "lib.mkIf x",
    "++",
    "rules",
    "a",
    "/x",
    "d",
    "mode = ",
    "# c",
    "/*",
    "*/",
  );
  fc.assert(
    fc.property(
      fc.array(pieces, { maxLength: 60 }).map((a) => a.join("")),
      (text) => {
        const { diagnostics } = checkNix(text);
        const inside = (o: number, l: number): boolean => o >= 0 && l >= 0 && o + l <= text.length;
        for (const d of diagnostics) {
          assert.ok(inside(d.offset, d.length), JSON.stringify({ text, d }));
          for (const r of d.related ?? []) assert.ok(inside(r.offset, r.length));
          for (const f of d.fixes ?? []) for (const e of f.edits) assert.ok(inside(e.offset, e.length));
        }
      },
    ),
    { numRuns: 500 },
  );
});

test("a large module is checked whole: 10,000 rules on one path, each later one a duplicate placed on its own line", () => {
  const rules = Array.from({ length: 10_000 }, (_, i) => `    "d /var/lib/x 0755 u${i} - -"`).join("\n");
  const text = `{\n  systemd.tmpfiles.rules = [\n${rules}\n  ];\n}\n`;
  const dup = checkNix(text).diagnostics.filter((d) => d.code === "duplicate-path");
  assert.equal(dup.length, 9_999);
  assert.match(dup[9_998]!.message, /^line 3 already owns/);
  assert.equal(text.slice(0, dup[9_998]!.offset).split("\n").length, 10_002);
});

test("a NixOS container's rules are a systemd-tmpfiles run of their own", () => {
  const text = `{\n  systemd.tmpfiles.rules = [ "d /srv/a 0755 - - -" ];\n  containers.web.config.systemd.tmpfiles.rules = [ "d /srv/a 0700 - - -" "d /srv/a 0750 - - -" ];\n}\n`;
  const dup = checkNix(text).diagnostics.filter((d) => d.code === "duplicate-path");
  assert.deepEqual(
    dup.map((d) => text.slice(0, d.offset).split("\n").length + ":" + text.slice(d.offset).indexOf("0750")),
    ["3:7"],
    "the later container line, on its path",
  );
  const joint = checkNixTree(
    [{ name: "m.nix", text }],
    [{ path: "/etc/tmpfiles.d/50-a.conf", text: "d /srv/a 0711 - - -\n" }],
  );
  assert.deepEqual(
    joint.conf[0]!.diagnostics.map((d) => d.message.split(" ")[0]),
    ["m.nix:2"],
    "only the machine's lines meet the workspace's files",
  );
});

test("rules made by map-like functions are judged with their item unknown", () => {
  const text = `{ lib, config, ... }: {\n  systemd.tmpfiles.rules = lib.mapAttrsToList (n: _v: "d /export/\${n} 0985 \${n} users -") config.users.users;\n}\n`;
  const [d, more] = checkNix(text).diagnostics;
  assert.equal(more, undefined);
  assert.equal(d?.code, "mode-invalid");
  assert.equal(text.slice(d.offset, d.offset + d.length), "0985");
});

test("the initrd's settings are a run of their own, checked as the machine's", () => {
  const text = `{\n  systemd.tmpfiles.settings.a."/srv/x".d.mode = "0755";\n  boot.initrd.systemd.tmpfiles.settings.a."/srv/x".d.mode = "0700";\n  boot.initrd.systemd.tmpfiles.settings.b."/srv/y".d.mode = "0999";\n}\n`;
  const r = checkNix(text);
  assert.deepEqual(r.files.map((f) => [f.scope, f.path]).sort(), [
    ["", "/etc/tmpfiles.d/a.conf"],
    ["initrd", "/etc/tmpfiles.d/a.conf"],
    ["initrd", "/etc/tmpfiles.d/b.conf"],
  ]);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ["mode-invalid"],
  );
});
