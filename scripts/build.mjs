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

/** The command line's parts that checking tmpfiles.d files does not need are their own bundle (see server/src/cli/lazy.ts). */
const cliParts = {
  name: "cli-parts",
  setup(b) {
    b.onResolve({ filter: /^\.\/parts\.js$/ }, (args) =>
      args.importer.endsWith("cli/lazy.ts") ? { path: "./cli-parts.js", external: true } : undefined,
    );
  },
};

const entries = [
  {
    entryPoints: ["server/src/cli/main.ts"],
    outfile: "dist/cli.js",
    banner: { js: "#!/usr/bin/env node" },
    plugins: [cliParts],
  },
  { entryPoints: ["server/src/cli/parts.ts"], outfile: "dist/cli-parts.js" },
  { entryPoints: ["server/src/lsp/main.ts"], outfile: "dist/server.js" },
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js", external: ["vscode"] },
];

for (const entry of entries) {
  if (!existsSync(entry.entryPoints[0])) continue;
  await build({ ...common, ...entry });
}
if (existsSync("dist/cli.js")) chmodSync("dist/cli.js", 0o755);
