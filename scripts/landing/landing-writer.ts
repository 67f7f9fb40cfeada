import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { formatDateSql, sqlString, writePartnerCsv } from "./partner-file.ts";
import { partnerFileName, type PartnerLayout } from "./partner-layout.ts";

/**
 * Writes the fleet-system files of one country from the temporary tables
 * fleet_vehicles, fleet_contracts, fleet_odometer_readings and
 * fleet_damage_reports: Parquet, except the damage reports, which the
 * workshops deliver as a UTF-8 CSV.
 */
export async function writeFleetFiles(
  connection: DuckDBConnection,
  countryDir: string,
): Promise<void> {
  await mkdir(countryDir, { recursive: true });
  // Sorted so that the files' bytes do not depend on thread scheduling.
  const parquet: Record<string, string> = {
    vehicles: "vehicle_id",
    contracts: "contract_id",
    odometer_readings: "vehicle_id, reading_date, odometer_km, source",
  };

  for (const [table, order] of Object.entries(parquet)) {
    const path = join(countryDir, `${table}.parquet`);
    await connection.run(
      `COPY (SELECT * FROM fleet_${table} ORDER BY ${order}) ` +
        `TO ${sqlString(path)} ` +
        "(FORMAT parquet, COMPRESSION zstd)",
    );
  }

  const damagePath = join(countryDir, "damage_reports.csv");
  await connection.run(
    `COPY (SELECT * FROM fleet_damage_reports ORDER BY damage_id) ` +
      `TO ${sqlString(damagePath)} (FORMAT csv, HEADER true, DELIMITER ',')`,
  );
}

/**
 * Writes the partner's quotation files of one country from the temporary
 * table partner_rows (vin, valuation_date DATE, mileage_text, trade_text,
 * retail_text, make, model; amounts already in the partner's formatting):
 * one file per quarter of valuation date, in the layout's header names,
 * delimiter and encoding. With `resend`, the latest file is delivered a
 * second time under another name, as partners do.
 */
export async function writePartnerFiles(
  connection: DuckDBConnection,
  countryDir: string,
  layout: PartnerLayout,
  resend: boolean,
): Promise<string[]> {
  const quotationDir = join(countryDir, "quotations");
  await mkdir(quotationDir, { recursive: true });
  const quarters = await deliveryQuarters(connection);
  const written: string[] = [];

  for (const quarter of quarters) {
    const path = join(quotationDir, partnerFileName(layout, quarter));
    await writePartnerCsv(
      connection,
      partnerQuery(layout, quarter),
      path,
      layout,
    );
    written.push(path);
  }

  const latest = written.at(-1);
  if (resend && latest) {
    const label = `${quarters.at(-1)}_resent`;
    const copy = join(quotationDir, partnerFileName(layout, label));
    await copyFile(latest, copy);
    written.push(copy);
  }
  return written;
}

async function deliveryQuarters(
  connection: DuckDBConnection,
): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT ${quarterLabelSql("valuation_date")} AS quarter
     FROM partner_rows ORDER BY quarter`,
  );
  return reader.getRowObjectsJson().map((row) => String(row.quarter));
}

function quarterLabelSql(expression: string): string {
  return `year(${expression}) || '-Q' || quarter(${expression})`;
}

function partnerQuery(layout: PartnerLayout, quarter: string): string {
  const names = layout.columns;
  const text = (expression: string): string =>
    layout.encoding === "latin-1" ? latin1Safe(expression) : expression;
  const columns = [
    `vin AS ${quoteIdentifier(names.vin)}`,
    `${text("make")} AS ${quoteIdentifier(names.make)}`,
    `${text("model")} AS ${quoteIdentifier(names.model)}`,
    `${formatDateSql("valuation_date", layout)} AS ${quoteIdentifier(names.valuation_date)}`,
    `mileage_text AS ${quoteIdentifier(names.mileage_km)}`,
    `trade_text AS ${quoteIdentifier(names.trade_value)}`,
    `retail_text AS ${quoteIdentifier(names.retail_value)}`,
  ];
  return `SELECT ${columns.join(", ")} FROM partner_rows
    WHERE ${quarterLabelSql("valuation_date")} = ${sqlString(quarter)}
    ORDER BY ALL`;
}

// The partner writes descriptions without the letters latin-1 lacks
// (Škoda becomes Skoda), as legacy systems do.
function latin1Safe(expression: string): string {
  return `regexp_replace(${expression}, '[^\\x{0000}-\\x{00FF}]', '', 'g')`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
