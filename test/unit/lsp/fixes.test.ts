import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { applyTextEdits, startClient, serverBuilt, type TestClient } from "./harness";

const skip = !serverBuilt() && "dist/server.js is not built (npm run build)";
let c: TestClient;
let n = 0;
before(async () => {
  if (!skip) c = await startClient();
});
after(async () => {
  if (c) await c.stop();
});

async function check(text: string): Promise<Diagnostic[]> {
  const uri = c.uri(`check-${n++}.tmpfiles`);
  c.open(uri, text);
  // A request after the open is answered once it is checked.
  const d = await c.diagnosticsOf(uri);
  c.close(uri);
  return d;
}

async function actionsFor(
  text: string,
  only?: string[],
): Promise<{ uri: string; diagnostics: Diagnostic[]; actions: CodeAction[] }> {
  const uri = c.uri(`case-${n++}.tmpfiles`);
  c.open(uri, text);
  const diagnostics = await c.diagnosticsOf(uri, (d) => d.length > 0);
  const end = text.split("\n").length;
  const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: end, character: 0 } },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
  return { uri, diagnostics, actions };
}

function applied(text: string, uri: string, a: CodeAction): string {
  const edits = a.edit?.changes?.[uri] ?? [];
  assert.ok(edits.length > 0, `${a.title} edits the document`);
  return applyTextEdits(text, edits);
}

/** Each case has one problem; every quick fix offered for it gives a text that checks clean. */
const CASES: { text: string; code: string; fixed: string[] }[] = [
  { text: "d run/app 0755\n", code: "path-not-absolute", fixed: ["d /run/app 0755\n"] },
  { text: "F /run/x\n", code: "deprecated-type", fixed: ["f+ /run/x\n"] },
  { text: "m /run/x 0644\n", code: "deprecated-type", fixed: ["z /run/x 0644\n"] },
  { text: "d /var/run/app\n", code: "var-run-path", fixed: ["d /run/app\n"] },
  { text: "d* /run/x\n", code: "unknown-modifier", fixed: ["d /run/x\n"] },
  { text: "d /run/x - - - - junk\n", code: "argument-ignored", fixed: ["d /run/x - - - -\n"] },
  { text: "f /x rw-r--r--\n", code: "mode-not-octal", fixed: ["f /x 0644\n"] },
  { text: "d /run/x 0644\n", code: "directory-mode-no-search", fixed: ["d /run/x 0755\n"] },
  { text: "d /run/%z\n", code: "unknown-specifier", fixed: ["d /run/%%z\n"] },
  { text: "f /run/x 06x4\n", code: "mode-invalid", fixed: ["f /run/x 064\n", "f /run/x 0644\n"] },
  { text: "d /run/x 0999\n", code: "mode-invalid", fixed: ["d /run/x 0755\n"] },
  { text: "Y /run/x\n", code: "unknown-type", fixed: ["R /run/x\n", "r /run/x\n", "f /run/x\n"] },
  { text: "r$ /run/x\n", code: "modifier-not-for-type", fixed: ["r /run/x\n"] },
  { text: "L~ /etc/x\n", code: "base64-not-supported", fixed: ["L /etc/x\n"] },
  { text: "r /tmp/x - - - ~10d\n", code: "age-keep-first-level-not-for-type", fixed: ["r /tmp/x - - - 10d\n"] },
  {
    text: "C /etc/x - - - - usr/share/x\n",
    code: "copy-source-not-absolute",
    fixed: ["C /etc/x - - - - /usr/share/x\n"],
  },
  {
    text: "d /tmp/x - - - 10q\n",
    code: "age-invalid",
    fixed: ["d /tmp/x - - - 10s\n", "d /tmp/x - - - 10m\n", "d /tmp/x - - - 10h\n"],
  },
  {
    text: "d /run/a 0755\nd /run/a 0700\n",
    code: "duplicate-path",
    fixed: ["d /run/a 0755\n", "d /run/a 0700\n"],
  },
  {
    text: "d /run/a 0755\nd /run/a - root\n",
    code: "duplicate-path",
    fixed: ["d /run/a 0755\n", "d /run/a 0755 root\n", "d /run/a - root\n"],
  },
];

