import { existsSync } from "node:fs";
import path from "node:path";
import { loadDuckDB } from "../engines/index.ts";
import { ExchangeError, type RequestRow } from "../exchange/index.ts";
import type { Project } from "../project/index.ts";

/** The model whose rows are the partner's request file. */
export const REQUEST_MODEL = "quote_request_file";

function catalogPath(project: Project): string {
  const target = project.settings.targets[project.settings.defaultTarget];
  return target?.path
    ? path.resolve(project.dir, target.path)
    : path.join(project.dir, "target", "strata.duckdb");
}

/**
 * Reads a country's request rows from the catalog, read-only: the model
 * already has the partner's header names and value formats, so every
 * value is written as text.
 */
export async function readRequestRows(
  project: Project,
  country: string,
): Promise<{ columns: string[]; rows: RequestRow[] }> {
  const file = catalogPath(project);
  const relation = `"${country}"."${REQUEST_MODEL}"`;
  const notBuilt = (detail: string) =>
    new ExchangeError({
      code: "exchange-invalid-config",
      subject: `${file} ${relation}`,
      message: `the request rows can not be read: ${detail}`,
      hint: `Run \`strata run --country ${country}\` first, so ${REQUEST_MODEL} is built and published.`,
    });
  if (!existsSync(file)) throw notBuilt("the catalog does not exist");

  const { DuckDBInstance } = loadDuckDB();
  const instance = await DuckDBInstance.create(file, {
    access_mode: "READ_ONLY",
  });
  const connection = await instance.connect();
  try {
    // Tables are written without preserving the order of rows, so the rows
    // are sorted here to make the same rows always give the same file.
    const reader = await connection.runAndReadAll(
      `SELECT * FROM ${relation} ORDER BY ALL`,
    );
    // A table model's view adds the Hive partition column `country`, which
    // is storage, not part of the partner's layout.
    const columns = reader.columnNames().filter((c) => c !== "country");
    const rows = reader.getRowObjectsJson().map((row) => {
      const record: Record<string, string | null> = {};
      for (const key of columns) {
        const value = row[key];
        record[key] =
          value === null || value === undefined ? null : String(value);
      }
      return record;
    });
    return { columns, rows };
  } catch (error) {
    throw notBuilt((error as Error).message.split("\n")[0]!);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
