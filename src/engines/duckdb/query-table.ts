import type { DuckDBConnection } from "@duckdb/node-api";
import type { QueryResult } from "../../compile/result-table.ts";

/**
 * Integer and decimal types that DuckDB's JSON conversion returns as
 * strings, because they may not fit a JavaScript number.
 */
const numericAsText = /^(BIGINT|UBIGINT|HUGEINT|UHUGEINT|DECIMAL)/;

/**
 * Runs a query and returns its columns with their DuckDB type names and its
 * rows as lists of JSON-safe values. Wide integers and decimals become
 * numbers.
 *
 * NOTE: a wide integer beyond 2^53 or a decimal with more than about 15
 * significant digits loses precision here, and a decimal's trailing zeros
 * are dropped (dbt returns Python's Decimal, which keeps them).
 */
export async function readQueryResult(
  connection: DuckDBConnection,
  sql: string,
): Promise<QueryResult> {
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((type) => type.toString());
  const rows = reader
    .getRowsJson()
    .map((row) =>
      row.map((value, index) =>
        typeof value === "string" && numericAsText.test(types[index]!)
          ? Number(value)
          : value,
      ),
    );
  return {
    columns: names.map((name, index) => ({ name, type: types[index]! })),
    rows,
  };
}