for (const k of CASES) {
  test(`every quick fix for ${k.code} in ${JSON.stringify(k.text)} checks clean`, { skip }, async () => {
    const { uri, diagnostics, actions } = await actionsFor(k.text, ["quickfix"]);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      [k.code],
    );
    const fixes = actions.filter((a) => a.kind === "quickfix");
    assert.ok(fixes.length > 0, "a fix is offered");
    const results = fixes.map((a) => applied(k.text, uri, a));
    assert.deepEqual(results, k.fixed);
    for (const r of results)
      assert.deepEqual(
        (await check(r)).map((d) => d.code),
        [],
        `${JSON.stringify(r)} is clean`,
      );
    for (const a of fixes) assert.equal(a.diagnostics?.[0]?.code, k.code, "each fix names its diagnostic");
    assert.equal(fixes.filter((a) => a.isPreferred).length <= 1, true);
  });
}

test("source.fixAll applies every preferred fix at once, and the result checks clean", { skip }, async () => {
  const text =
    "d run/a 0755\nF /run/x\nd* /run/y\nd /var/run/z\nf /q rw-r--r--\nm /w 0644\nd /run/dup 0755\nd /run/dup 0700\nd /run/m 0700\nd /run/m - root\n";
  const { uri, actions } = await actionsFor(text, ["source.fixAll"]);
  assert.deepEqual(
    actions.map((a) => a.kind),
    ["source.fixAll"],
  );
  assert.equal(actions[0]!.title, "Apply every preferred tmpfiles fix (removes 2 lines)");
  const out = applied(text, uri, actions[0]!);
  // The duplicate that agrees with its earlier line is merged into it; the one that disagrees is removed.
  assert.equal(
    out,
    "d /run/a 0755\nf+ /run/x\nd /run/y\nd /run/z\nf /q 0644\nz /w 0644\nd /run/dup 0755\nd /run/m 0700 root\n",
  );
  assert.deepEqual(await check(out), []);
});

test("quick fixes are offered only for diagnostics in the requested range", { skip }, async () => {
  const text = "d run/a\nd run/b\n";
  const uri = c.uri(`range-${n++}.tmpfiles`);
  c.open(uri, text);
  await c.diagnosticsOf(uri, (d) => d.length === 2);
  const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } },
    context: { diagnostics: [], only: ["quickfix"] },
  });
  assert.equal(actions.length, 1);
  assert.equal(applied(text, uri, actions[0]!), "d run/a\nd /run/b\n");
});

test(
  "a cursor anywhere on a line gets the fixes of that line's problems (Helix asks with the cursor alone), and only that line's",
  { skip },
  async () => {
    const text = "d run/a 0755\nd run/b 0755\nd run/c\n";
    const uri = c.uri(`line-${n++}.tmpfiles`);
    c.open(uri, text);
    await c.diagnosticsOf(uri, (d) => d.length === 3);
    const fixesAt = async (range: {
      start: { line: number; character: number };
      end: { line: number; character: number };
    }): Promise<string[]> => {
      const actions = await c.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range,
        context: { diagnostics: [], only: ["quickfix"] },
      });
      return actions.map((a) => applied(text, uri, a));
    };
    const line1 = "d run/a 0755\nd /run/b 0755\nd run/c\n";
    for (const character of [0, 1, 10, 12]) {
      assert.deepEqual(
        await fixesAt({ start: { line: 1, character }, end: { line: 1, character } }),
        [line1],
        `cursor at 1:${character}`,
      );
    }
    assert.deepEqual(
      await fixesAt({ start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }),
      [line1],
      "a whole-line selection",
    );
  },
);
