// Makes the .vsix (`npm run package`, after the production build): vsce in a
// staging folder that holds what .vscodeignore lets in, with package.json
// without its "files" list. That list is for npm (the CLI and the server);
// vsce refuses a "files" list beside a .vscodeignore, and the .vsix holds
// other things (the client, the grammar, the icon).
//
// node scripts/package-vsix.mjs [--out FILE]   (default: NAME-VERSION.vsix here)
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
const outAt = args.indexOf("--out");
const out = resolve(outAt >= 0 ? args[outAt + 1] : join(repo, `${manifest.name}-${manifest.version}.vsix`));

/** The files .vscodeignore lets in: its "!" lines, each a path or DIR/*.EXT. */
function included() {
  const files = [];
  for (const raw of readFileSync(join(repo, ".vscodeignore"), "utf8").split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("!")) continue;
    const pattern = line.slice(1);
    const star = pattern.lastIndexOf("*");
    if (star < 0) {
      if (existsSync(join(repo, pattern))) files.push(pattern);
      continue;
    }
    const dir = dirname(pattern);
    const name = pattern.slice(dir.length + 1);
    const re = new RegExp(
      "^" +
        name
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^/]*") +
        "$",
    );
    for (const f of existsSync(join(repo, dir)) ? readdirSync(join(repo, dir)) : [])
      if (re.test(f)) files.push(join(dir, f));
  }
  return files;
}

const stage = mkdtempSync(join(tmpdir(), "tmpfiles-vsix-stage-"));
try {
  for (const f of [...included(), ".vscodeignore"]) {
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    copyFileSync(join(repo, f), join(stage, f));
  }
  const { files: _forNpm, ...forVsce } = manifest;
  writeFileSync(join(stage, "package.json"), JSON.stringify(forVsce, null, 2) + "\n");
  const vsce = join(repo, "node_modules/@vscode/vsce/vsce");
  execFileSync(
    process.execPath,
    [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out],
    { cwd: stage, stdio: "inherit" },
  );
} finally {
  rmSync(stage, { recursive: true, force: true });
}
