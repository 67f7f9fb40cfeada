/**
 * Runs the strata CLI in this process and prints how long the command took,
 * so the benchmark can tell process start-up from the command's own work:
 * `BENCH {"inProcessSeconds": 0.42}`. Arguments are strata's own. Output is
 * kept, and printed only when the command fails. The command starts as
 * bin.ts starts it, so the time includes loading the modules it needs.
 */
import { runCli } from "../src/cli/entry.ts";

const output: string[] = [];
const io = {
  out: (t: string) => output.push(t),
  err: (t: string) => output.push(t),
};
const started = performance.now();
const exitCode = await runCli(process.argv.slice(2), io);
const seconds = (performance.now() - started) / 1000;
if (exitCode !== 0) console.error(output.join("\n"));
console.log(`BENCH ${JSON.stringify({ inProcessSeconds: seconds })}`);
process.exitCode = exitCode;
