/**
 * Measures the fitted depreciation curve on real listings: for each country,
 * builds the project on the converted listings with one fifth of the cars
 * left out of the fit (var curve_holdout_fold), then prints the median
 * absolute percentage error (MdAPE) of the curve's value against their
 * listing prices, next to two plain log-linear baselines on age and
 * mileage (per segment, and per model). See model curve_evaluation.
 *
 *   npx tsx scripts/evaluate-curves.ts [--countries fr,de,es] [--folds 0]
 *     [--listings DIR]
 *
 * Converts the listings into target/landing-real first.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { main as strata } from "../src/cli/main.ts";
import {
  convertListings,
  defaultListingsDir,
  type ConvertedCountry,
} from "./convert-listings.ts";
import { queryPartition, type JsonRow } from "./landing/warehouse.ts";

const landingDir = "target/landing-real";

async function evaluateCountry(
  projectDir: string,
  converted: ConvertedCountry,
  fold: number,
): Promise<JsonRow> {
  const vars = {
    landing_dir: landingDir,
    reference_date: converted.referenceDate,
    curve_holdout_fold: fold,
  };
  const started = performance.now();
  const exitCode = await strata([
    "build",
    "--country",
    converted.country,
    "--project-dir",
    projectDir,
    "--quiet",
    "--vars",
    JSON.stringify(vars),
  ]);
  if (exitCode !== 0) {
    throw new Error(
      `strata build for ${converted.country} exited ${exitCode}.`,
    );
  }
  const seconds = (performance.now() - started) / 1000;

  const [row] = await queryPartition(
    projectDir,
    "curve_evaluation",
    converted.country,
    "SELECT * FROM partition",
  );
  return {
    country: converted.country,
    fold,
    build_seconds: Number(seconds.toFixed(1)),
    ...row,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      countries: { type: "string", default: "fr,de,es" },
      folds: { type: "string", default: "0" },
      listings: { type: "string" },
    },
  });
  const projectDir = resolve(".");
  const converted = await convertListings({
    listingsDir: resolve(values.listings ?? defaultListingsDir(projectDir)),
    outDir: resolve(landingDir),
    countries: values.countries.split(","),
    projectDir,
  });
  const folds = values.folds.split(",").map(Number);
  const rows: JsonRow[] = [];

  for (const country of converted) {
    for (const fold of folds) {
      rows.push(await evaluateCountry(projectDir, country, fold));
    }
  }
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
