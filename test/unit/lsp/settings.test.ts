import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_SETTINGS, readSettings } from "../../../server/src/lsp/settings";
import { parseVersionOutput } from "../../../server/src/lsp/systemdVersion";
import { documentKind, namedFileKind, tmpfilesTreeOf } from "../../../server/src/core/documentKind";

const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; enum?: unknown[] }> } };
};
const props = pkg.contributes.configuration.properties;

test("package.json's settings and the schema name the same settings with the same defaults", () => {
  assert.deepEqual(Object.keys(props).sort(), [
    "tmpfiles.remote.host",
    "tmpfiles.remote.sshConfig",
    "tmpfiles.systemdVersion",
    "tmpfiles.userDatabase",
  ]);
  assert.equal(props["tmpfiles.systemdVersion"]!.default, DEFAULT_SETTINGS.systemdVersion);
  assert.deepEqual(props["tmpfiles.userDatabase"]!.default, DEFAULT_SETTINGS.userDatabase);
  assert.equal(props["tmpfiles.remote.host"]!.default, DEFAULT_SETTINGS.remote.host);
  assert.equal(props["tmpfiles.remote.sshConfig"]!.default, DEFAULT_SETTINGS.remote.sshConfig);
  for (const v of props["tmpfiles.systemdVersion"]!.enum!) {
    const r = readSettings({ systemdVersion: v });
    assert.deepEqual(r.problems, [], `${String(v)} is accepted`);
    assert.equal(r.settings.systemdVersion, v);
  }
});

test("bad values are reported one by one and replaced by the default", () => {
  const r = readSettings({
    systemdVersion: 251,
    userDatabase: { passwd: "/p", shadow: "/s" },
    remote: { host: "-oProxyCommand=x" },
  });
  assert.equal(r.problems.length, 3);
  assert.match(r.problems[0]!, /tmpfiles\.systemdVersion is 251/);
  assert.match(r.problems[1]!, /tmpfiles\.userDatabase/);
  assert.match(r.problems[2]!, /tmpfiles\.remote\.host is "-oProxyCommand=x"/);
  assert.deepEqual(r.settings, DEFAULT_SETTINGS);
  assert.equal(readSettings({ systemdVersion: "257" }).settings.systemdVersion, 257);
  assert.deepEqual(readSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
  assert.equal(readSettings("junk").problems.length, 1);
  assert.deepEqual(readSettings({ userDatabase: { passwd: "/etc/passwd" } }).settings.userDatabase, {
    passwd: "/etc/passwd",
  });
});

test("the release from systemd-tmpfiles --version", () => {
  assert.equal(parseVersionOutput("systemd 257 (257.4-1~bpo12+1)\n+PAM +AUDIT\n"), 257);
  assert.equal(parseVersionOutput("systemd 252 (252.30-1~deb12u2)"), 252);
  assert.equal(parseVersionOutput("something else"), undefined);
});

test("a file named on the command line is ours, its name says which kind (docs/contracts.md §1)", () => {
  assert.equal(namedFileKind("/w/a.conf"), "tmpfiles");
  assert.equal(namedFileKind("notes.txt"), "tmpfiles");
  assert.equal(namedFileKind("/w/package.JSON"), "manifest");
  assert.equal(namedFileKind("host.nix"), "nix");
});

test("which documents are looked at (docs/contracts.md §3)", () => {
  assert.equal(documentKind("tmpfiles", "/x/any.txt", ""), "tmpfiles");
  assert.equal(documentKind("plaintext", "/w/etc/tmpfiles.d/a.conf", ""), "tmpfiles");
  assert.equal(documentKind(undefined, "/w/user-tmpfiles.d/a.conf", undefined), "tmpfiles");
  assert.equal(documentKind("plaintext", "/w/a.tmpfiles", ""), "tmpfiles");
  assert.equal(documentKind("plaintext", "/w/a.conf", ""), undefined);
  assert.equal(documentKind("json", "/w/host.etc.json", "[]"), "manifest");
  assert.equal(documentKind("jsonc", "/w/etc-manifest.json", "[]"), "manifest");
  assert.equal(documentKind("json", "/w/x.json", '{"$schema": "https://x/etc-manifest.schema.json"}'), "manifest");
  assert.equal(documentKind("json", "/w/package.json", '{"name": "x"}'), undefined);
  // Other editors' language ids never rule a document out: Emacs sends js or js-json for JSON.
  assert.equal(documentKind("js-json", "/w/etc-manifest.json", "[]"), "manifest");
  assert.equal(documentKind("js", "/w/host.etc.json", "[]"), "manifest");
  assert.equal(documentKind("js-json", "/w/x.json", '{"$schema": "https://x/etc-manifest.schema.json"}'), "manifest");
  assert.equal(documentKind("js", "/w/x.json", '// c\n{"$schema": "https://x/etc-manifest.schema.json"}'), "manifest");
  assert.equal(documentKind("conf", "/w/tmpfiles.d/a.conf", ""), "tmpfiles");
  // A $schema counts only at the top of a JSON object, not in code or prose that mentions one.
  assert.equal(documentKind("javascript", "/w/x.js", 'const s = {"$schema": "etc-manifest"};'), undefined);
  assert.equal(documentKind("markdown", "/w/README.md", '{"$schema": "etc-manifest"}'), undefined);
  assert.equal(tmpfilesTreeOf("/w/usr/lib/tmpfiles.d/x.conf"), "system");
  assert.equal(tmpfilesTreeOf("/w/user-tmpfiles.d/x.conf"), "user");
  assert.equal(tmpfilesTreeOf("/w/x.tmpfiles"), undefined);
});
