#!/usr/bin/env node
// Bundles the TypeScript CLI into one JavaScript file, so a command starts
// without transpiling about 200 source files through tsx. `npm ci` runs it
// as the `prepare` script.
//
//   node scripts/bundle-cli.mjs [ENTRY OUTFILE]
//
// Packages with native parts stay outside the bundle and are loaded from
// node_modules when a command first needs them.
import path from "node:path";
import { build } from "esbuild";

const repoDir = path.resolve(import.meta.dirname, "..");
const [entry = "src/cli/bin.ts", outfile = "dist/strata.mjs"] =
  process.argv.slice(2);

await build({
  entryPoints: [path.resolve(repoDir, entry)],
  outfile: path.resolve(repoDir, outfile),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: [
    "@duckdb/node-api",
    "ssh2",
    "ssh2-sftp-client",
    "playwright-core",
    "fsevents",
  ],
  // Bundled CommonJS packages call require(), which ESM output lacks.
  banner: {
    js: 'import { createRequire as strataRequire } from "node:module"; const require = strataRequire(import.meta.url);',
  },
  logLevel: "warning",
});
