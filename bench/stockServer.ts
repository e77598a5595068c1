/**
 * The language server over vscode-jsonrpc's own stdio reader, for
 * `npm run bench -- --only=transport` to compare with the server's reader
 * (server/src/lsp/stdio.ts). Not shipped.
 */
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";
import { startServer } from "../server/src/lsp/server.js";

startServer(
  createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  ),
);
