/**
 * The editor scenarios against the VS Code API, run in the extension host
 * with examples/ (a scratch copy) open as the workspace. The same scenarios
 * as test/browser, by API instead of by keyboard and screen.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  ACTIVATION,
  ACTIVATION_DIFF,
  CROSS_FILE_CONFLICT,
  DRY_RUN,
  ERROR_LINES,
  ERRORS_FILE,
  HOVER,
  locate,
  MANIFEST_CONFLICT,
  MANIFEST_PREVIEW,
  RELATIVE_PATH,
  SAME_FILE_CONFLICT,
} from "../../browser/scenarios/expectations";
import type { TmpfilesExtensionApi } from "../../../client/src/extension";
import type { Scenario } from "./runner";

const EXTENSION_ID = "tmpfiles-lsp.tmpfiles-lsp";

function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("no workspace folder is open: runTest.ts opens a copy of examples/");
  return vscode.Uri.joinPath(folder.uri, ...relative.split("/"));
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Diagnostics of `uri` once `ready` holds for them, or the last ones after `timeoutMs`. */
function diagnosticsWhen(
  uri: vscode.Uri,
  ready: (d: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const key = uri.toString();
    const finish = (): void => {
      sub.dispose();
      clearTimeout(timer);
      resolve(vscode.languages.getDiagnostics(uri));
    };
    const check = (): void => {
      if (ready(vscode.languages.getDiagnostics(uri))) finish();
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(finish, timeoutMs);
    check();
  });
}

function describe(diags: readonly vscode.Diagnostic[]): string {
  return diags
    .map(
      (d) =>
        `  ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1} [${codeOf(d)}] ${d.message}`,
    )
    .join("\n");
}

function codeOf(d: vscode.Diagnostic): string {
  if (d.code === undefined) return "";
  return typeof d.code === "object" ? String(d.code.value) : String(d.code);
}

const onLine = (line1: number) => (d: vscode.Diagnostic) => d.range.start.line === line1 - 1;

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .join("\n");
}

async function api(): Promise<TmpfilesExtensionApi> {
  const ext = vscode.extensions.getExtension<TmpfilesExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** Resolves once `cond` holds, checking every 100 ms; rejects with `what` after `timeoutMs`. */
async function until<T>(cond: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} (waited ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `stop` on the running server (its pid given), then waits for another
 * server process and for the errors of ERRORS_FILE to be published again.
 */
async function restartedAndBack(stop: (pid: number) => Promise<void>): Promise<void> {
  const doc = await open(ERRORS_FILE);
  const first = locate(doc.getText(), ERROR_LINES[0]!).line;
  const has = (d: readonly vscode.Diagnostic[]): boolean => d.some(onLine(first));
  assert.ok(has(await diagnosticsWhen(doc.uri, has)), "no diagnostics before the restart");
  const ext = await api();
  const before = await until(() => ext.serverPid(), "the language server is not running");
  // Count publications from here on: the ones after the new server started must have the errors again.
  let republished = false;
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    const pid = ext.serverPid();
    if (
      pid !== undefined &&
      pid !== before &&
      e.uris.some((u) => u.toString() === doc.uri.toString()) &&
      has(vscode.languages.getDiagnostics(doc.uri))
    ) {
      republished = true;
    }
  });
  try {
    await stop(before);
    const after = await until(() => {
      const pid = ext.serverPid();
      return pid !== undefined && pid !== before ? pid : undefined;
    }, `no new server process after ${before}`);
    assert.notEqual(after, before);
    await until(() => (republished ? true : undefined), `the server ${after} did not publish the errors again`);
  } finally {
    sub.dispose();
  }
}

