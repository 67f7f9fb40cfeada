import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ProjectError, type Diagnostic } from "../errors/index.ts";
import { checkCountryParams } from "./country-params.ts";
import {
  isDbtProject,
  readDbtProject,
  strataLayout,
  testBlocksToMacros,
  type ProjectLayout,
} from "./dbt-project.ts";
import { readPropertySources } from "./dbt-sources.ts";
import { readFolderConfig, type FolderLocator } from "./folder-config.ts";
import {
  countriesFileSchema,
  projectFileSchema,
  propertiesFileSchema,
  sourcesFileSchema,
} from "./schemas.ts";
import { readTestEntries } from "./test-definitions.ts";
import {
  readUnitTest,
  unitTestSchema,
  type UnitTestDefinition,
} from "./unit-tests.ts";
import type {
  Country,
  MacroFile,
  ModelFile,
  NodeProperties,
  Project,
  ProjectSettings,
  SeedFile,
  SingularTestFile,
  SourceTable,
} from "./types.ts";
import {
  parseYaml,
  positionOf,
  validateYaml,
  type YamlFile,
} from "./yaml-file.ts";
import type { z } from "zod";
import { readSnapshotFiles } from "./snapshot-files.ts";

/** Extra schemas for countries.yml sections owned by other modules. */
export interface LoadOptions {
  readonly countrySections?: Readonly<Record<string, z.ZodType>>;
  /** Environment for `env_var` in a dbt project's profiles.yml. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads and validates every file of a project folder. All problems are
 * collected first; if there is any, a ProjectError carries them all.
 */
export async function loadProject(
  dir: string,
  options: LoadOptions = {},
): Promise<Project> {
  const root = path.resolve(dir);
  if (!existsSync(root)) {
    throw new ProjectError({
      code: "project-not-found",
      message: `project folder ${root} does not exist`,
      hint: "Pass the folder that holds models/ with --project-dir.",
    });
  }
  const markers = [
    "strata.yml",
    "dbt_project.yml",
    "models",
    "seeds",
    "macros",
    "snapshots",
    "sources.yml",
  ];
  if (!markers.some((marker) => existsSync(path.join(root, marker)))) {
    throw new ProjectError({
      code: "project-not-found",
      message: `${root} is not a strata project: it has no strata.yml, dbt_project.yml, models/ or seeds/`,
      hint: "Run strata from the project folder, or pass it with --project-dir.",
    });
  }
  const diagnostics: Diagnostic[] = [];
  const dbt = isDbtProject(root)
    ? await readDbtProject(root, options.env ?? process.env, diagnostics)
    : undefined;
  const layout = dbt?.layout ?? strataLayout;
  const files = await listFiles(root, layout);

  const settings = dbt?.settings ?? (await readSettings(root, diagnostics));
  const countries = await readCountries(root, options, diagnostics);
  const sources = await readSources(root, diagnostics);
  const models = await readModels(root, files, layout, diagnostics);
  models.push(
    ...readSnapshotFiles(root, files, layout.snapshots, models, diagnostics),
  );
  const genericTests = files.filter((file) =>
    underAny(file, layout.genericTests),
  );
  const macros = (
    await readTexts(
      root,
      files,
      [...layout.macros, ...layout.genericTests],
      ".sql",
    )
  ).map((file) =>
    dbt ? { ...file, text: testBlocksToMacros(file.text) } : file,
  );
  const seeds = await listSeeds(root, files, layout, diagnostics);
  const singularTests = (await readTexts(root, files, layout.tests, ".sql"))
    .filter((file) => !genericTests.includes(file.path))
    .map((file): SingularTestFile => ({
      name: path.basename(file.path, ".sql"),
      path: file.path,
      sql: file.text,
    }));
  const { modelProperties, seedProperties, unitTests, dbtSources } =
    await readProperties(root, files, layout, diagnostics);
  sources.push(...dbtSources);
  checkProperties(models, seeds, modelProperties, seedProperties, diagnostics);

  if (diagnostics.length > 0) throw new ProjectError(diagnostics);
  return {
    dir: root,
    settings,
    countries,
    sources,
    models,
    macros,
    seeds,
    singularTests,
    modelProperties,
    seedProperties,
    unitTests,
  };
}

/** True when a project-relative file lies under one of the folders. */
function underAny(file: string, folders: readonly string[]): boolean {
  return folders.some((folder) => file.startsWith(`${folder}/`));
}

/** The subfolders between a layout folder and the file. */
function foldersOf(file: string, roots: readonly string[]): string[] {
  const root = roots.find((folder) => file.startsWith(`${folder}/`));
  const relative = root === undefined ? file : file.slice(root.length + 1);
  return relative.split("/").slice(0, -1);
}

async function listFiles(
  root: string,
  layout: ProjectLayout,
): Promise<string[]> {
  const found = new Set<string>();
  const tops = [
    ...layout.models,
    ...layout.snapshots,
    ...layout.macros,
    ...layout.seeds,
    ...layout.tests,
  ];
  for (const top of tops) {
    const start = path.join(root, top);
    if (!existsSync(start)) continue;
    const entries = await readdir(start, {
      recursive: true,
      withFileTypes: true,
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      found.add(path.relative(root, absolute).split(path.sep).join("/"));
    }
  }
  return [...found].sort();
}

async function readYamlFile<T>(
  root: string,
  file: string,
  schema: z.ZodType<T>,
  what: string,
  diagnostics: Diagnostic[],
): Promise<{ value?: T; yaml?: YamlFile }> {
  const text = await readFile(path.join(root, file), "utf8");
  const parsed = parseYaml(file, text);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.yaml) return {};
  const validated = validateYaml(parsed.yaml, schema, what);
  diagnostics.push(...validated.diagnostics);
  return { value: validated.value, yaml: parsed.yaml };
}

async function readSettings(
  root: string,
  diagnostics: Diagnostic[],
): Promise<ProjectSettings> {
  const file = "strata.yml";
  const { value, yaml } = existsSync(path.join(root, file))
    ? await readYamlFile(
        root,
        file,
        projectFileSchema,
        "strata.yml",
        diagnostics,
      )
    : { value: undefined, yaml: undefined };
  const locateIn =
    (section: string): FolderLocator =>
    (keys) =>
      yaml?.locate([section, ...keys]);
  const targets = value?.targets ?? { dev: { engine: "duckdb" as const } };
  return {
    name: value?.name ?? path.basename(root),
    vars: value?.vars ?? {},
    modelFolders: readFolderConfig(
      value?.models,
      file,
      diagnostics,
      locateIn("models"),
    ),
    seedFolders: readFolderConfig(
      value?.seeds,
      file,
      diagnostics,
      locateIn("seeds"),
    ),
    targets,
    defaultTarget: value?.default_target ?? Object.keys(targets)[0] ?? "dev",
    onRunStart: value?.on_run_start ?? [],
    onRunEnd: value?.on_run_end ?? [],
  };
}

async function readCountries(
  root: string,
  options: LoadOptions,
  diagnostics: Diagnostic[],
): Promise<Map<string, Country>> {
  const file = "countries.yml";
  const countries = new Map<string, Country>();
  if (!existsSync(path.join(root, file))) return countries;
  const { value, yaml } = await readYamlFile(
    root,
    file,
    countriesFileSchema,
    "countries.yml",
    diagnostics,
  );
  for (const [code, country] of Object.entries(value?.countries ?? {})) {
    countries.set(code, { ...country, code });
    for (const [section, schema] of Object.entries(
      options.countrySections ?? {},
    )) {
      const raw = (country as Record<string, unknown>)[section];
      if (raw === undefined) continue;
      const result = schema.safeParse(raw);
      if (result.success) continue;
      for (const issue of result.error.issues) {
        const at = ["countries", code, section, ...issue.path.map(String)];
        diagnostics.push({
          code: "yaml-schema",
          message: `invalid countries.yml at ${at.join(".")}: ${issue.message}`,
          file,
          ...(yaml ? positionOf(yaml, at) : {}),
          hint: `Correct ${at.join(".")} in countries.yml.`,
        });
      }
    }
  }
  if (value?.param_types) {
    checkCountryParams(value.param_types, value.countries, yaml, diagnostics);
  }
  return countries;
}

async function readSources(
  root: string,
  diagnostics: Diagnostic[],
): Promise<SourceTable[]> {
  const file = "sources.yml";
  if (!existsSync(path.join(root, file))) return [];
  const { value } = await readYamlFile(
    root,
    file,
    sourcesFileSchema,
    "sources.yml",
    diagnostics,
  );
  const tables: SourceTable[] = [];
  for (const source of value?.sources ?? []) {
    for (const table of source.tables) {
      const { tests = [], data_tests = [], ...rest } = table;
      const tableTests = readTestEntries(
        [...tests, ...data_tests],
        file,
        undefined,
        diagnostics,
      );
      const columnTests = (table.columns ?? []).flatMap((column) =>
        readTestEntries(
          [...(column.tests ?? []), ...(column.data_tests ?? [])],
          file,
          column.name,
          diagnostics,
        ),
      );
      tables.push({
        ...rest,
        sourceName: source.name,
        file,
        tests: [...tableTests, ...columnTests],
      });
    }
  }
  return tables;
}

async function readModels(
  root: string,
  files: readonly string[],
  layout: ProjectLayout,
  diagnostics: Diagnostic[],
): Promise<ModelFile[]> {
  const models: ModelFile[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    if (!underAny(file, layout.models) || !file.endsWith(".sql")) continue;
    const name = path.basename(file, ".sql");
    const earlier = seen.get(name);
    if (earlier) {
      diagnostics.push({
        code: "duplicate-name",
        message: `model ${name} is defined twice: in ${earlier} and in ${file}`,
        file,
        hint: "Model names are file names and must be unique; rename one file.",
      });
      continue;
    }
    seen.set(name, file);
    const folders = [
      ...foldersOf(file, layout.models),
      ...(layout.configByName ? [name] : []),
    ];
    models.push({
      name,
      path: file,
      folders,
      // Read synchronously: thousands of awaited reads of small files are
      // far slower than the same reads done in a loop.
      sql: readFileSync(path.join(root, file), "utf8"),
    });
  }
  return models;
}

async function readTexts(
  root: string,
  files: readonly string[],
  folders: readonly string[],
  extension: string,
): Promise<MacroFile[]> {
  const chosen = files.filter(
    (f) => underAny(f, folders) && f.endsWith(extension),
  );
  return Promise.all(
    chosen.map(async (file) => ({
      path: file,
      text: await readFile(path.join(root, file), "utf8"),
    })),
  );
}

async function listSeeds(
  root: string,
  files: readonly string[],
  layout: ProjectLayout,
  diagnostics: Diagnostic[],
): Promise<SeedFile[]> {
  const seeds: SeedFile[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!underAny(file, layout.seeds) || !file.endsWith(".csv")) continue;
    const name = path.basename(file, ".csv");
    if (seen.has(name)) {
      diagnostics.push({
        code: "duplicate-name",
        message: `seed ${name} is defined twice`,
        file,
        hint: "Seed names are file names and must be unique; rename one file.",
      });
      continue;
    }
    seen.add(name);
    const bytes = await readFile(path.join(root, file));
    seeds.push({
      name,
      path: file,
      folders: [
        ...foldersOf(file, layout.seeds),
        ...(layout.configByName ? [name] : []),
      ],
      checksum: createHash("sha256").update(bytes).digest("hex"),
    });
  }
  return seeds;
}

