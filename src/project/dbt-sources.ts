import type { Diagnostic } from "../errors/index.ts";
import type { ColumnInput } from "./schemas.ts";
import { readTestEntries } from "./test-definitions.ts";
import type { SourceTable } from "./types.ts";
import { positionOf, type YamlFile } from "./yaml-file.ts";

type TestEntry = string | Record<string, unknown>;

/**
 * Reads the `sources:` of a dbt property file. strata reads sources from
 * files, so each table needs dbt-duckdb's `external_location` (in `meta:`
 * or `config:` of the table or of its source); `{name}` in it is replaced
 * by the table's name, and the format follows the file extension.
 */
export function readPropertySources(
  yaml: YamlFile,
  diagnostics: Diagnostic[],
): SourceTable[] {
  const root = (yaml.value ?? {}) as { sources?: unknown };
  if (!Array.isArray(root.sources)) return [];
  const tables: SourceTable[] = [];
  root.sources.forEach((source: unknown, sourceIndex) => {
    if (!isRecord(source) || typeof source.name !== "string") return;
    const sourceName = source.name;
    const sourceLocation = externalLocation(source);
    const list = Array.isArray(source.tables) ? source.tables : [];
    list.forEach((table: unknown, tableIndex) => {
      if (!isRecord(table) || typeof table.name !== "string") return;
      const at = ["sources", sourceIndex, "tables", tableIndex];
      const template = externalLocation(table) ?? sourceLocation;
      if (template === undefined) {
        diagnostics.push({
          code: "unknown-source",
          message: `source ${sourceName}.${table.name} has no external_location, and strata reads sources from files`,
          file: yaml.file,
          ...positionOf(yaml, at),
          hint: "Add meta: { external_location: 'path/to/{name}.csv' } to the source or table, or load the data as a seed.",
        });
        return;
      }
      const identifier =
        typeof table.identifier === "string" ? table.identifier : table.name;
      const location = template.replace(/\{name\}/g, identifier);
      const columns = (
        Array.isArray(table.columns) ? table.columns : []
      ) as ColumnInput[];
      const testsOf = (entry: Record<string, unknown>): TestEntry[] => [
        ...((entry.tests as TestEntry[] | undefined) ?? []),
        ...((entry.data_tests as TestEntry[] | undefined) ?? []),
      ];
      tables.push({
        name: table.name,
        sourceName,
        description:
          typeof table.description === "string" ? table.description : undefined,
        format: /\.csv(\.gz)?$/i.test(location) ? "csv" : "parquet",
        path: location,
        options: {},
        columns,
        file: yaml.file,
        tests: [
          ...readTestEntries(testsOf(table), yaml.file, undefined, diagnostics),
          ...columns.flatMap((column) =>
            readTestEntries(
              testsOf(column as Record<string, unknown>),
              yaml.file,
              column.name,
              diagnostics,
            ),
          ),
        ],
      });
    });
  });
  return tables;
}

function externalLocation(entry: Record<string, unknown>): string | undefined {
  for (const key of ["meta", "config"]) {
    const section = entry[key];
    if (isRecord(section) && typeof section.external_location === "string") {
      return section.external_location;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
