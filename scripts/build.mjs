// Bundles the client, the server and the CLI into dist/ with esbuild.
import { build } from "esbuild";
import { chmodSync, existsSync } from "node:fs";

const production = process.argv.includes("--production");
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // Prefer ES module builds: some packages (jsonc-parser) ship UMD files that a bundler cannot follow.
  mainFields: ["module", "main"],
};

const entries = [
  { entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } },
  { entryPoints: ["server/src/lsp/main.ts"], outfile: "dist/server.js" },
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js", external: ["vscode"] },
];

for (const entry of entries) {
  if (!existsSync(entry.entryPoints[0])) continue;
  await build({ ...common, ...entry });
}
if (existsSync("dist/cli.js")) chmodSync("dist/cli.js", 0o755);
