import type { Dialect } from "../../compile/index.ts";

/** Quotes a SQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function optionValue(value: unknown): string {
  if (typeof value === "string") return literal(value);
  if (typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (Array.isArray(value)) return `[${value.map(optionValue).join(", ")}]`;
  if (value && typeof value === "object") {
    const fields = Object.entries(value).map(
      ([k, v]) => `${literal(k)}: ${optionValue(v)}`,
    );
    return `{${fields.join(", ")}}`;
  }
  return "NULL";
}

/** Naming and source reading in DuckDB's SQL. */
export const duckdbDialect: Dialect = {
  engine: "duckdb",
  quoteIdentifier(name) {
    return `"${name.replace(/"/g, '""')}"`;
  },
  relationName(schema, name) {
    return `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(name)}`;
  },
  sourceRelation({ format, location, options }) {
    const reader = format === "csv" ? "read_csv" : "read_parquet";
    const args = Object.entries(options).map(
      ([k, v]) => `${k} = ${optionValue(v)}`,
    );
    return `${reader}(${[literal(location), ...args].join(", ")})`;
  },
};
