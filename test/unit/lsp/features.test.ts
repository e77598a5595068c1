import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import {
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
  type SemanticTokens,
  type TextEdit,
} from "vscode-languageserver-protocol";
import { applyTextEdits, cursor, startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
let n = 0;
before(async () => {
  if (!skip)
    c = await startClient({
      files: { passwd: "root:x:0:0::/:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n" },
      settings: { userDatabase: { passwd: "passwd" } },
    });
});
after(async () => {
  if (c) await c.stop();
});

async function at<R>(method: string, fixture: string, language = "tmpfiles", name = `f-${n++}.tmpfiles`): Promise<R> {
  const { text, line, character } = cursor(fixture);
  const uri = c.uri(name);
  c.open(uri, text, language);
  return c.request<R>(method, { textDocument: { uri }, position: { line, character } });
}

const hoverText = (h: Hover | null): string =>
  h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "";

test("hover over the protocol: mode, type, age; a range on the field", { skip }, async () => {
  const h = await at<Hover>("textDocument/hover", "d /run/x 07|55 root root 10d");
  assert.match(hoverText(h), /rwxr-xr-x/);
  assert.deepEqual(h.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
  assert.match(hoverText(await at<Hover>("textDocument/hover", "|L+ /etc/x - - - - /y")), /create symlink/);
  assert.match(hoverText(await at<Hover>("textDocument/hover", "d /run/x 0755 root root 1|0d")), /10 days/);
  assert.equal(await at<Hover | null>("textDocument/hover", "# a |comment"), null);
});

test("hover on manifests", { skip }, async () => {
  const h = await at<Hover>(
    "textDocument/hover",
    '[{"target": "hosts", "mo|de": "0644", "source": "/nix/store/x"}]',
    "json",
    `m-${n++}.etc.json`,
  );
  assert.match(hoverText(h), /mode/);
});

test(
  "hover on a mode with set-id bits explains them, in tmpfiles.d and manifests; on an invalid manifest mode it says what is wrong",
  { skip },
  async () => {
    assert.match(
      hoverText(await at<Hover>("textDocument/hover", "d /srv/x 27|75")),
      /set-group-ID \(2000\): files and directories made inside take this directory's group/,
    );
    const m = hoverText(
      await at<Hover>(
        "textDocument/hover",
        '[{"target": "a", "mode": "064|00", "source": "/nix/store/x"}]',
        "json",
        `m-${n++}.etc.json`,
      ),
    );
    assert.match(m, /mode 6400/);
    assert.match(m, /set-user-ID \(4000\)/);
    const bad = hoverText(
      await at<Hover>(
        "textDocument/hover",
        '[{"target": "a", "mode": "0100|00", "source": "/nix/store/x"}]',
        "json",
        `m-${n++}.etc.json`,
      ),
    );
    assert.match(bad, /^Not a mode NixOS can use: the mode `"010000"` is above 07777/);
    assert.doesNotMatch(bad, /becomes not a valid mode/);
  },
);

test("completion over the protocol: types, specifiers, users from the database", { skip }, async () => {
  const types = await at<CompletionItem[]>("textDocument/completion", "|");
  assert.ok(types.some((i) => i.label === "L+"));
  const specs = await at<CompletionItem[]>("textDocument/completion", "d /run/%|");
  const m = specs.find((i) => i.label === "%m")!;
  assert.ok(m);
  // The edit covers the word before the cursor, and the filter text is its new text: eglot filters by "/run/%".
  assert.deepEqual((m.textEdit as TextEdit).range, {
    start: { line: 0, character: 2 },
    end: { line: 0, character: 8 },
  });
  assert.deepEqual([(m.textEdit as TextEdit).newText, m.filterText], ["/run/%m", "/run/%m"]);
  const users = await at<CompletionItem[]>("textDocument/completion", "d /x 0755 |");
  assert.deepEqual(
    users.map((i) => i.label),
    ["-", "root", "alice"],
  );
});

test(
  "completion says where names come from: the files of tmpfiles.userDatabase, or this machine's user database",
  { skip },
  async () => {
    const fromSetting = await at<CompletionItem[]>("textDocument/completion", "d /x 0755 |");
    assert.match(fromSetting.find((i) => i.label === "alice")!.detail!, /^user from .*passwd$/);
    const local = await startClient();
    try {
      const uri = local.uri("local.tmpfiles");
      local.open(uri, "d /x 0755 ");
      const items = await local.request<CompletionItem[]>("textDocument/completion", {
        textDocument: { uri },
        position: { line: 0, character: 10 },
      });
      assert.equal(items.find((i) => i.label === "root")!.detail, "user from this machine's user database");
      local.open(uri + "g", "d /x 0755 root ");
      const groups = await local.request<CompletionItem[]>("textDocument/completion", {
        textDocument: { uri: uri + "g" },
        position: { line: 0, character: 15 },
      });
      assert.equal(groups.find((i) => i.label === "root")!.detail, "group from this machine's user database");
    } finally {
      await local.stop();
    }
  },
);

test("completion on manifests", { skip }, async () => {
  const items = await at<CompletionItem[]>(
    "textDocument/completion",
    '[{"target": "a", "mode": |}]',
    "json",
    `m-${n++}.etc.json`,
  );
  assert.ok(items.some((i) => i.label === "symlink"));
});

test("formatting aligns columns and is idempotent", { skip }, async () => {
  const text = "# keep\nd /run/a 0755 root root -\nL+   /etc/b  -  -  -  -  /x\n";
  const uri = c.uri(`fmt-${n++}.tmpfiles`);
  c.open(uri, text);
  const edits = await c.request<TextEdit[]>("textDocument/formatting", {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  const out = applyTextEdits(text, edits);
  assert.equal(out, "# keep\nd  /run/a 0755 root root -\nL+ /etc/b -    -    -    - /x\n");
  c.change(uri, out);
  assert.deepEqual(
    await c.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    }),
    [],
  );
});

test("document symbols by path, and semantic tokens", { skip }, async () => {
  const uri = c.uri(`sym-${n++}.tmpfiles`);
  c.open(uri, "d /run/a\n# x\nL+ /etc/b - - - - /y\n");
  const symbols = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => [s.name, s.range.start.line]),
    [
      ["/run/a", 0],
      ["/etc/b", 2],
    ],
  );
  const tokens = await c.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
  assert.equal(tokens.data.length % 5, 0);
  assert.deepEqual(tokens.data.slice(0, 5), [0, 0, 1, 0, 0], "the type letter first, as keyword");
});

