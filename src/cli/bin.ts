// The command-line entry point: scripts/bundle-cli.mjs bundles this file into
// dist/strata.mjs, which bin/strata.js runs.
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
