#!/usr/bin/env node
// Bundles the TypeScript CLI into one JavaScript file, so a command starts
// without transpiling about 200 source files through tsx. `npm ci` runs it
// as the `prepare` script.
//
//   node scripts/bundle-cli.mjs [ENTRY OUTFILE]
//
// Packages with native parts stay outside the bundle and are loaded from
// node_modules when a command first needs them. Modules the entry imports
// with import() go to chunks in OUTFILE's folder, under `NAME-chunks/`, so
// a command loads only the code it runs.
import { rm } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const repoDir = path.resolve(import.meta.dirname, "..");
const [entry = "src/cli/bin.ts", outfile = "dist/strata.mjs"] =
  process.argv.slice(2);

const outdir = path.dirname(path.resolve(repoDir, outfile));
const name = path.basename(outfile, ".mjs");
// Chunks of an earlier bundle would stay behind under new hashes.
await rm(path.join(outdir, `${name}-chunks`), { recursive: true, force: true });

await build({
  entryPoints: { [name]: path.resolve(repoDir, entry) },
  outdir,
  outExtension: { ".js": ".mjs" },
  chunkNames: `${name}-chunks/[name]-[hash]`,
  splitting: true,
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
  // Bundled CommonJS packages call require(), which ESM output lacks. Every
  // output file gets this line, chunks included.
  banner: {
    js: 'import { createRequire as strataRequire } from "node:module"; const require = strataRequire(import.meta.url);',
  },
  logLevel: "warning",
});