test(
  "symbol kinds read naturally: a directory is a Package, files, links and copies are Files, never an Interface",
  { skip },
  async () => {
    const uri = c.uri(`kinds-${n++}.tmpfiles`);
    c.open(
      uri,
      "d /run/a\nf /run/f\nL+ /etc/l - - - - /y\nc /dev/c - - - - 1:3\np /run/p\nC /etc/c\nz /run/z 0644\nr /run/r\nx /run/x\n",
    );
    const symbols = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ["/run/a", SymbolKind.Package],
        ["/run/f", SymbolKind.File],
        ["/etc/l", SymbolKind.File],
        ["/dev/c", SymbolKind.File],
        ["/run/p", SymbolKind.File],
        ["/etc/c", SymbolKind.File],
        ["/run/z", SymbolKind.Property],
        ["/run/r", SymbolKind.Null],
        ["/run/x", SymbolKind.Constant],
      ],
    );
    const m = c.uri(`kinds-${n++}.etc.json`);
    c.open(
      m,
      '[{"target": "hosts", "source": "/nix/store/a", "mode": "symlink"}, {"target": "motd", "source": "/nix/store/b", "mode": "0644"}]',
      "json",
    );
    const entries = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: m } });
    assert.deepEqual(
      entries.map((s) => [s.name, s.kind, s.detail]),
      [
        ["hosts", SymbolKind.File, "symlink"],
        ["motd", SymbolKind.File, "0644"],
      ],
    );
  },
);

test("bad requests get errors and the server lives on", { skip }, async () => {
  await assert.rejects(
    c.request("textDocument/hover", {
      textDocument: { uri: "file:///not/open.conf" },
      position: { line: 0, character: 0 },
    }),
    /not open/,
  );
  await assert.rejects(c.request("textDocument/hover", { textDocument: {} }), /Invalid parameters/);
  await assert.rejects(c.request("textDocument/codeAction", { textDocument: { uri: "x" } }), /Invalid parameters/);
  await assert.rejects(
    c.request("textDocument/completion", { textDocument: { uri: 5 }, position: { line: -1, character: 0 } }),
    /Invalid parameters/,
  );
  await assert.rejects(c.request("tmpfiles/generatePreview", { uri: 42 }), /Invalid parameters/);
  await assert.rejects(c.request("tmpfiles/nonsense", {}), /Unhandled method|not/i);
  // A position far outside the text is clamped, not fatal.
  const uri = c.uri(`far-${n++}.tmpfiles`);
  c.open(uri, "d /x\n");
  assert.equal(
    await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 99, character: 99 } }),
    null,
  );
  assert.equal(c.exited, undefined);
});
