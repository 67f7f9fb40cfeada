/**
 * The benchmark suite behind BENCHMARKS.md (`npm run bench`).
 *
 *   npm run bench                      every benchmark, 5 runs each
 *   npm run bench -- --smoke           50 models, 1 run, no peers, prints the report
 *   npm run bench -- --runs 7 --sizes 1000,10000 --large-peer-runs 1
 *   npm run bench -- --dataform-sizes 1000   Dataform at 1,000 models only
 *
 * Every figure is a median over runs of a child process: wall time measured
 * around the spawn, and peak RSS from GNU time. Peers run only when their
 * installs exist: `bench/install-peers.sh` puts dbt-core with dbt-duckdb and
 * the Dataform CLI under bench/.work.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatReport, type Machine } from "./report.ts";
import { resaleBuild } from "./resale.ts";
import {
  buildOverhead,
  dataformCompile,
  dbtCompile,
  dbtParse,
  peersInstalled,
  repeated,
  strataCompile,
  workDir,
  type Result,
} from "./suites.ts";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    runs: { type: "string" },
    "peer-runs": { type: "string" },
    "large-peer-runs": { type: "string" },
    sizes: { type: "string" },
    "dataform-sizes": { type: "string" },
    "build-size": { type: "string" },
    "no-peers": { type: "boolean", default: false },
    "no-resale": { type: "boolean", default: false },
    "resale-runs": { type: "string" },
    output: { type: "string" },
  },
});

const smoke = values.smoke;
const runs = Number(values.runs ?? (smoke ? 1 : 5));
const peerRuns = Number(values["peer-runs"] ?? runs);
// dbt parses 10,000 models in minutes, so fewer runs may be asked for there.
const largePeerRuns = Number(values["large-peer-runs"] ?? peerRuns);
const sizes = (values.sizes ?? (smoke ? "50" : "1000,10000"))
  .split(",")
  .map(Number);
// Dataform took about 8 minutes for 10,000 models, so a run may leave it out.
const dataformSizes = (values["dataform-sizes"] ?? sizes.join(","))
  .split(",")
  .map(Number);
const buildSize = Number(values["build-size"] ?? (smoke ? 50 : 1000));
const peers = smoke || values["no-peers"] ? undefined : peersInstalled();
const repoDir = path.resolve(import.meta.dirname, "..");
const output = values.output ?? path.join(repoDir, "BENCHMARKS.md");
const log = (line: string): void => console.log(line);
const options = { runs, log };

const machine: Machine = {
  cores: os.availableParallelism(),
  memoryGiB: os.totalmem() / 2 ** 30,
  cpu: os.cpus()[0]?.model ?? "unknown",
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
  loadAverage: os.loadavg()[0]!,
};
log(
  `bench: ${runs} runs, sizes ${sizes.join(", ")}, build ${buildSize}, peers ${peers ? JSON.stringify(peers) : "off"}, work folder ${workDir}`,
);

const results: Result[] = [];
const notes: string[] = [];
const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim();

/** Writes the report with the results so far; the smoke run only prints. */
async function report(): Promise<void> {
  machine.loadAverageEnd = os.loadavg()[0]!;
  const text = formatReport(results, machine, command, notes);
  if (smoke) log(text);
  else await writeFile(output, text);
}

/**
 * Runs one benchmark and rewrites the report, so a long run that is
 * stopped keeps what it measured. A failure becomes a note instead of
 * ending the run.
 */
async function attempt(
  label: string,
  work: () => Promise<Result | Result[]>,
): Promise<void> {
  try {
    const outcome = await work();
    results.push(...(Array.isArray(outcome) ? outcome : [outcome]));
  } catch (error) {
    if (smoke) throw error;
    const text = error instanceof Error ? error.message : String(error);
    // Drop the terminal colour codes some tools print.
    const escape = String.fromCharCode(27);
    const message = text.replace(new RegExp(`${escape}\\[[0-9;]*m`, "g"), "");
    const note = `${label} failed: ${message.split("\n").slice(0, 6).join(" ")}`;
    log(note);
    notes.push(note);
  }
  if (!smoke) await report();
}

// A fixed loop shows how fast this machine is at the moment: the slower it
// runs, the more other work on the machine inflates every other figure.
const calibration = () =>
  repeated(
    options,
    {
      benchmark: "calibration",
      tool: "node",
      size: "3e8 additions",
      command: "node -e (a loop)",
    },
    {
      program: process.execPath,
      args: ["-e", "let x = 0; for (let i = 0; i < 3e8; i++) x += i;"],
      cwd: repoDir,
    },
    async () => undefined,
  );
await attempt("calibration", calibration);

// strata's own numbers first, then the peers, slowest last.
const peerRunsAt = (size: number) => ({
  runs: size >= 10_000 ? largePeerRuns : peerRuns,
  log,
});
for (const size of sizes) {
  await attempt(`strata compile ${size}`, () => strataCompile(options, size));
}
await attempt(`build ${buildSize}`, () =>
  buildOverhead(options, buildSize, peers?.dbt === true),
);
for (const size of sizes) {
  if (peers?.dataform && dataformSizes.includes(size)) {
    await attempt(`dataform compile ${size}`, () =>
      dataformCompile(peerRunsAt(size), size),
    );
  }
  if (peers?.dbt) {
    await attempt(`dbt parse ${size}`, () => dbtParse(peerRunsAt(size), size));
    await attempt(`dbt compile ${size}`, () =>
      dbtCompile(peerRunsAt(size), size),
    );
  }
}

const resaleReady =
  existsSync(path.join(repoDir, "models")) &&
  existsSync(path.join(repoDir, "scripts", "generate-landing.ts"));
if (smoke || values["no-resale"]) {
  log("resale build: skipped (--smoke or --no-resale)");
} else if (!resaleReady) {
  const note =
    "The resale build was skipped: models/ or scripts/generate-landing.ts is missing at the repository root.";
  log(note);
  notes.push(note);
} else {
  const resaleOptions = { runs: Number(values["resale-runs"] ?? runs), log };
  for (const vehicles of [100_000, 1_000_000]) {
    await attempt(`resale build ${vehicles}`, () =>
      resaleBuild(resaleOptions, repoDir, vehicles),
    );
  }
}
await attempt("calibration", calibration);
if (!peers && !smoke) notes.push("Peers were not run (--no-peers).");
await report();
log(smoke ? "smoke run done" : `wrote ${output}`);
