/**
 * Finding 17.4: the setting tmpfiles.userDatabase was neither restricted nor
 * bounded. {"passwd": "/dev/zero"} in a workspace's settings grew the server
 * without end, a FIFO hung it, and /proc/self/environ put the server's
 * environment into completion items. Now only regular files are read, at
 * most 8 MiB and without NUL bytes (the reader the command line uses for
 * --passwd and --group); in an untrusted workspace only files inside the
 * workspace folders; and the setting is restricted in package.json, so VS
 * Code does not take it from an untrusted workspace at all. A refused file
 * is named in a warning, and the server goes on answering.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { CompletionItem, Hover } from "vscode-languageserver-protocol/node";
import { ROOT, serverBuilt, startClient, type TestClient } from "../unit/lsp/harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
const TEXT = "d /run/a 0755 alice root -\nd /run/b 0755 bob root -\n";

function mkfifo(path: string): void {
  assert.equal(spawnSync("mkfifo", [path]).status, 0, `mkfifo ${path}`);
}

/** A warning about tmpfiles.userDatabase.passwd that names `path` and says `why`, then a hover and a completion answered. */
async function assertRefused(c: TestClient, path: string, why: RegExp): Promise<void> {
  const uri = c.uri("a.tmpfiles");
  c.open(uri, TEXT);
  const mentions = (m: { message: string }): boolean =>
    m.message.includes("tmpfiles.userDatabase.passwd") && m.message.includes(path);
  await c.until(`a warning naming ${path}`, () => c.messages.some(mentions), 20_000);
  const message = c.messages.find(mentions)!.message;
  assert.match(message, why);
  assert.match(message, /user names are not checked/);
  // Not read, so not checked: bob is no error.
  const d = await c.diagnosticsOf(uri);
  assert.deepEqual(
    d.filter((x) => x.code === "owner-unknown"),
    [],
  );
  const hover = await c.request<Hover | null>("textDocument/hover", {
    textDocument: { uri },
    position: { line: 0, character: 10 },
  });
  assert.ok(hover, "hover is answered");
  const items = await c.request<CompletionItem[]>("textDocument/completion", {
    textDocument: { uri },
    position: { line: 0, character: 14 },
  });
  assert.ok(Array.isArray(items), "completion is answered");
  assert.ok(
    !items.some((i) => i.label.includes("=") || i.label.includes("\0")),
    "no environment in the completion items",
  );
}

test(
  "passwd /dev/zero is refused as a character device, and the server answers",
  { skip, timeout: 60_000 },
  async () => {
    const c = await startClient({ settings: { userDatabase: { passwd: "/dev/zero" } } });
    try {
      await assertRefused(c, "/dev/zero", /a character device, not a regular file/);
    } finally {
      await c.stop();
    }
  },
);

test(
  "passwd a FIFO is refused as a named pipe (it hung the server), and the server answers",
  { skip, timeout: 60_000 },
  async () => {
    const c = await startClient({
      settings: { userDatabase: { passwd: "passwd.fifo" } },
      prepare: (folder) => mkfifo(join(folder, "passwd.fifo")),
    });
    try {
      await assertRefused(c, join(c.folder, "passwd.fifo"), /named pipe/);
    } finally {
      await c.stop();
    }
  },
);

test(
  "passwd /proc/self/environ is refused (NUL bytes), and no environment reaches completion",
  { skip, timeout: 60_000 },
  async () => {
    const c = await startClient({ settings: { userDatabase: { passwd: "/proc/self/environ" } } });
    try {
      await assertRefused(c, "/proc/self/environ", /NUL bytes/);
    } finally {
      await c.stop();
    }
  },
);

test("passwd larger than 8 MiB is refused, and the server answers", { skip, timeout: 60_000 }, async () => {
  const line = "alice:x:1000:1000::/home/alice:/bin/sh\n";
  const big = line.repeat(Math.ceil((8 * 1024 * 1024 + 1) / line.length));
  const c = await startClient({ files: { passwd: big }, settings: { userDatabase: { passwd: "passwd" } } });
  try {
    await assertRefused(c, join(c.folder, "passwd"), /larger than 8388608 bytes/);
  } finally {
    await c.stop();
  }
});

test(
  "untrusted workspace: a file outside the workspace folders is refused, by path, by .., or through a link",
  { skip, timeout: 120_000 },
  async () => {
    const outside = mkdtempSync(join(tmpdir(), "tmpfiles-outside-"));
    try {
      writeFileSync(join(outside, "passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n");
      const untrusted = { workspaceTrusted: false };
      for (const passwd of [join(outside, "passwd"), `../${basename(outside)}/passwd`, "link"]) {
        const c = await startClient({
          settings: { userDatabase: { passwd } },
          initializationOptions: untrusted,
          prepare: (folder) => symlinkSync(join(outside, "passwd"), join(folder, "link")),
        });
        try {
          await assertRefused(
            c,
            passwd === "link" ? join(c.folder, "link") : join(outside, "passwd"),
            /outside the workspace folders.*not trusted/,
          );
        } finally {
          await c.stop();
        }
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  },
);

test(
  "untrusted workspace: a file inside the workspace folder is read and names are checked",
  { skip, timeout: 60_000 },
  async () => {
    const c = await startClient({
      files: { "etc/passwd": "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n", "etc/passwd-link": "" },
      settings: { userDatabase: { passwd: "etc/passwd-link" } },
      initializationOptions: { workspaceTrusted: false },
      prepare: (folder) => {
        rmSync(join(folder, "etc/passwd-link"));
        symlinkSync("passwd", join(folder, "etc/passwd-link"));
      },
    });
    try {
      const uri = c.uri("a.tmpfiles");
      c.open(uri, TEXT);
      const d = await c.diagnosticsOf(uri, (x) => x.length > 0);
      assert.deepEqual(
        d.map((x) => `${x.range.start.line} ${x.code}`),
        ["1 owner-unknown"],
        "bob is unknown, alice is known",
      );
      assert.deepEqual(
        c.messages.filter((m) => m.message.includes("userDatabase")),
        [],
      );
    } finally {
      await c.stop();
    }
  },
);

test("package.json restricts tmpfiles.userDatabase in untrusted workspaces, and the client says whether the workspace is trusted", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes("tmpfiles.userDatabase"));
  const client = readFileSync(join(ROOT, "client/src/extension.ts"), "utf8");
  assert.match(client, /workspaceTrusted:\s*vscode\.workspace\.isTrusted/);
});
