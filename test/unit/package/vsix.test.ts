/**
 * `npm run package` makes a .vsix that holds only the bundles, the grammar,
 * README, CHANGELOG, LICENSE and the icon. This test builds one from a copy
 * of the working tree in a temp dir (production build, then vsce) and lists
 * what is inside.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";

const REPO = resolve(__dirname, "../../..");
const SKIP = new Set(["node_modules", ".git", ".cache", "dist", "test-artifacts", ".vscode-test"]);

interface ZipEntry {
  name: string;
  data(): Buffer;
}

/** The entries of a zip file, read from its central directory. */
function readZip(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, "not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, "bad central directory entry");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    out.push({
      name,
      data: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + size);
        return method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
      },
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

test("the .vsix holds only the bundles, grammar, README, CHANGELOG, LICENSE and icon", { timeout: 120_000 }, () => {
  const stage = mkdtempSync(join(tmpdir(), "tmpfiles-vsix-"));
  try {
    cpSync(REPO, stage, {
      recursive: true,
      filter: (src) => {
        const rel = relative(REPO, src);
        return !SKIP.has(rel.split("/")[0]!) && !rel.endsWith(".vsix");
      },
    });
    symlinkSync(join(REPO, "node_modules"), join(stage, "node_modules"), "dir");
    execFileSync(process.execPath, ["scripts/build.mjs", "--production"], { cwd: stage, stdio: "pipe" });
    const vsix = join(stage, "out.vsix");
    // As `npm run package` makes it: vsce on what .vscodeignore lets in (package.json's "files" list is npm's).
    execFileSync(process.execPath, ["scripts/package-vsix.mjs", "--out", vsix], { cwd: stage, stdio: "pipe" });

    const entries = readZip(readFileSync(vsix));
    const names = entries.map((e) => e.name).sort();

    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/package\.json$/,
      /^extension\/readme\.md$/,
      /^extension\/changelog\.md$/,
      /^extension\/LICENSE\.txt$/,
      /^extension\/client\/images\/icon\.png$/,
      /^extension\/dist\/(client|server)\.js$/,
      /^extension\/syntaxes\/[^/]+\.json$/,
    ];
    const stray = names.filter((n) => !allowed.some((re) => re.test(n)));
    assert.deepEqual(stray, [], `files that do not belong in the .vsix: ${stray.join(", ")}`);

    const required = [
      "extension/package.json",
      "extension/readme.md",
      "extension/changelog.md",
      "extension/LICENSE.txt",
      "extension/client/images/icon.png",
      "extension/dist/client.js",
      "extension/syntaxes/language-configuration.json",
    ];
    // Parts other people write are required as soon as they exist in the tree.
    if (existsSync(join(REPO, "server/src/lsp/main.ts"))) required.push("extension/dist/server.js");
    if (existsSync(join(REPO, "syntaxes/tmpfiles.tmLanguage.json")))
      required.push("extension/syntaxes/tmpfiles.tmLanguage.json");
    for (const r of required)
      assert.ok(names.includes(r), `${r} is missing from the .vsix (it holds ${names.join(", ")})`);

    const manifest = JSON.parse(
      entries
        .find((e) => e.name === "extension/package.json")!
        .data()
        .toString("utf8"),
    ) as {
      main: string;
      icon: string;
      engines: { vscode: string };
    };
    assert.ok(
      names.includes(`extension/${manifest.main.replace(/^\.\//, "")}`),
      `main ${manifest.main} is not in the .vsix`,
    );
    assert.ok(names.includes(`extension/${manifest.icon}`), `icon ${manifest.icon} is not in the .vsix`);
    assert.equal(manifest.engines.vscode, "^1.100.0", "code-server 4.100 (VS Code 1.100) must be able to load it");
    const client = entries
      .find((e) => e.name === "extension/dist/client.js")!
      .data()
      .toString("utf8");
    assert.ok(!client.includes("sourceMappingURL"), "the packaged client is a production build, without a source map");
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
});
