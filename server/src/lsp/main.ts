/**
 * The language server's entry point (dist/server.js). The transport comes
 * from the command line: --node-ipc (VS Code), --stdio (other editors, or
 * `tmpfiles-lsp lsp --stdio`), --socket=PORT or --pipe=NAME.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server.js";

const connection = createConnection(ProposedFeatures.all);
process.on("uncaughtException", (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on("unhandledRejection", (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
startServer(connection);