export const scenarios: Scenario[] = [
  {
    name: "the extension activates for a tmpfiles.d file",
    async run() {
      const doc = await open(ERRORS_FILE);
      assert.equal(doc.languageId, "tmpfiles", `${ERRORS_FILE} should open as language tmpfiles`);
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
      await ext.activate();
      assert.ok(ext.isActive);
    },
  },
  {
    name: "errors of a tmpfiles.d file are diagnostics on their lines",
    async run() {
      const doc = await open(ERRORS_FILE);
      const lines = ERROR_LINES.map((n) => locate(doc.getText(), n).line);
      const missing = (d: readonly vscode.Diagnostic[]): number[] =>
        lines.filter((l) => !d.some((x) => onLine(l)(x) && x.severity === vscode.DiagnosticSeverity.Error));
      const diags = await diagnosticsWhen(doc.uri, (d) => missing(d).length === 0);
      assert.deepEqual(missing(diags), [], `lines without an error; the diagnostics are:\n${describe(diags)}`);
      for (const d of diags) {
        assert.ok(codeOf(d) !== "", `every diagnostic has a code:\n${describe([d])}`);
        assert.ok(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(codeOf(d)), `codes are kebab-case: ${codeOf(d)}`);
      }
    },
  },
  {
    name: "a hover over a mode spells it out",
    async run() {
      const doc = await open(HOVER.file);
      const at = locate(doc.getText(), HOVER.line, HOVER.token);
      const pos = new vscode.Position(at.line - 1, at.column);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, pos);
      const text = hoverText(hovers ?? []);
      assert.ok(
        text.includes(HOVER.expect),
        `the hover over ${HOVER.token} should say ${HOVER.expect}; it says:\n${text}`,
      );
    },
  },
  {
    name: "a conflict across two files is reported where the line is dropped, pointing at the line that wins",
    async run() {
      const dropped = await open(CROSS_FILE_CONFLICT.dropped);
      const line = locate(dropped.getText(), CROSS_FILE_CONFLICT.line).line;
      const keptUri = workspaceUri(CROSS_FILE_CONFLICT.kept).toString();
      const points = (d: vscode.Diagnostic): boolean =>
        onLine(line)(d) && (d.relatedInformation ?? []).some((r) => r.location.uri.toString() === keptUri);
      const diags = await diagnosticsWhen(dropped.uri, (d) => d.some(points));
      assert.ok(
        diags.some(points),
        `no diagnostic on line ${line} of ${CROSS_FILE_CONFLICT.dropped} points at ${CROSS_FILE_CONFLICT.kept}:\n${describe(diags)}`,
      );
      const warning = diags.find(points)!;
      assert.equal(
        warning.severity,
        vscode.DiagnosticSeverity.Warning,
        "systemd keeps the file and drops the line: a warning",
      );
    },
  },
  {
    name: "a second line for the same path in one file is a warning",
    async run() {
      const doc = await open(SAME_FILE_CONFLICT.file);
      const text = doc.getText();
      const first = locate(text, SAME_FILE_CONFLICT.line).line;
      const second = locate(text, SAME_FILE_CONFLICT.line, SAME_FILE_CONFLICT.line, first).line;
      const isDup = (d: vscode.Diagnostic): boolean =>
        onLine(second)(d) && d.severity === vscode.DiagnosticSeverity.Warning;
      const diags = await diagnosticsWhen(doc.uri, (d) => d.some(isDup));
      assert.ok(diags.some(isDup), `no warning on line ${second}:\n${describe(diags)}`);
    },
  },
  {
    name: "a quick fix makes a relative path absolute and the error goes away",
    async run() {
      const doc = await open(RELATIVE_PATH.file);
      const line = locate(doc.getText(), RELATIVE_PATH.line).line;
      const isErr = (d: vscode.Diagnostic): boolean =>
        onLine(line)(d) && d.severity === vscode.DiagnosticSeverity.Error;
      const diags = await diagnosticsWhen(doc.uri, (d) => d.some(isErr));
      const diag = diags.find(isErr);
      assert.ok(diag, `no error on line ${line}:\n${describe(diags)}`);
      // The last argument resolves the actions' edits (codeAction/resolve) where the server defers them.
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          "vscode.executeCodeActionProvider",
          doc.uri,
          diag.range,
          vscode.CodeActionKind.QuickFix.value,
          10,
        )) ?? [];
      // vscode.executeCodeActionProvider drops CodeAction.diagnostics on the way back, so the fix is
      // recognised by its edit: one that changes this line of this document.
      const touchesLine = (a: vscode.CodeAction): boolean =>
        (a.edit?.get(doc.uri) ?? []).some((e) => e.range.start.line <= line - 1 && e.range.end.line >= line - 1);
      const candidates = actions.filter(touchesLine);
      const fix = candidates.find((a) => a.isPreferred) ?? candidates[0];
      const offered = actions.map(
        (a) => `${a.title} (edit: ${a.edit ? "yes" : "no"}, preferred: ${a.isPreferred ? "yes" : "no"})`,
      );
      assert.ok(
        fix?.edit,
        `no quick fix with an edit on line ${line} for [${codeOf(diag)}]; offered: ${offered.join(" | ") || "nothing"}`,
      );
      assert.ok(await vscode.workspace.applyEdit(fix.edit), "the edit did not apply");
      assert.ok(
        doc.lineAt(line - 1).text.includes(RELATIVE_PATH.fixed),
        `line ${line} is now: ${doc.lineAt(line - 1).text}`,
      );
      const after = await diagnosticsWhen(doc.uri, (d) => !d.some(isErr));
      assert.ok(!after.some(isErr), `the error on line ${line} is still there:\n${describe(after)}`);
      await vscode.commands.executeCommand("workbench.action.files.revert");
    },
  },
  {
    name: "a manifest with two entries for one target is reported",
    async run() {
      const doc = await open(MANIFEST_CONFLICT.file);
      const text = doc.getText();
      const first = locate(text, MANIFEST_CONFLICT.target).line;
      const second = text.split("\n").findIndex((l, i) => i >= first && l.includes(MANIFEST_CONFLICT.target)) + 1;
      assert.ok(second > first, "the example manifest has the target twice");
      // The server may mark either entry (the other one in relatedInformation).
      const covers = (d: vscode.Diagnostic, line1: number): boolean =>
        d.range.start.line <= line1 - 1 && d.range.end.line >= line1 - 1;
      const atEntry = (d: vscode.Diagnostic): boolean =>
        d.severity <= vscode.DiagnosticSeverity.Warning && (covers(d, first) || covers(d, second));
      const diags = await diagnosticsWhen(doc.uri, (d) => d.some(atEntry));
      assert.ok(
        diags.some(atEntry),
        `no error or warning at either ${MANIFEST_CONFLICT.target} entry (lines ${first}, ${second}):\n${describe(diags)}`,
      );
    },
  },
  {
    name: "after a restart of the server the diagnostics come back",
    async run() {
      await restartedAndBack(async () => {
        await vscode.commands.executeCommand("tmpfiles.restartServer");
      });
    },
  },
  {
    name: "a server that dies is started again and publishes again",
    async run() {
      await restartedAndBack((pid) => {
        process.kill(pid, "SIGKILL");
        return Promise.resolve();
      });
    },
  },
  {
    name: "the generated tmpfiles.d preview of a manifest opens, links back to its entries and follows edits",
    async run() {
      const manifest = await open(MANIFEST_PREVIEW.file);
      await vscode.commands.executeCommand("tmpfiles.previewGenerated");
      const preview = await until(
        () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === "tmpfiles-preview"),
        "no preview document opened",
      );
      assert.equal(preview.languageId, "tmpfiles", "the preview is a tmpfiles.d document");
      const text = await until(
        () => (preview.getText().includes(MANIFEST_PREVIEW.linkLine) ? preview.getText() : undefined),
        `the preview has no line starting ${JSON.stringify(MANIFEST_PREVIEW.linkLine)}: ${preview.getText()}`,
      );
      assert.ok(
        text.includes(MANIFEST_PREVIEW.copyLine),
        `the preview has no ${JSON.stringify(MANIFEST_PREVIEW.copyLine)}:\n${text}`,
      );

      const linkLine = text.split("\n").findIndex((l) => l.startsWith(MANIFEST_PREVIEW.linkLine));
      const targets =
        (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
          "vscode.executeDefinitionProvider",
          preview.uri,
          new vscode.Position(linkLine, 4),
        )) ?? [];
      const entryLine = locate(manifest.getText(), MANIFEST_PREVIEW.target).line - 1;
      const hits = targets.filter((t) => {
        const uri = "uri" in t ? t.uri : t.targetUri;
        const range = "range" in t ? t.range : t.targetRange;
        return (
          uri.toString() === manifest.uri.toString() && range.start.line <= entryLine && range.end.line >= entryLine
        );
      });
      assert.ok(
        hits.length > 0,
        `Go to Definition on preview line ${linkLine + 1} should lead to the manifest entry at line ${entryLine + 1}`,
      );

      const at = locate(manifest.getText(), MANIFEST_PREVIEW.target, '"hosts"');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(
        manifest.uri,
        new vscode.Range(at.line - 1, at.column - 1, at.line - 1, at.column - 1 + '"hosts"'.length),
        JSON.stringify(MANIFEST_PREVIEW.renamed),
      );
      assert.ok(await vscode.workspace.applyEdit(edit));
      await until(
        () => (preview.getText().includes(`/etc/${MANIFEST_PREVIEW.renamed} `) ? true : undefined),
        `the preview did not follow the edit to ${MANIFEST_PREVIEW.renamed}`,
      );
      await vscode.window.showTextDocument(manifest);
      await vscode.commands.executeCommand("workbench.action.files.revert");
    },
  },
  {
    name: "Preview Activation against another manifest: counts, rows, and links back to both generations",
    async run() {
      const manifest = await open(ACTIVATION.file);
      await vscode.commands.executeCommand("tmpfiles.previewActivation", manifest.uri, {
        kind: "file",
        uri: workspaceUri(ACTIVATION.previous),
      });
      const ext = await api();
      const shown = await until(() => ext.lastActivation(), "no activation preview was shown");
      assert.deepEqual(shown.counts, { add: 3, replace: 1, remove: 1, keep: 6 }, shown.text);
      assert.ok(shown.text.includes(ACTIVATION.counts), shown.text);
      for (const row of ACTIVATION.rows) assert.ok(shown.text.includes(row), `no ${row} in:\n${shown.text}`);
      const doc = await until(
        () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown.uri),
        "the plan document is not open",
      );
      assert.equal(doc.languageId, "tmpfiles");
      const links =
        (await vscode.commands.executeCommand<vscode.DocumentLink[]>("vscode.executeLinkProvider", doc.uri)) ?? [];
      const lines = doc.getText().split("\n");
      const linkOn = (needle: string): vscode.DocumentLink | undefined => {
        const i = lines.findIndex((l) => l.startsWith(needle));
        return links.find((l) => l.range.start.line === i);
      };
      const removed = linkOn("r /etc/motd");
      assert.ok(
        removed?.target?.path.endsWith(ACTIVATION.previous),
        `r /etc/motd links to the previous manifest: ${removed?.target?.toString()}`,
      );
      const added = linkOn("C /etc/example/app.conf");
      assert.ok(
        added?.target?.path.endsWith(ACTIVATION.file),
        `the added copy links to the manifest: ${added?.target?.toString()}`,
      );
      assert.match(added!.target!.fragment, /^L\d+,\d+$/);
    },
  },
  {
    name: "Preview Activation as Diff: the two generated snippets, as tmpfiles documents with no diagnostics, one pair per manifest",
    async run() {
      const manifest = await open(ACTIVATION_DIFF.file);
      const previous = { kind: "file", uri: workspaceUri(ACTIVATION_DIFF.previous) };
      await vscode.commands.executeCommand("tmpfiles.previewActivationDiff", manifest.uri, previous);
      const ext = await api();
      const shown = await until(() => ext.lastActivationDiff(), "no activation diff was shown");
      assert.equal(shown.title, ACTIVATION_DIFF.title);
      for (const line of ACTIVATION_DIFF.onlyPrevious)
        assert.ok(
          shown.previous.includes(line) && !shown.next.includes(line),
          `${line} only on the previous side:\n${shown.previous}`,
        );
      for (const line of ACTIVATION_DIFF.onlyNew)
        assert.ok(
          shown.next.includes(line) && !shown.previous.includes(line),
          `${line} only on the new side:\n${shown.next}`,
        );
      const sides = () =>
        vscode.workspace.textDocuments.filter(
          (d) => d.uri.scheme === "tmpfiles-activation-diff" && d.uri.query === manifest.uri.toString(),
        );
      const docs = await until(
        () => (sides().length === 2 ? sides() : undefined),
        "the diff's two documents are not open",
      );
      assert.deepEqual(docs.map((d) => d.getText()).sort(), [shown.previous, shown.next].sort());
      for (const d of docs) assert.equal(d.languageId, "tmpfiles", d.uri.toString());
      // The manifest's own problems are published; the generated sides get none.
      await diagnosticsWhen(manifest.uri, (d) => d.length > 0);
      for (const d of docs)
        assert.deepEqual(vscode.languages.getDiagnostics(d.uri), [], `diagnostics on ${d.uri.toString()}`);
      // Again: the same two documents.
      await vscode.commands.executeCommand("tmpfiles.previewActivationDiff", manifest.uri, previous);
      assert.equal(sides().length, 2);
    },
  },
  {
    name: "Preview Activation against git HEAD of the same manifest",
    async run() {
      const folder = workspaceUri(".").fsPath;
      const git = (...args: string[]): string =>
        execFileSync("git", ["-C", folder, "-c", "user.name=test", "-c", "user.email=test@example.org", ...args], {
          encoding: "utf8",
        });
      git("init", "-q");
      git("add", ACTIVATION.file);
      git("commit", "-q", "-m", "previous generation");
      const doc = await open(ACTIVATION.file);
      // Unsaved edit: rename one target; the plan adds the new path and removes the old one.
      const at = doc.getText().indexOf('"target": "hosts"');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(
        doc.uri,
        new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"target": "hosts"'.length)),
        '"target": "hosts.allow"',
      );
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        await vscode.commands.executeCommand("tmpfiles.previewActivation", doc.uri, { kind: "gitHead" });
        const shown = await until(() => {
          const a = vscode.extensions.getExtension<TmpfilesExtensionApi>(EXTENSION_ID)!.exports.lastActivation();
          return a?.oldName.includes("git HEAD") ? a : undefined;
        }, "no activation preview against git HEAD");
        assert.deepEqual(
          shown.changes.filter((c) => c.action !== "keep"),
          [
            { path: "/etc/hosts", action: "remove" },
            { path: "/etc/hosts.allow", action: "add" },
          ],
          shown.text,
        );
      } finally {
        await vscode.commands.executeCommand("workbench.action.files.revert");
      }
    },
  },
  {
    name: "a dry-run on this machine runs in a terminal and leaves nothing behind",
    timeoutMs: 120_000,
    async run() {
      const doc = await open(DRY_RUN.cleanFile);
      const ext = await api();
      const finished = new Promise<ReturnType<TmpfilesExtensionApi["lastDryRun"]>>((resolve) => {
        const sub = ext.onDidFinishDryRun((r) => {
          sub.dispose();
          resolve(r);
        });
      });
      await vscode.commands.executeCommand("tmpfiles.dryRun", doc.uri);
      const r = await finished;
      assert.ok(r, "no dry-run record");
      if (r.problem) {
        // A machine without systemd-tmpfiles: the message says what to install.
        assert.match(r.problem, /install/, r.problem);
        return;
      }
      assert.ok(r.commands[0]?.startsWith("systemd-tmpfiles --version"), r.commands.join("\n"));
      assert.equal(r.commands.length, 2, r.commands.join("\n"));
      assert.ok(r.release !== undefined && r.release >= 200, `release ${r.release}`);
      assert.equal(r.exit?.code, 0, r.output);
      assert.match(r.output, new RegExp(`${DRY_RUN.cleanPath}`), r.output);
      if (/Scratch root /.test(r.output))
        assert.ok(!existsSync("/tmp/tmpfiles-dry-run"), "the isolated root was never on the host");
      assert.ok(
        vscode.window.terminals.some((t) => t.name.startsWith("tmpfiles dry-run")),
        "the dry-run terminal is open",
      );
    },
  },
];
