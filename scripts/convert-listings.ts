/**
 * Turns the real used-car listings (FR, DE, ES) into one landing zone per
 * country: each listed car becomes a leased vehicle of the fleet, and its
 * listing price, in the source's own formatting, becomes the partner's
 * quotation in that country's layout. The listings are read in place and
 * never copied into the repository.
 *
 *   npx tsx scripts/convert-listings.ts [--listings ../shared/data/listings]
 *     [--out target/landing-real] [--countries fr,de,es]
 *
 * Then build a country on it with the reference date the converter prints:
 *
 *   npx tsx src/cli/main.ts build --country fr --vars \
 *     '{"landing_dir": "target/landing-real", "reference_date": "2025-07-01"}'
 *
 * The rule that derives contracts from a listing is documented in
 * scripts/landing/listing-fleet.ts and docs/sample-data.md.
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { createListingFleet } from "./landing/listing-fleet.ts";
import {
  listingSources,
  type ListingSource,
} from "./landing/listing-sources.ts";
import {
  writeFleetFiles,
  writePartnerFiles,
} from "./landing/landing-writer.ts";
import { readPartnerLayouts } from "./landing/partner-layout.ts";

/** Options of one conversion. */
export interface ConvertOptions {
  listingsDir: string;
  outDir: string;
  countries: string[];
  projectDir: string;
}

/** Summary of the landing zone written for one country. */
export interface ConvertedCountry {
  country: string;
  listings: number;
  vehicles: number;
  referenceDate: string;
  partnerFiles: string[];
}

/** Default listings folder: the shared data beside the repository. */
export function defaultListingsDir(projectDir: string): string {
  return resolve(projectDir, "..", "shared", "data", "listings");
}

/** Writes the landing zone of each requested country under `outDir`. */
export async function convertListings(
  options: ConvertOptions,
): Promise<ConvertedCountry[]> {
  if (!existsSync(options.listingsDir)) {
    throw new Error(
      `Listings folder ${options.listingsDir} not found; pass --listings DIR.`,
    );
  }
  const instance = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
  });
  const connection = await instance.connect();
  const results: ConvertedCountry[] = [];

  try {
    for (const country of options.countries) {
      const source = listingSources.find((item) => item.country === country);
      if (!source) {
        throw new Error(
          `No listings source for country ${country}; use one of ` +
            `${listingSources.map((item) => item.country).join(", ")}.`,
        );
      }
      results.push(await convertCountry(connection, options, source));
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return results;
}

async function convertCountry(
  connection: DuckDBConnection,
  options: ConvertOptions,
  source: ListingSource,
): Promise<ConvertedCountry> {
  const layout = readPartnerLayouts(options.projectDir).get(source.country);
  if (!layout) {
    throw new Error(`Country ${source.country} is not in countries.yml.`);
  }
  const countryDir = join(options.outDir, source.country);
  await rm(countryDir, { recursive: true, force: true });

  await connection.run(source.readSql(options.listingsDir));
  await createListingFleet(connection, source.country, source.referenceDate);
  await writeFleetFiles(connection, countryDir);
  const partnerFiles = await writePartnerFiles(
    connection,
    countryDir,
    layout,
    false,
  );

  return {
    country: source.country,
    listings: await count(connection, "listings"),
    vehicles: await count(connection, "fleet_vehicles"),
    referenceDate: source.referenceDate,
    partnerFiles,
  };
}

async function count(
  connection: DuckDBConnection,
  table: string,
): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM ${table}`,
  );
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0);
}

function parseOptions(argv: string[]): ConvertOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      listings: { type: "string" },
      out: { type: "string", default: "target/landing-real" },
      countries: { type: "string", default: "fr,de,es" },
      "project-dir": { type: "string", default: "." },
    },
  });
  const projectDir = resolve(values["project-dir"]);

  return {
    listingsDir: resolve(values.listings ?? defaultListingsDir(projectDir)),
    outDir: resolve(values.out),
    countries: values.countries.split(",").map((code) => code.trim()),
    projectDir,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const results = await convertListings(options);

  for (const result of results) {
    console.log(
      `${result.country}: ${result.listings} listings -> ` +
        `${result.vehicles} vehicle rows in ${options.outDir}/` +
        `${result.country} (reference_date ${result.referenceDate})`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
