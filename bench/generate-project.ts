import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataformModel, dataformMacros } from "./dataform-models.ts";
import { jinjaMacros, jinjaModel } from "./jinja-models.ts";
import { projectShape, statuses, type ProjectShape } from "./project-shape.ts";

/** Version of @dataform/core that bench/run.ts installs under bench/.work. */
export const dataformCoreVersion = "3.0.62";

/** The tool layouts a benchmark project can be written in. */
export type Layout = "strata" | "dbt" | "dataform";

export interface GenerateOptions {
  readonly models: number;
  /** Rows per source CSV file. */
  readonly rows?: number;
}

/**
 * Writes a benchmark project of `options.models` models to `dir` in the
 * given layout, with the landing CSV files its sources read. The folder is
 * replaced if it exists. Returns the model shape, so callers can pick a
 * model to change.
 */
export async function generateProject(
  dir: string,
  layout: Layout,
  options: GenerateOptions,
): Promise<ProjectShape> {
  const shape = projectShape(options.models);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeLanding(dir, shape, options.rows ?? 200);
  if (layout === "strata") await writeStrata(dir, shape);
  else if (layout === "dbt") await writeDbt(dir, shape);
  else await writeDataform(dir, shape);
  return shape;
}

/** Path of a model's file inside a project of the layout. */
export function modelFile(
  layout: Layout,
  model: { name: string; folder: string },
): string {
  return layout === "dataform"
    ? path.join("definitions", model.folder, `${model.name}.sqlx`)
    : path.join("models", model.folder, `${model.name}.sql`);
}

async function put(dir: string, file: string, text: string): Promise<void> {
  const full = path.join(dir, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
}

async function writeLanding(
  dir: string,
  shape: ProjectShape,
  rows: number,
): Promise<void> {
  const categories = ["car", "van", "truck", "bike"];
  for (const [index, source] of shape.sources.entries()) {
    const lines = [Object.keys(landingColumns).join(",")];
    for (let id = 1; id <= rows; id++) {
      const day = String(1 + ((id * 7 + index) % 28)).padStart(2, "0");
      const month = String(1 + ((id + index) % 12)).padStart(2, "0");
      lines.push(
        [
          id,
          1 + ((id * 31 + index) % Math.max(1, Math.floor(rows / 4))),
          100 + ((id * 977 + index * 13) % 50_000),
          statuses[(id + index) % statuses.length],
          categories[(id * 3 + index) % categories.length],
          `2024-${month}-${day}`,
        ].join(","),
      );
    }
    await put(dir, path.join("landing", `${source}.csv`), lines.join("\n"));
  }
}

// Declared column types spare DuckDB's CSV sniffer, which costs about
// 60 ms for each read of a source (measured with DuckDB 1.5.6 on this
// project's 2-core machine), and a chain of views reads sources many times.
const landingColumns = {
  id: "INTEGER",
  customer_id: "INTEGER",
  amount_cents: "INTEGER",
  status: "VARCHAR",
  category: "VARCHAR",
  created_at: "DATE",
};

/**
 * A DuckDB struct literal with braces doubled for Python's format_map, which
 * dbt-duckdb applies to `external_location` after Jinja renders it.
 */
function formatMapStruct(fields: Record<string, string>): string {
  const entries = Object.entries(fields).map(
    ([name, type]) => `'${name}': '${type}'`,
  );
  return `{{${entries.join(", ")}}}`;
}

function martTestsYaml(shape: ProjectShape, key: "tests" | "data_tests") {
  const marts = shape.models.filter((m) => m.folder === "marts");
  const entries = marts.map(
    (m) =>
      `  - name: ${m.name}\n    columns:\n      - name: customer_id\n        ${key}: [not_null]\n`,
  );
  return `models:\n${entries.join("")}`;
}

async function writeStrata(dir: string, shape: ProjectShape): Promise<void> {
  await put(
    dir,
    "strata.yml",
    `name: bench
vars:
  start_date: "2020-01-01"
models:
  materialized: view
  marts:
    materialized: table
targets:
  dev:
    engine: duckdb
    path: target/strata.duckdb
default_target: dev
`,
  );
  const columns = Object.entries(landingColumns)
    .map(([name, type]) => `            ${name}: ${type}\n`)
    .join("");
  const tables = shape.sources.map(
    (name) =>
      `      - name: ${name}\n        format: csv\n        path: landing/${name}.csv\n        options:\n          header: true\n          auto_detect: false\n          columns:\n${columns}`,
  );
  await put(
    dir,
    "sources.yml",
    `sources:\n  - name: landing\n    tables:\n${tables.join("")}`,
  );
  await put(dir, "macros/bench.sql", jinjaMacros);
  for (const model of shape.models) {
    await put(dir, modelFile("strata", model), jinjaModel(model, "table"));
  }
  await put(dir, "models/marts/marts.yml", martTestsYaml(shape, "tests"));
}

async function writeDbt(dir: string, shape: ProjectShape): Promise<void> {
  await put(
    dir,
    "dbt_project.yml",
    `name: bench
version: "1.0"
profile: bench
model-paths: [models]
macro-paths: [macros]
vars:
  start_date: "2020-01-01"
flags:
  send_anonymous_usage_stats: false
models:
  bench:
    +materialized: view
`,
  );
  // dbt-duckdb's `external` materialization writes Parquet and a view over
  // it, which is what a strata table is. DuckDB's COPY does not create the
  // folder, so it lives outside target/, which the benchmark deletes.
  await mkdir(path.join(dir, "warehouse"), { recursive: true });
  await put(
    dir,
    "profiles.yml",
    `bench:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: target/bench.duckdb
      threads: 4
      external_root: warehouse
`,
  );
  const tables = shape.sources.map((name) => `      - name: ${name}\n`);
  await put(
    dir,
    "models/sources.yml",
    `sources:
  - name: landing
    meta:
      external_location: "{% raw %}read_csv('landing/{name}.csv', header = true, auto_detect = false, columns = ${formatMapStruct(landingColumns)}){% endraw %}"
    tables:
${tables.join("")}`,
  );
  await put(dir, "macros/bench.sql", jinjaMacros);
  for (const model of shape.models) {
    await put(dir, modelFile("dbt", model), jinjaModel(model, "external"));
  }
  await put(dir, "models/marts/marts.yml", martTestsYaml(shape, "data_tests"));
}

async function writeDataform(dir: string, shape: ProjectShape): Promise<void> {
  await put(
    dir,
    "workflow_settings.yaml",
    `defaultProject: bench
defaultLocation: US
defaultDataset: bench
defaultAssertionDataset: bench_assertions
vars:
  start_date: "2020-01-01"
  include_cancelled: "false"
`,
  );
  // The CLI reads @dataform/core's version from package.json and loads it
  // from node_modules, which the benchmark links to its own install.
  await put(
    dir,
    "package.json",
    `${JSON.stringify({ name: "bench", private: true, dependencies: { "@dataform/core": dataformCoreVersion } }, null, 2)}\n`,
  );
  const declarations = shape.sources.map(
    (name) => `declare({ schema: "landing", name: "${name}" });\n`,
  );
  await put(dir, "definitions/sources.js", declarations.join(""));
  await put(dir, "includes/macros.js", dataformMacros);
  for (const model of shape.models) {
    await put(dir, modelFile("dataform", model), dataformModel(model));
  }
}
