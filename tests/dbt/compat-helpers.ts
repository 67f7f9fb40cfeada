import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/** What a compatibility project must produce, worked out by hand. */
export interface ExpectedResults {
  readonly tests: number;
  readonly tables: Record<
    string,
    {
      readonly rows: number;
      readonly query?: string;
      readonly values?: readonly (readonly string[])[];
    }
  >;
}

export const projectsDir = path.join(import.meta.dirname, "projects");

/** Copies a compatibility project to a new temporary folder. */
export async function copyProject(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `strata-dbt-${name}-`));
  await cp(path.join(projectsDir, name), dir, { recursive: true });
  return dir;
}

export async function readExpected(name: string): Promise<ExpectedResults> {
  const text = await readFile(
    path.join(projectsDir, name, "expected.json"),
    "utf8",
  );
  return JSON.parse(text) as ExpectedResults;
}

/** Runs queries on a DuckDB file opened read-only; values as text. */
export async function queryFile(
  file: string,
  sql: string,
): Promise<string[][]> {
  const instance = await DuckDBInstance.create(file, {
    access_mode: "READ_ONLY",
  });
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(sql);
    const rows = reader.getRowsJson() as unknown[][];
    connection.closeSync();
    return rows.map((row) => row.map(normalize));
  } finally {
    instance.closeSync();
  }
}

/** Text of a value, with numbers in one form (`15.00` and `15` match). */
export function normalize(value: unknown): string {
  const text = value === null ? "" : String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? String(Number(text)) : text;
}
