/**
 * A stand-in language server for checking the browser rig itself
 * (TMPFILES_BROWSER_STUB=1), before or apart from the real server: a few
 * regular expressions for errors, and a hover on an octal mode that spells
 * it out. It is not a checker.
 */
import {
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true },
}));

/** A few of systemd's rules, as regular expressions over the fields: enough for the rig's scenarios. */
function stubProblems(fields: string[]): Array<{ field: number; code: string; message: string }> {
  const [type = "", path = "", mode = "-", , , age = "-"] = fields;
  const out: Array<{ field: number; code: string; message: string }> = [];
  if (!/^[fFwdDevqQpLcbCxXrRzZtThHaA][-+!=~^$]*$/.test(type))
    out.push({ field: 0, code: "stub-type", message: `Unknown type '${type}'.` });
  if (!path.startsWith("/") && !path.startsWith("%"))
    out.push({ field: 1, code: "stub-path", message: `Path '${path}' is not absolute.` });
  if (/%[^abBCgGhHlLmMoqsStTuUvVwW%]/.test(path))
    out.push({ field: 1, code: "stub-specifier", message: `Unknown specifier in '${path}'.` });
  if (mode !== "-" && !/^[~:]*[0-7]{3,4}$/.test(mode))
    out.push({ field: 2, code: "stub-mode", message: `Invalid mode '${mode}'.` });
  if (age !== "-" && !/^~?(\d+(us|ms|s|min|m|h|d|w)?)+$/.test(age))
    out.push({ field: 5, code: "stub-age", message: `Invalid age '${age}'.` });
  return out;
}

documents.onDidChangeContent(({ document }) => {
  if (document.languageId !== "tmpfiles") return;
  const diagnostics = document
    .getText()
    .split("\n")
    .flatMap((line, i) => {
      if (/^\s*(#|$)/.test(line)) return [];
      const spans = [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index }));
      return stubProblems(spans.map((s) => s.text)).map((p) => {
        const span = spans[p.field]!;
        return {
          range: {
            start: { line: i, character: span.start },
            end: { line: i, character: span.start + span.text.length },
          },
          severity: DiagnosticSeverity.Error,
          code: p.code,
          source: "tmpfiles-stub",
          message: p.message,
        };
      });
    });
  void connection.sendDiagnostics({ uri: document.uri, diagnostics });
});

connection.onHover(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  const line =
    doc?.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }) ??
    "";
  for (const m of line.matchAll(/\b[0-7]{3,4}\b/g)) {
    if (position.character >= m.index && position.character <= m.index + m[0].length) {
      const bits = parseInt(m[0], 8);
      const sym = [6, 3, 0]
        .map((s) => ["r", "w", "x"].map((c, k) => ((bits >> (s + 2 - k)) & 1 ? c : "-")).join(""))
        .join("");
      return { contents: { kind: "markdown", value: `**mode** \`${m[0]}\` (stub): \`${sym}\`` } };
    }
  }
  return null;
});

documents.listen(connection);
connection.listen();
