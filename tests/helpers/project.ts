import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { runCli as runEntry } from "../../src/cli/entry.ts";

/** Writes a project's files (path → content) to a new temporary folder. */
export async function writeProject(
  files: Readonly<Record<string, string>>,
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "strata-test-"));
  await writeFiles(dir, files);
  return dir;
}

/** Writes or overwrites files inside a project folder. */
export async function writeFiles(
  dir: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the CLI in-process, through the entry point bin.ts uses, and records
 * what it printed.
 */
export async function runCli(args: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runEntry(args, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Reads rows from a project's catalog, opened read-only. */
export async function queryCatalog(
  dir: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(
    path.join(dir, "target", "strata.duckdb"),
    { access_mode: "READ_ONLY" },
  );
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(sql);
    const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

/** Two countries, enough for partition tests. */
export const twoCountries = `countries:
  fr:
    time_zone: Europe/Paris
    currency: EUR
    params: { factor: 2 }
  de:
    time_zone: Europe/Berlin
    currency: EUR
    params: { factor: 3 }
`;
