// tmpfiles.userDatabase "target" (the default): names are checked against the user database of the
// machine the files are for, this one or tmpfiles.remote.host (fetched by the client), and an unknown
// name is a warning that says where the server looked. The same line fails a real dry-run of Debian's
// systemd-tmpfiles 262 on this machine (--dry-run: nothing is changed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { DiagnosticSeverity } from "vscode-languageserver-protocol/node";
import { DRY_RUN_WORDS } from "../../../client/src/dryRun/commandLine";
import { runToEnd } from "../../../client/src/dryRun/process";
import { describeRun } from "../../../client/src/dryRun/runSummary";
import { TargetFactsNotification } from "../../../server/src/protocol";
import { oracleArgv, oracleVersions } from "../../conformance/oracle";
import { startClient, serverBuilt } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const USER = "tmpfiles-lsp-no-such-user";
const TEXT = `d /run/tmpfiles-lsp-user-db-test 0755 ${USER} root -\n`;
const notOnHost = (d: { code?: unknown }): boolean => d.code === "owner-not-on-host";

test(
  "an unknown user is a warning that names this machine, and systemd-tmpfiles 262 here rejects the line in a dry-run",
  { skip, timeout: 60_000 },
  async (t) => {
    const c = await startClient();
    try {
      const uri = c.uri("a.tmpfiles");
      c.open(uri, TEXT);
      const d = (await c.diagnosticsOf(uri, (x) => x.some(notOnHost))).filter(notOnHost);
      assert.deepEqual(
        d.map((x) => [x.severity, x.range.start.character, x.message]),
        [
          [
            DiagnosticSeverity.Warning,
            38,
            `The user '${USER}' is not in this machine's user database (/etc/passwd); systemd-tmpfiles here rejects the line.`,
          ],
        ],
      );
    } finally {
      await c.stop();
    }
    const argv = oracleVersions().includes(262) ? oracleArgv(262) : undefined;
    if (!argv || !existsSync(argv[0]!)) return t.skip("no systemd-tmpfiles 262 oracle: its dry-run is not compared");
    const r = await runToEnd(
      { executable: argv[0]!, args: [...argv.slice(1), ...DRY_RUN_WORDS.slice(1)], stdin: "config", display: "" },
      { stdinText: TEXT, cwd: "/", timeoutMs: 30_000 },
    );
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, new RegExp(`^<stdin>:1: Failed to resolve user '${USER}'`, "m"));
    assert.equal(
      describeRun(r, "dry-run", r.stderr),
      "exit status 65: systemd-tmpfiles rejected 1 line (1); this was a dry-run: nothing was changed",
    );
    assert.ok(!existsSync("/run/tmpfiles-lsp-user-db-test"), "the dry-run created nothing");
  },
);

test(
  "with tmpfiles.remote.host, the host's names as the client fetched them, named in the warning",
  { skip },
  async () => {
    const c = await startClient({
      settings: { remote: { host: "build-box" } },
      initializationOptions: { customNotifications: true, targetFacts: true, workspaceTrusted: true },
    });
    try {
      const uri = c.uri("a.tmpfiles");
      c.open(uri, "d /run/a 0755 alice root -\nd /run/b 0755 bob root -\n");
      // Until the host's database has come, names are not judged (this machine's are not the target's).
      assert.deepEqual((await c.diagnosticsOf(uri)).filter(notOnHost), []);
      await c.conn.sendNotification(TargetFactsNotification.method, {
        host: "build-box",
        users: ["root", "alice"],
        groups: ["root"],
      });
      const d = (await c.diagnosticsOf(uri, (x) => x.some(notOnHost))).filter(notOnHost);
      assert.deepEqual(
        d.map((x) => [x.range.start.line, x.message]),
        [
          [
            1,
            "The user 'bob' is not in build-box's user database (/etc/passwd there); systemd-tmpfiles there rejects the line.",
          ],
        ],
      );
    } finally {
      await c.stop();
    }
  },
);

test('tmpfiles.userDatabase "none": names are not checked', { skip }, async () => {
  const c = await startClient({ settings: { userDatabase: "none" } });
  try {
    const uri = c.uri("a.tmpfiles");
    c.open(uri, TEXT);
    assert.deepEqual(await c.diagnosticsOf(uri), []);
  } finally {
    await c.stop();
  }
});
