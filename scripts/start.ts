/**
 * `npm start`: opens examples/ in a real VS Code with the extension of this
 * working tree loaded (built first by the npm script). The desktop `code`
 * when it is on PATH; otherwise the browser VS Code of the tests
 * (code-server on 127.0.0.1, set up by `bash scripts/setup-code-server.sh`),
 * whose URL it prints and keeps serving until Ctrl+C. Then it says where to
 * look.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findOnPath } from "../client/src/dryRun/process";
import { startCodeServer } from "../test/browser/harness/codeServer";
import { CODE_SERVER_ENTRY, REPO } from "../test/browser/harness/paths";

const EXAMPLES = join(REPO, "examples");

const TOUR = `
Where to look (examples/):
  tmpfiles.d/50-errors.conf   errors and warnings as systemd-tmpfiles gives them: Problems panel (Ctrl+Shift+M),
                              hover on any field, quick fixes (Ctrl+.) on the relative path
  tmpfiles.d/30-app.conf and 40-app-override.conf
                              a conflict between two files: the later line is dropped, both files say so
  etc-manifest.json           an /etc manifest with a conflicting duplicate target; the editor title has
                                tmpfiles: Preview Generated tmpfiles.d   the lines it becomes, Go to Definition back
                                tmpfiles: Preview Activation             against generations/previous.etc.json,
                                                                         git HEAD, or the /etc of the target host
  any of them                 tmpfiles: Run systemd-tmpfiles Dry-Run (palette, F1): on this machine, or on
                              tmpfiles.remote.host over ssh; --dry-run from systemd 256, a scratch root before
  status bar                  the systemd release the lines are checked against (click to change)
`;

function desktop(code: string): void {
  const args = ["--new-window", `--extensionDevelopmentPath=${REPO}`, EXAMPLES];
  console.log(`Opening examples/ in VS Code: ${code} ${args.join(" ")}`);
  const child = spawn(code, args, { stdio: "inherit" });
  child.on("exit", (status) => {
    if (status === 0) console.log(TOUR);
    else console.error(`code exited with status ${status}.`);
    process.exit(status ?? 1);
  });
}

async function browser(): Promise<void> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    console.error(
      `No desktop "code" on PATH, and code-server is not installed at ${CODE_SERVER_ENTRY}.\nRun "bash scripts/setup-code-server.sh" (as root) once, or install VS Code.`,
    );
    process.exit(1);
  }
  console.log('No desktop "code" on PATH: starting the browser VS Code (code-server) on 127.0.0.1 …');
  const cs = await startCodeServer({ extensionPath: REPO, workspaceTrust: false });
  const url = cs.urlFor(EXAMPLES);
  console.log(
    `\nOpen this URL in a browser on this machine (for another machine: ssh -L ${cs.port}:127.0.0.1:${cs.port} …):\n\n  ${url}\n${TOUR}\nCtrl+C stops it.`,
  );
  const stop = (): void => {
    void cs.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Keep serving until stopped.
  await new Promise(() => undefined);
}

const code = process.env.TMPFILES_START_BROWSER === "1" ? undefined : findOnPath("code");
if (code) desktop(code);
else void browser();
