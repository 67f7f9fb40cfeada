import { existsSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { sqlString } from "./partner-file.ts";

/** A row of a query result, with BIGINT and DECIMAL as strings. */
export type JsonRow = Record<string, unknown>;

/**
 * Runs `query` on the published Parquet partition of table model `model`
 * for one country, exposed to the query as the view `partition`. Reads the
 * files rather than the catalog, so a running build's lock does not matter.
 */
export async function queryPartition(
  projectDir: string,
  model: string,
  country: string,
  query: string,
): Promise<JsonRow[]> {
  const folder = join(
    projectDir,
    "target",
    "warehouse",
    model,
    `country=${country}`,
  );
  if (!existsSync(folder)) {
    throw new Error(
      `No published ${model} partition for ${country} in ${folder}; ` +
        "build the country first.",
    );
  }

  const instance = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
  });
  const connection = await instance.connect();
  try {
    await connection.run(
      `CREATE VIEW partition AS SELECT * FROM ` +
        `read_parquet(${sqlString(join(folder, "*.parquet"))})`,
    );
    const reader = await connection.runAndReadAll(query);
    return reader.getRowObjectsJson() as JsonRow[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Vehicles and margins per segment of a country's resale_candidates. */
export function segmentSummary(
  projectDir: string,
  country: string,
): Promise<JsonRow[]> {
  return queryPartition(
    projectDir,
    "resale_candidates",
    country,
    `SELECT segment, count(*)::INTEGER AS vehicles,
       round(sum(margin_now_eur))::BIGINT AS margin_now_eur
     FROM partition GROUP BY segment
     ORDER BY array_position(
       ['PROPOSE_NOW', 'PROPOSE_NEXT_QUARTER', 'EXTEND', 'HOLD', 'REVIEW'],
       segment)`,
  );
}
