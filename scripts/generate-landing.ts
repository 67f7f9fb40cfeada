/**
 * Generates a deterministic, realistic landing zone for the resale project:
 * per country, the fleet system's vehicles, contracts, odometer readings and
 * damage reports, and the valuation partner's quotation files in that
 * country's layout from countries.yml.
 *
 *   npx tsx scripts/generate-landing.ts [--vehicles 20000] [--out landing]
 *     [--countries fr,de,es] [--seed 42] [--reference-date 2026-10-01]
 *
 * The same options give byte-identical files. The reference date defaults to
 * the first day of the current quarter, so the sample is always fresh; pin it
 * for reproducible output. Figures are documented in docs/sample-data.md.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import {
  writeFleetFiles,
  writePartnerFiles,
} from "./landing/landing-writer.ts";
import { formatNumberSql } from "./landing/partner-file.ts";
import {
  readPartnerLayouts,
  type PartnerLayout,
} from "./landing/partner-layout.ts";
import { createSyntheticFleet } from "./landing/synthetic-fleet.ts";

/** Options of one generation run. */
export interface GenerateOptions {
  vehicles: number;
  outDir: string;
  countries: string[];
  seed: number;
  referenceDate: string;
  projectDir: string;
}

/**
 * Returns the first day of the current quarter as an ISO date. NOTE: the
 * quarter is taken in UTC, while the models take it in the country's time
 * zone, so a sample generated in the first hours of a quarter is positioned
 * a quarter early until the reference date is pinned.
 */
export function currentQuarterStart(now = new Date()): string {
  const month = Math.floor(now.getUTCMonth() / 3) * 3;
  const start = new Date(Date.UTC(now.getUTCFullYear(), month, 1));
  return start.toISOString().slice(0, 10);
}

/** Writes the landing zone of every requested country under `outDir`. */
export async function generateLanding(options: GenerateOptions): Promise<void> {
  const layouts = readPartnerLayouts(options.projectDir);
  // A database file rather than memory, so that DuckDB spills to disk past
  // its memory limit and millions of vehicles fit on a small machine.
  const workDir = await mkdtemp(join(tmpdir(), "generate-landing-"));
  const instance = await DuckDBInstance.create(join(workDir, "work.duckdb"), {
    autoinstall_known_extensions: "false",
    memory_limit: "2GB",
    temp_directory: join(workDir, "spill"),
  });
  const connection = await instance.connect();

  try {
    for (const country of options.countries) {
      const layout = layouts.get(country);
      if (!layout) {
        throw new Error(
          `Country ${country} is not in countries.yml; use one of ` +
            `${[...layouts.keys()].join(", ")}.`,
        );
      }
      await generateCountry(connection, options, country, layout);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function generateCountry(
  connection: DuckDBConnection,
  options: GenerateOptions,
  country: string,
  layout: PartnerLayout,
): Promise<void> {
  const countryDir = join(options.outDir, country);
  await rm(countryDir, { recursive: true, force: true });

  await createSyntheticFleet(connection, {
    country,
    vehicles: options.vehicles,
    seed: options.seed,
    referenceDate: options.referenceDate,
  });
  await writeFleetFiles(connection, countryDir);

  const decimals = partnerDecimals[country] ?? partnerDecimals.de!;
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE partner_rows AS
    SELECT trim(vin) AS vin, make, model, valuation_date,
      ${formatNumberSql("mileage_km", layout, decimals.mileage, layout.mileageSuffix)} AS mileage_text,
      ${formatNumberSql("trade_value", layout, decimals.trade, layout.amountSuffix)} AS trade_text,
      ${formatNumberSql("retail_value", layout, decimals.retail, layout.amountSuffix)} AS retail_text
    FROM fleet_quotations
  `);
  await writePartnerFiles(connection, countryDir, layout, true);
}

// Decimals the partner writes, per country: the Spanish partner writes every
// number as a float ("24847.0"), the German one plain integers, the French
// one whole euros for trade values and cents for retail values.
const partnerDecimals: Record<
  string,
  { mileage: number; trade: number; retail: number }
> = {
  fr: { mileage: 0, trade: 0, retail: 2 },
  de: { mileage: 0, trade: 0, retail: 0 },
  es: { mileage: 1, trade: 1, retail: 1 },
};

function parseOptions(argv: string[]): GenerateOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      vehicles: { type: "string", default: "20000" },
      out: { type: "string", default: "landing" },
      countries: { type: "string", default: "fr,de,es" },
      seed: { type: "string", default: "42" },
      "reference-date": { type: "string" },
      "project-dir": { type: "string", default: "." },
    },
  });

  const vehicles = Number(values.vehicles);
  if (!Number.isInteger(vehicles) || vehicles < 1) {
    throw new Error(
      `--vehicles must be a positive integer, got ${values.vehicles}.`,
    );
  }
  const referenceDate = values["reference-date"] ?? currentQuarterStart();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) {
    throw new Error(
      `--reference-date must be YYYY-MM-DD, got ${referenceDate}.`,
    );
  }

  return {
    vehicles,
    outDir: resolve(values.out),
    countries: values.countries.split(",").map((code) => code.trim()),
    seed: Number(values.seed),
    referenceDate,
    projectDir: resolve(values["project-dir"]),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  await generateLanding(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Wrote ${options.vehicles} vehicles per country for ` +
      `${options.countries.join(", ")} to ${options.outDir} ` +
      `(reference date ${options.referenceDate}) in ${seconds} s.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
