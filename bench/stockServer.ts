/**
 * The language server over vscode-languageserver's own stdio reader and
 * writer, for `npm run bench -- --only=transport` to compare with the
 * server's reader and writer (server/src/lsp/stdio.ts). Not shipped.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { startServer } from "../server/src/lsp/server.js";

startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)));
