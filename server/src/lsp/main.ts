/**
 * The language server's entry point (dist/server.js). The transport comes
 * from the command line: --stdio (VS Code and other editors, or
 * `tmpfiles-lsp lsp --stdio`), --node-ipc, --socket=PORT or --pipe=NAME.
 */
import { writeSync } from "node:fs";
import { format } from "node:util";
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from "vscode-languageserver/node";
import { reusingJsonEncoder } from "./diagnosticJson.js";
import { startServer } from "./server.js";
import { StreamMessageReader } from "./stdio.js";

function stdioConnection(): Connection {
  // Messages are read by the server's own reader (stdio.ts says why) and written by vscode-languageserver's writer.
  // A frame the reader cannot get back in step from ends the server: one line on stderr, and a nonzero status so the client starts it again.
  const onFatal = (why: string): never => {
    writeSync(
      2,
      `tmpfiles-lsp: the input is out of step with the protocol, so the server exits: ${why.replace(/[\r\n]+/g, " ")}\n`,
    );
    process.exit(1);
  };
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin, { onFatal }),
    // Diagnostics published again are written from their kept JSON (diagnosticJson.ts).
    new StreamMessageWriter(process.stdout, { contentTypeEncoder: reusingJsonEncoder }),
  );
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  // The editor closing our input ends the server (LSP: exit code 0 only after a shutdown request).
  const end = (): never => process.exit(shutdown ? 0 : 1);
  process.stdin.on("end", end);
  process.stdin.on("close", end);
  // stdout carries the protocol: anything printed goes to the editor's log instead.
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

const connection = process.argv.includes("--stdio") ? stdioConnection() : createConnection(ProposedFeatures.all);
process.on("uncaughtException", (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on("unhandledRejection", (e) =>
  connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
);
startServer(connection, performance.now());
