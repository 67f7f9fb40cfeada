import { access } from "node:fs/promises";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { loadDuckDB } from "../engines/index.ts";

/** Vehicles and margins of one segment in one country. */
export interface SegmentResult {
  readonly segment: string;
  readonly vehicles: number;
  readonly marginNowEur: number;
  readonly bestMarginEur: number;
}

/** The resale results per country, read from the catalog. */
export interface ResaleResults {
  /** The table the figures were read from. */
  readonly table: string;
  readonly countries: readonly {
    readonly country: string;
    readonly segments: readonly SegmentResult[];
  }[];
}

/** The reason the page has no results to show, as a sentence for it. */
export interface NoResults {
  readonly reason: string;
}

// Both queries read the `main` views, which hold every country's partition
// of a table model with a `country` column. A project without countries has
// no such column, and its figures are shown as one country named `all`.
function summaryQuery(country: string): string {
  return `
    select ${country} as country, segment, sum(vehicles) as vehicles,
      sum(margin_now_eur) as margin_now_eur,
      sum(best_margin_eur) as best_margin_eur
    from main.remarketing_summary
    group by all order by country, segment`;
}

function candidatesQuery(country: string): string {
  return `
    select ${country} as country, segment, count(*) as vehicles,
      coalesce(sum(margin_now_eur), 0) as margin_now_eur,
      coalesce(sum(best_margin_eur), 0) as best_margin_eur
    from main.resale_candidates
    group by all order by country, segment`;
}

/**
 * Reads vehicles and margins per country and segment from the catalog,
 * opened read-only so a running build keeps its lock. Prefers the
 * `remarketing_summary` table and falls back to aggregating
 * `resale_candidates`. Returns the reason instead when the catalog or both
 * tables are missing, so the page can explain the gap for projects that are not the
 * resale project.
 */
export async function readResaleResults(
  catalogPath: string,
): Promise<ResaleResults | NoResults> {
  try {
    await access(catalogPath);
  } catch {
    return { reason: `no catalog at ${catalogPath}; run strata build first` };
  }
  let instance: DuckDBInstance;
  try {
    const { DuckDBInstance } = loadDuckDB();
    instance = await DuckDBInstance.create(catalogPath, {
      access_mode: "READ_ONLY",
      autoinstall_known_extensions: "false",
    });
  } catch (error) {
    return { reason: `could not open ${catalogPath}: ${messageOf(error)}` };
  }
  const connection = await instance.connect();
  try {
    const tables = await columnsByTable(connection);
    const reasons: string[] = [];
    for (const [table, query] of [
      ["remarketing_summary", summaryQuery],
      ["resale_candidates", candidatesQuery],
    ] as const) {
      const columns = tables.get(table);
      if (!columns) continue;
      const sql = query(columns.has("country") ? "country" : "'all'");
      try {
        return {
          table,
          countries: groupByCountry(await rowsOf(connection, sql)),
        };
      } catch (error) {
        reasons.push(`reading ${table} failed: ${messageOf(error)}`);
      }
    }
    return {
      reason:
        reasons.join("; ") ||
        "the catalog has neither remarketing_summary nor resale_candidates",
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function columnsByTable(
  connection: DuckDBConnection,
): Promise<Map<string, Set<string>>> {
  const rows = await rowsOf(
    connection,
    "select table_name, column_name from information_schema.columns where table_schema = 'main'",
  );
  const tables = new Map<string, Set<string>>();
  for (const row of rows) {
    const table = String(row.table_name);
    const columns = tables.get(table) ?? new Set<string>();
    columns.add(String(row.column_name));
    tables.set(table, columns);
  }
  return tables;
}

async function rowsOf(
  connection: DuckDBConnection,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

function groupByCountry(
  rows: readonly Record<string, unknown>[],
): ResaleResults["countries"] {
  const byCountry = new Map<string, SegmentResult[]>();
  for (const row of rows) {
    const country = String(row.country ?? "all");
    const segments = byCountry.get(country) ?? [];
    segments.push({
      segment: String(row.segment),
      vehicles: Number(row.vehicles ?? 0),
      marginNowEur: Number(row.margin_now_eur ?? 0),
      bestMarginEur: Number(row.best_margin_eur ?? 0),
    });
    byCountry.set(country, segments);
  }
  return [...byCountry].map(([country, segments]) => ({
    country,
    segments: segments.sort(
      (a, b) => segmentRank(a.segment) - segmentRank(b.segment),
    ),
  }));
}

// The resale project's segments from the most to the least urgent; other
// segments follow in alphabetical order.
const segmentOrder = [
  "PROPOSE_NOW",
  "PROPOSE_NEXT_QUARTER",
  "EXTEND",
  "HOLD",
  "REVIEW",
];

function segmentRank(segment: string): number {
  const index = segmentOrder.indexOf(segment);
  return index === -1 ? segmentOrder.length : index;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
