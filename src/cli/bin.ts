// The command-line entry point: scripts/bundle-cli.mjs bundles this file into
// dist/strata.mjs, which bin/strata.js runs.
import { runCli } from "./entry.ts";

// A reader that stops early, as in `strata ls | head`, closes the pipe. The
// rest of the output is not wanted, so stop quietly as other tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2));