async function readProperties(
  root: string,
  files: readonly string[],
  layout: ProjectLayout,
  diagnostics: Diagnostic[],
): Promise<{
  modelProperties: Map<string, NodeProperties>;
  seedProperties: Map<string, NodeProperties>;
  unitTests: UnitTestDefinition[];
  dbtSources: SourceTable[];
}> {
  const modelProperties = new Map<string, NodeProperties>();
  const seedProperties = new Map<string, NodeProperties>();
  const unitTests: UnitTestDefinition[] = [];
  const dbtSources: SourceTable[] = [];
  const propertyFiles = files.filter(
    (f) =>
      underAny(f, [...layout.models, ...layout.seeds]) && /\.ya?ml$/.test(f),
  );
  for (const file of propertyFiles) {
    const { value, yaml } = await readYamlFile(
      root,
      file,
      propertiesFileSchema,
      "property file",
      diagnostics,
    );
    if (!value || !yaml) continue;
    unitTests.push(...(await readUnitTests(root, yaml, diagnostics)));
    dbtSources.push(...readPropertySources(yaml, diagnostics));
    const groups = [
      ["models", value.models ?? [], modelProperties],
      ["seeds", value.seeds ?? [], seedProperties],
    ] as const;
    for (const [key, entries, target] of groups) {
      entries.forEach((entry, index) => {
        const line = positionOf(yaml, [key, index]).line;
        if (target.has(entry.name)) {
          diagnostics.push({
            code: "duplicate-name",
            message: `properties of ${entry.name} are defined twice (also in ${target.get(entry.name)!.file})`,
            file,
            line,
            hint: "Keep one entry per model or seed.",
          });
          return;
        }
        // Each test keeps the line of its own entry in the YAML file.
        const testsAt = (
          owner: { tests?: unknown[]; data_tests?: unknown[] },
          path: readonly (string | number)[],
          column: string | undefined,
        ) =>
          (["tests", "data_tests"] as const).flatMap((listKey) =>
            readTestEntries(
              (owner[listKey] ?? []) as Parameters<typeof readTestEntries>[0],
              file,
              column,
              diagnostics,
            ).map((test, testIndex) => ({
              ...test,
              line:
                positionOf(yaml, [...path, listKey, testIndex]).line ?? line,
            })),
          );
        const tests = [
          ...testsAt(entry, [key, index], undefined),
          ...(entry.columns ?? []).flatMap((column, columnIndex) =>
            testsAt(column, [key, index, "columns", columnIndex], column.name),
          ),
        ];
        target.set(entry.name, {
          name: entry.name,
          file,
          description: entry.description,
          config: entry.config ?? {},
          columns: entry.columns ?? [],
          tests,
        });
      });
    }
  }
  return { modelProperties, seedProperties, unitTests, dbtSources };
}

