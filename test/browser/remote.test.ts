/**
 * The commands that reach a host, in code-server with Chromium, against a
 * real sshd that the test starts on 127.0.0.1 (harness/sshd.ts):
 * - a dry-run over ssh with the host's systemd-tmpfiles 252 (a scratch
 *   root) and with 262 (--dry-run, the sshd's PATH leading to the newer
 *   binary of .cache/systemd when it is there); its command and output show
 *   in the terminal, and the host's /etc is the same before and after;
 *   a 262 dry-run of a file with bad lines names the lines systemd rejected
 *   and says that nothing was changed; with tmpfiles.systemdVersion auto the
 *   status bar shows the host's release and names the host; a manifest's
 *   dry-run warns for each copy source the host lacks and for each error;
 * - Preview Activation against the host's /etc, with its data-loss warnings;
 * - in an untrusted workspace, the dry-run is refused and nothing connects.
 * The workspace's .vscode/settings.json points tmpfiles.remote.host at the
 * test's ssh config alias (tmpfiles.remote.sshConfig).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { startCodeServer, type CodeServer } from "./harness/codeServer";
import { extensionUnderTest, type ExtensionUnderTest } from "./harness/extension";
import { ARTIFACTS, preflight, REPO } from "./harness/paths";
import { sshdProblem, startSshd, type Sshd } from "./harness/sshd";
import { launchBrowser, TERMINAL_SETTINGS, Workbench } from "./harness/workbench";
import { copyExamples, locate, type Workspace } from "./harness/workspace";
import { ACTIVATION, DRY_RUN } from "./scenarios/expectations";

const NEWER = join(REPO, ".cache/systemd/262/systemd-tmpfiles");

/** Every entry below `root` with what an activation could change: type, mode, owner, size, mtime, link target. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      const link = st.isSymbolicLink() ? readlinkSync(p) : "";
      out.set(p, `${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.isDirectory() ? "" : st.size} ${st.mtimeMs} ${link}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: ${v} -> ${b.get(k) ?? "(gone)"}`);
  for (const [k, v] of b) if (!a.has(k)) out.push(`${k}: (new) ${v}`);
  return out;
}

function withRemoteSettings(ws: Workspace, sshd: Sshd): void {
  mkdirSync(join(ws.dir, ".vscode"), { recursive: true });
  writeFileSync(
    join(ws.dir, ".vscode", "settings.json"),
    JSON.stringify({ "tmpfiles.remote.host": sshd.alias, "tmpfiles.remote.sshConfig": sshd.sshConfig }, null, 2),
  );
}

const skip = sshdProblem() ?? (preflight().length ? preflight().join("; ") : undefined);

describe(
  "commands that reach a host over ssh (code-server + Chromium + sshd on loopback)",
  { timeout: 12 * 60_000, skip },
  () => {
    let ext: ExtensionUnderTest | undefined;
    let browser: Browser | undefined;
    let sshd: Sshd | undefined;
    let sshdNewer: Sshd | undefined;
    let binDir: string | undefined;
    let trusted: CodeServer | undefined;

    before(async () => {
      ext = await extensionUnderTest();
      sshd = await startSshd();
      if (existsSync(NEWER)) {
        binDir = mkdtempSync(join(tmpdir(), "tmpfiles-newer-bin-"));
        symlinkSync(NEWER, join(binDir, "systemd-tmpfiles"));
        sshdNewer = await startSshd({ sshdConfig: [`SetEnv PATH=${binDir}:/usr/local/bin:/usr/bin:/bin`] });
      }
      trusted = await startCodeServer({ extensionPath: ext.path, vsix: ext.vsix, settings: TERMINAL_SETTINGS });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await trusted?.stop();
      await sshd?.stop();
      await sshdNewer?.stop();
      if (binDir) rmSync(binDir, { recursive: true, force: true });
      ext?.dispose();
    });

    const scenario = (
      name: string,
      body: (wb: Workbench, ws: Workspace) => Promise<void>,
      cs: () => CodeServer | undefined,
      configure: (ws: Workspace) => void,
      skipWhy?: string,
    ): void => {
      test(name, { timeout: 4 * 60_000, ...(skipWhy ? { skip: skipWhy } : {}) }, async () => {
        const server = cs();
        if (!server || !browser) throw new Error("setup failed");
        rmSync(join(ARTIFACTS, name), { recursive: true, force: true });
        const ws = copyExamples();
        configure(ws);
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const wb = new Workbench(page, name);
        try {
          await wb.open(server.urlFor(ws.dir));
          await body(wb, ws);
        } catch (err) {
          await wb.screenshot("failure").catch(() => undefined);
          const log = server.outputChannel("tmpfiles language server").split("\n").slice(-15).join("\n");
          throw new Error(`${err instanceof Error ? err.message : String(err)}\n\nExtension output:\n${log}`, {
            cause: err,
          });
        } finally {
          await page.close().catch(() => undefined);
          ws.dispose();
        }
      });
    };

    /** Runs the dry-run of `file` from the palette; returns the terminal's text once the run has ended. */
    const dryRun = async (wb: Workbench, file: string): Promise<string> => {
      await wb.openFile(file.split("/").pop()!);
      await wb.page
        .locator(".part.statusbar .statusbar-item", { hasText: "systemd" })
        .first()
        .waitFor({ timeout: 30_000 });
      await wb.runCommand("tmpfiles: Run systemd-tmpfiles Dry-Run");
      await wb.terminalText((t) => /Press Enter to close/.test(t), 90_000);
      // xterm renders only the rows on screen: give the terminal the whole window before reading it all.
      await wb.runCommand("View: Toggle Maximized Panel");
      return wb.terminalText((t) => /\$ ssh/.test(t) && /Press Enter to close/.test(t), 10_000);
    };

    /** Asserts that the terminal shows `want`, ignoring where xterm wrapped the lines. */
    const shows = (text: string, want: string | RegExp, what: string): void => {
      const squash = (s: string): string => s.replace(/\s+/g, "");
      const ok =
        typeof want === "string" ? squash(text).includes(squash(want)) : want.test(text.replace(/\s*\n\s*/g, " "));
      assert.ok(ok, `${what}: the terminal should show ${String(want)}; it shows:\n${text}`);
    };

    const expectUnchanged = (before: Map<string, string>, what: string): void => {
      const diff = differences(before, snapshot("/etc"));
      assert.deepEqual(diff, [], `${what} changed /etc on the host:\n${diff.slice(0, 20).join("\n")}`);
    };

    scenario(
      "dry-run-over-ssh",
      async (wb, ws) => {
        const before = snapshot("/etc");
        const accepted = (sshd!.log().match(/Accepted publickey/g) ?? []).length;
        const text = await dryRun(wb, DRY_RUN.errorsFile);
        await wb.screenshot("terminal");
        // tmpfiles.systemdVersion is auto: the rules are those of the host the dry-run targets, and the status bar names it.
        await wb.page
          .locator(".part.statusbar .statusbar-item", { hasText: "systemd 252 (auto, tmpfiles-test)" })
          .first()
          .waitFor({ timeout: 30_000 });
        const line = locate(ws.read(DRY_RUN.errorsFile), DRY_RUN.errorLine).line;
        shows(
          text,
          `$ ssh -F ${sshd!.sshConfig} -o BatchMode=yes -T -- tmpfiles-test 'systemd-tmpfiles --version'`,
          "the probe command first",
        );
        shows(text, "systemd 252 has no --dry-run", "the release decides");
        shows(
          text,
          `$ ssh -F ${sshd!.sshConfig} -o BatchMode=yes -T -- tmpfiles-test sh -c <isolated run before 256> …`,
          "the dry-run command, short",
        );
        assert.ok(!text.includes("PATH=$PATH:/usr/sbin"), "the isolation scripts are not spelled out in the terminal");
        shows(text, `<stdin>:${line}: Path 'var/lib/example-relative' not absolute.`, "the error of its line");
        shows(text, "Would create /run/example-truncate", "what it would create");
        shows(text, "exit status 65: systemd-tmpfiles rejected", "the exit status and the rejected lines");
        shows(text, "nothing on the host was changed", "what it changed");
        const flat = text.replace(/\s+/g, "");
        assert.ok(flat.includes("Scratchroot/scratch("), `the scratch root is named:\n${text}`);
        assert.ok(
          !existsSync("/tmp/tmpfiles-dry-run") && !existsSync("/scratch"),
          "the isolated root was never on the host",
        );
        assert.ok((sshd!.log().match(/Accepted publickey/g) ?? []).length > accepted, "the sshd saw the connection");
        // The message links back to its line: Ctrl+click on "<stdin>:N" puts the cursor on line N of the file.
        const row = wb.page.locator(".xterm-rows > div", { hasText: `<stdin>:${line}:` }).first();
        const box = await row.boundingBox();
        assert.ok(box, `no terminal row shows <stdin>:${line}:`);
        await wb.page.mouse.move(box.x + 20, box.y + box.height / 2);
        await wb.page
          .locator(".xterm-rows .xterm-underline-5, .xterm-rows [style*='text-decoration: underline'], .xterm-rows u")
          .first()
          .waitFor({ state: "attached", timeout: 10_000 })
          .catch(() => undefined);
        await wb.page.keyboard.down("Control");
        await wb.page.mouse.click(box.x + 20, box.y + box.height / 2);
        await wb.page.keyboard.up("Control");
        await wb.page
          .locator(".statusbar-item", { hasText: new RegExp(`Ln ${line}, Col \\d+`) })
          .first()
          .waitFor({ timeout: 15_000 });
        await wb.screenshot("link-followed");
        expectUnchanged(before, "the dry-run");
      },
      () => trusted,
      (ws) => withRemoteSettings(ws, sshd!),
    );

    scenario(
      "dry-run-over-ssh-262",
      async (wb) => {
        const before = snapshot("/etc");
        const beforeVar = snapshot("/var/lib");
        const text = await dryRun(wb, DRY_RUN.cleanFile);
        await wb.screenshot("terminal");
        shows(text, "systemd 262: --dry-run", "the release decides");
        shows(text, `-- tmpfiles-test 'systemd-tmpfiles --dry-run --create --remove --boot -'`, "the dry-run command");
        shows(text, `Would create directory ${DRY_RUN.cleanPath}`, "what it would create");
        shows(text, "exit status 0", "the exit status");
        expectUnchanged(before, "the 262 dry-run");
        assert.deepEqual(
          differences(beforeVar, snapshot("/var/lib")).filter((d) => d.includes("example-app")),
          [],
          "nothing was created under /var/lib",
        );
      },
      () => trusted,
      (ws) => withRemoteSettings(ws, sshdNewer!),
      existsSync(NEWER) ? undefined : `no systemd 262 at ${NEWER} (bash scripts/fetch-systemd-oracles.sh brings it)`,
    );

    scenario(
      "dry-run-over-ssh-262-bad-line",
      async (wb, ws) => {
        const before = snapshot("/etc");
        const beforeVar = snapshot("/var/lib");
        const text = await dryRun(wb, DRY_RUN.errorsFile);
        await wb.screenshot("terminal");
        const line = locate(ws.read(DRY_RUN.errorsFile), DRY_RUN.errorLine).line;
        shows(text, "systemd 262: --dry-run", "the release decides");
        shows(text, `<stdin>:${line}: Path 'var/lib/example-relative' not absolute.`, "the error of its line");
        // The last line: which lines systemd rejected, and that a dry-run changed nothing (never "the others were applied").
        const summary =
          /exit status 65: systemd-tmpfiles rejected (\d+) lines? \(([\d, ]+)\); this was a dry-run: nothing was changed/.exec(
            text.replace(/\s*\n\s*/g, " "),
          );
        assert.ok(summary, `the summary names the rejected lines and says nothing changed:\n${text}`);
        assert.ok(
          summary[2]!.split(", ").map(Number).includes(line),
          `line ${line} is among the rejected lines ${summary[2]}`,
        );
        assert.equal(Number(summary[1]), summary[2]!.split(", ").length, "the count matches the list");
        const legacy = locate(ws.read(DRY_RUN.errorsFile), "/var/run/example-legacy").line;
        assert.ok(
          !summary[2]!.split(", ").map(Number).includes(legacy),
          `line ${legacy} (/var/run, rewritten to /run with a notice) is kept, not rejected`,
        );
        assert.ok(!/still applied/.test(text), "nothing claims the other lines were applied");
        // tmpfiles.systemdVersion is auto: the editor checks against the host's 262, and the status bar says where it read it.
        await wb.page
          .locator(".part.statusbar .statusbar-item", { hasText: "systemd 262 (auto, tmpfiles-test)" })
          .first()
          .waitFor({ timeout: 30_000 });
        expectUnchanged(before, "the 262 dry-run of a file with bad lines");
        assert.deepEqual(
          differences(beforeVar, snapshot("/var/lib")).filter((d) => d.includes("example")),
          [],
          "nothing was created under /var/lib",
        );
      },
      () => trusted,
      (ws) => withRemoteSettings(ws, sshdNewer!),
      existsSync(NEWER) ? undefined : `no systemd 262 at ${NEWER} (bash scripts/fetch-systemd-oracles.sh brings it)`,
    );

    scenario(
      "manifest-dry-run-over-ssh-262",
      async (wb) => {
        const before = snapshot("/etc");
        const text = await dryRun(wb, ACTIVATION.file);
        await wb.screenshot("terminal");
        shows(text, "systemd 262: --dry-run", "the release decides");
        // systemd-tmpfiles skips a C line whose source is missing without a word: the dry-run says so, for each.
        shows(text, "(do the C lines' sources exist?)", "the sources are looked up on the target");
        for (const [path, source] of [
          ["/etc/sudoers", "/nix/store/2c8hq8q7q2p4wmd4ccj0vsm3yg0jw1wz-sudoers"],
          ["/etc/example/app.conf", "/nix/store/5xg0x1b4k9cmw2lz3hn1a63l0r9vqd2y-app.conf"],
        ]) {
          shows(
            text,
            `(C ${path}) copies ${source}, which does not exist on tmpfiles-test (over ssh): systemd-tmpfiles skips such a line without a word`,
            `the missing source of ${path}`,
          );
        }
        shows(text, "Warning: etc-manifest.json has 2 errors that this dry-run cannot show", "the manifest's errors");
        shows(text, "is also wanted by entry", "each error, in words");
        expectUnchanged(before, "the manifest's dry-run");
      },
      () => trusted,
      (ws) => withRemoteSettings(ws, sshdNewer!),
      existsSync(NEWER) ? undefined : `no systemd 262 at ${NEWER} (bash scripts/fetch-systemd-oracles.sh brings it)`,
    );

    scenario(
      "activation-against-host",
      async (wb) => {
        const before = snapshot("/etc");
        await wb.openFile(ACTIVATION.file);
        await wb.page
          .locator(".part.statusbar .statusbar-item", { hasText: "systemd" })
          .first()
          .waitFor({ timeout: 30_000 });
        await wb.runCommand("tmpfiles: Preview Activation");
        await wb.pick("/etc on tmpfiles-test");
        const tab = wb.page.locator(`.tabs-container .tab[aria-label^="${ACTIVATION.tab}"]`);
        await tab.waitFor({ state: "visible", timeout: 60_000 });
        const lines = wb.page.locator(".editor-group-container .monaco-editor .view-lines");
        for (const p of ACTIVATION.hostWarnings) {
          await lines
            .locator(".view-line", { hasText: `# WARNING ${p}:`.replace(/ /g, "\u00a0") })
            .first()
            .waitFor({ state: "visible", timeout: 30_000 });
        }
        await lines
          .locator(".view-line", { hasText: "# Previous generation: /etc on tmpfiles-test".replace(/ /g, "\u00a0") })
          .first()
          .waitFor({ timeout: 10_000 });
        await wb.page
          .locator(".notifications-toasts .notification-toast", { hasText: "data would be lost" })
          .first()
          .waitFor({ timeout: 15_000 });
        await wb.screenshot("plan-against-host");
        expectUnchanged(before, "reading the host's /etc");
      },
      () => trusted,
      (ws) => withRemoteSettings(ws, sshd!),
    );

    test("untrusted-workspace-refuses-dry-run", { timeout: 4 * 60_000 }, async () => {
      if (!browser || !ext) throw new Error("setup failed");
      const name = "untrusted-workspace";
      rmSync(join(ARTIFACTS, name), { recursive: true, force: true });
      const cs = await startCodeServer({
        extensionPath: ext.path,
        vsix: ext.vsix,
        workspaceTrust: true,
        settings: TERMINAL_SETTINGS,
      });
      const ws = copyExamples();
      withRemoteSettings(ws, sshd!);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const wb = new Workbench(page, name);
      try {
        const accepted = (sshd!.log().match(/Connection from/g) ?? []).length;
        await wb.open(cs.urlFor(ws.dir));
        await wb.openFile(DRY_RUN.errorsFile.split("/").pop()!);
        await wb.runCommand("tmpfiles: Run systemd-tmpfiles Dry-Run");
        const toast = wb.page.locator(".notifications-toasts .notification-toast", { hasText: "not trusted" }).first();
        await toast.waitFor({ state: "visible", timeout: 30_000 });
        await wb.screenshot("refused");
        assert.equal(await wb.page.locator(".terminal-wrapper .xterm-rows").count(), 0, "no terminal was opened");
        assert.equal((sshd!.log().match(/Connection from/g) ?? []).length, accepted, "nothing connected to the sshd");
      } catch (err) {
        await wb.screenshot("failure").catch(() => undefined);
        throw err;
      } finally {
        await page.close().catch(() => undefined);
        ws.dispose();
        await cs.stop();
      }
    });
  },
);
