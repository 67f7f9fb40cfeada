#!/usr/bin/env node
// Runs the bundled CLI (dist/strata.mjs, written by `npm ci` through
// scripts/bundle-cli.mjs) when it is newer than every file under src/, and
// the TypeScript through tsx otherwise, so an edit takes effect at once.
// NOTE: only src/ is compared, so a changed package in node_modules, or
// sources copied with old timestamps, still run the older bundle.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const repoDir = path.resolve(import.meta.dirname, "..");
const bundle = path.join(repoDir, "dist", "strata.mjs");

function bundleIsFresh() {
  let bundleTime;
  try {
    bundleTime = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  const sourceDir = path.join(repoDir, "src");
  for (const entry of readdirSync(sourceDir, { recursive: true })) {
    if (statSync(path.join(sourceDir, entry)).mtimeMs > bundleTime) {
      return false;
    }
  }
  return true;
}

// Either module runs the command with process.argv when it loads.
if (bundleIsFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/bin.ts");
}
