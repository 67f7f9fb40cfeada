/**
 * Runs the strata CLI in this process and prints how long `main` took, so
 * the benchmark can tell process start-up from the command's own work:
 * `BENCH {"inProcessSeconds": 0.42}`. Arguments are strata's own. Output is
 * kept, and printed only when the command fails.
 */
import { main } from "../src/cli/main.ts";

const output: string[] = [];
const io = {
  out: (t: string) => output.push(t),
  err: (t: string) => output.push(t),
};
const started = performance.now();
const exitCode = await main(process.argv.slice(2), io);
const seconds = (performance.now() - started) / 1000;
if (exitCode !== 0) console.error(output.join("\n"));
console.log(`BENCH ${JSON.stringify({ inProcessSeconds: seconds })}`);
process.exitCode = exitCode;
