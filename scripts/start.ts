/**
 * `npm start`: generates the bundled sample landing zone if it is missing,
 * runs the resale project for France on it, and prints the vehicles and
 * expected margin per segment.
 *
 *   npm start [-- --country fr --vehicles 20000]
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { main as strata } from "../src/cli/main.ts";
import { currentQuarterStart, generateLanding } from "./generate-landing.ts";
import { segmentSummary } from "./landing/warehouse.ts";

async function start(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      country: { type: "string", default: "fr" },
      vehicles: { type: "string", default: "20000" },
    },
  });
  const projectDir = resolve(".");
  const landingDir = join(projectDir, "landing");
  const country = values.country;

  if (!existsSync(join(landingDir, country))) {
    console.log(`Generating the sample landing zone in ${landingDir}...`);
    await generateLanding({
      vehicles: Number(values.vehicles),
      outDir: landingDir,
      countries: ["fr", "de", "es"],
      seed: 42,
      referenceDate: currentQuarterStart(),
      projectDir,
    });
  }

  const exitCode = await strata(["run", "--country", country, "--quiet"]);
  if (exitCode !== 0) {
    return exitCode;
  }

  console.log(`\nResale candidates for ${country}:`);
  console.table(await segmentSummary(projectDir, country));
  return 0;
}

start().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
