/**
 * The dry-run terminal draws what systemd-tmpfiles prints and never obeys
 * it. systemd echoes paths raw, so the controls a path holds
 * (`\x1b[2K\x1b[1A` erases the line above, `\x1b]8;;URL\x07` plants a
 * hyperlink, backspaces write over a line) reach its output; the terminal
 * used to write that output as it came. The terminal's line buffer (client/src/dryRun/terminalText.ts) turns every
 * C0 control but line feed and tab, DEL and every C1 control into a
 * visible escape: checked on the real output of each release this machine
 * has, through the client's own command lines, and for any text in any
 * chunks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { dryRunCommandLine } from "../../client/src/dryRun/commandLine";
import { runToEnd } from "../../client/src/dryRun/process";
import { SafeLines, terminalSafe } from "../../client/src/dryRun/terminalText";
import { availableReleases, installOnPath } from "../support/releaseBinaries";
import { count } from "./counts";
import { runs } from "./settings";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

// Raw controls in the file itself: every release reads them as part of the path (252–255 do not unescape \x in paths).
const HOSTILE = [
  "d /run/tmpfiles-term-a\x1b[2K\x1b[1Ab 0755 - - -",
  "f /run/tmpfiles-term-c\x1b]8;;https://attacker.example/\x07click\x1b]8;;\x07 0644 - - - x",
  "d /run/tmpfiles-term-b\x08\x08\x08\x08ok 0755 - - -",
  "d /run/tmpfiles-term-c1\u009b2J 0755 - - -",
  "",
].join("\n");

function shownThrough(output: string, chunk: number): string {
  const lines = new SafeLines();
  let shown = "";
  for (let i = 0; i < output.length; i += chunk) shown += lines.push(output.slice(i, i + chunk));
  return shown + lines.end();
}

for (const release of availableReleases()) {
  test(`${release}: paths with terminal controls are shown as escapes, not obeyed`, { timeout: 60_000 }, async () => {
    const bin = mkdtempSync(join(tmpdir(), "tmpfiles-term-"));
    const saved = process.env.PATH;
    process.env.PATH = `${installOnPath(release, bin)}:${saved ?? ""}`;
    try {
      const r = await runToEnd(dryRunCommandLine({ kind: "local" }, release), {
        stdinText: HOSTILE,
        cwd: "/",
        timeoutMs: 60_000,
      });
      count("injections");
      const output = r.stdout + r.stderr;
      // eslint-disable-next-line no-control-regex -- ESC is the escape sequence under test
      assert.match(output, /\x1b\[2K/, `systemd prints the path raw, the threat is real:\n${JSON.stringify(output)}`);
      for (const chunk of [1, 7, output.length || 1]) {
        const shown = shownThrough(output, chunk);
        assert.doesNotMatch(
          shown,
          CONTROL,
          `nothing the terminal would obey (chunks of ${chunk}):\n${JSON.stringify(shown)}`,
        );
        assert.match(shown, /tmpfiles-term-a\\x1b\[2K\\x1b\[1Ab/, "the path shown with its escapes");
        assert.match(shown, /tmpfiles-term-b(\\x08){4}ok/, "backspaces shown, not obeyed");
      }
    } finally {
      process.env.PATH = saved;
      rmSync(bin, { recursive: true, force: true });
    }
  });
}

test("any text in any chunks: no control reaches the terminal but line feed and tab, and lines stay whole", () => {
  const unit = fc.oneof(
    fc.constantFrom("\n", "\r", "\r\n", "\t", "\x1b", "\x07", "\x9b", "\x7f", "\0", "a", "[", "]", ";", "ü"),
    fc.string({ maxLength: 3 }),
  );
  fc.assert(
    fc.property(
      fc.array(unit, { maxLength: 40 }).map((u) => u.join("")),
      fc.integer({ min: 1, max: 9 }),
      (text, chunk) => {
        count("injections");
        const shown = shownThrough(text, chunk);
        assert.doesNotMatch(shown, CONTROL);
        assert.equal(shown, terminalSafe(text), "chunking changes nothing");
        assert.equal(
          shown.split("\n").length,
          text.replace(/\r\n/g, "\n").split("\n").length,
          "one shown line per line feed",
        );
      },
    ),
    runs(500),
  );
});
