// Names against a machine's own user database (this one, or tmpfiles.remote.host): an unknown name is a
// warning that says where the tool looked, since systemd-tmpfiles on that machine rejects the line but
// another machine may know the name; against files the user named it stays an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmpfiles } from "../../../server/src/core/tmpfiles/check";
import { namesOfFetched } from "../../../server/src/core/userDatabase";
import { UnreadableInput } from "../../../server/src/core/readTextFile";

const db = (origin?: { where: string; local: boolean }) => ({
  users: new Set(["root", "alice"]),
  groups: new Set(["root", "adm"]),
  ...(origin ? { origin } : {}),
});
const TEXT = "d /run/a 0755 bob adm -\nd /run/b 0999 alice staff -\n";

test("this machine's database: unknown names are warnings that say where, and the rest of the line is still checked", () => {
  const r = checkTmpfiles(TEXT, { userDatabase: db({ where: "this machine", local: true }) });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, TEXT.slice(d.offset, d.offset + d.length)]),
    [
      ["owner-not-on-host", "warning", "bob"],
      ["mode-invalid", "error", "0999"],
      ["owner-not-on-host", "warning", "staff"],
    ],
  );
  assert.equal(
    r.diagnostics[0]!.message,
    "The user 'bob' is not in this machine's user database (/etc/passwd); systemd-tmpfiles here rejects the line.",
  );
  assert.equal(
    r.diagnostics[2]!.message,
    "The group 'staff' is not in this machine's user database (/etc/group); systemd-tmpfiles here rejects the line.",
  );
});

test("a remote host's database names the host", () => {
  const r = checkTmpfiles("d /run/a 0755 bob adm -\n", { userDatabase: db({ where: "build-box", local: false }) });
  assert.equal(
    r.diagnostics[0]!.message,
    "The user 'bob' is not in build-box's user database (/etc/passwd there); systemd-tmpfiles there rejects the line.",
  );
  assert.equal(r.diagnostics[0]!.severity, "warning");
});

test("files the user named: an unknown name is an error, as before", () => {
  const r = checkTmpfiles("d /run/a 0755 bob adm -\n", { userDatabase: db() });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity]),
    [["owner-unknown", "error"]],
  );
});

test("a fetched passwd is held to the limits of a passwd file", () => {
  assert.deepEqual(
    namesOfFetched("root:x:0:0::/root:/bin/sh\n# c\nalice:x:1000:1000::/home/alice:/bin/sh\n", "build-box:/etc/passwd"),
    ["root", "alice"],
  );
  assert.throws(
    () => namesOfFetched("root\0x", "build-box:/etc/passwd"),
    (e: unknown) => e instanceof UnreadableInput && /NUL/.test(e.message),
  );
  assert.throws(
    () => namesOfFetched("a".repeat(8 * 1024 * 1024 + 1), "build-box:/etc/passwd"),
    (e: unknown) => e instanceof UnreadableInput,
  );
});