async function readUnitTests(
  root: string,
  yaml: YamlFile,
  diagnostics: Diagnostic[],
): Promise<UnitTestDefinition[]> {
  const list = (yaml.value ?? {}) as { unit_tests?: unknown };
  if (list.unit_tests === undefined) return [];
  if (!Array.isArray(list.unit_tests)) {
    diagnostics.push({
      code: "unit-test-invalid",
      message: "unit_tests: must be a list of unit tests",
      file: yaml.file,
      ...positionOf(yaml, ["unit_tests"]),
      hint: "Write unit_tests: as a list of maps with name:, model:, given: and expect:.",
    });
    return [];
  }
  const tests: UnitTestDefinition[] = [];
  for (const [index, entry] of list.unit_tests.entries()) {
    const at = ["unit_tests", index];
    const parsed = unitTestSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = [...at, ...issue.path.map(String)];
        diagnostics.push({
          code: "unit-test-invalid",
          message: `invalid unit test at ${where.join(".")}: ${issue.message}`,
          file: yaml.file,
          ...positionOf(yaml, where),
          hint: "A unit test has name:, model: or macro:, given: (input and rows) and expect: (rows or output).",
        });
      }
      continue;
    }
    const line = positionOf(yaml, at).line;
    const test = await readUnitTest(
      root,
      parsed.data,
      yaml.file,
      line,
      diagnostics,
    );
    if (test) tests.push(test);
  }
  return tests;
}

function checkProperties(
  models: readonly ModelFile[],
  seeds: readonly SeedFile[],
  modelProperties: ReadonlyMap<string, NodeProperties>,
  seedProperties: ReadonlyMap<string, NodeProperties>,
  diagnostics: Diagnostic[],
): void {
  const modelNames = new Set(models.map((m) => m.name));
  const seedNames = new Set(seeds.map((s) => s.name));
  for (const properties of modelProperties.values()) {
    if (modelNames.has(properties.name)) continue;
    diagnostics.push({
      code: "unknown-ref",
      message: `properties name model ${properties.name}, but no models/**/${properties.name}.sql exists`,
      file: properties.file,
      hint: "Fix the name, or remove the entry.",
    });
  }
  for (const properties of seedProperties.values()) {
    if (seedNames.has(properties.name)) continue;
    diagnostics.push({
      code: "unknown-ref",
      message: `properties name seed ${properties.name}, but no seeds/**/${properties.name}.csv exists`,
      file: properties.file,
      hint: "Fix the name, or remove the entry.",
    });
  }
}
