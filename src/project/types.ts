import type {
  ColumnInput,
  CountryInput,
  NodeConfigInput,
  SourceTableInput,
  TargetInput,
} from "./schemas.ts";
import type { UnitTestDefinition } from "./unit-tests.ts";

/** Config defaults of a folder and of its subfolders, from strata.yml. */
export interface FolderConfig {
  readonly config: NodeConfigInput;
  readonly children: ReadonlyMap<string, FolderConfig>;
}

/** The settings of strata.yml, with defaults filled in. */
export interface ProjectSettings {
  readonly name: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly modelFolders: FolderConfig;
  readonly seedFolders: FolderConfig;
  readonly targets: Readonly<Record<string, TargetInput>>;
  readonly defaultTarget: string;
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
}

/** A SQL file under models/; its name is the file name without `.sql`. */
export interface ModelFile {
  readonly name: string;
  readonly path: string;
  readonly folders: readonly string[];
  readonly sql: string;
}

/** A file under macros/ holding Nunjucks macro definitions. */
export interface MacroFile {
  readonly path: string;
  readonly text: string;
}

/** A CSV file under seeds/. */
export interface SeedFile {
  readonly name: string;
  readonly path: string;
  readonly folders: readonly string[];
  /** SHA-256 of the file's bytes. */
  readonly checksum: string;
}

/** A query under tests/data/ that returns the rows that fail. */
export interface SingularTestFile {
  readonly name: string;
  readonly path: string;
  readonly sql: string;
}

/** One generic test attached to a model, seed, source table or column. */
export interface TestDefinition {
  readonly testName: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly column?: string;
  readonly severity: "error" | "warn";
  readonly where?: string;
  /** Keep the failing rows of each run (`store_failures`). */
  readonly storeFailures?: boolean;
  /** Failing-row conditions such as `>10`; dbt's default is `!=0`. */
  readonly warnIf?: string;
  readonly errorIf?: string;
  readonly file: string;
  readonly line?: number;
}

/** Properties of a model or seed from the YAML files beside it. */
export interface NodeProperties {
  readonly name: string;
  readonly file: string;
  readonly description?: string;
  readonly config: NodeConfigInput;
  readonly columns: readonly ColumnInput[];
  readonly tests: readonly TestDefinition[];
}

/** A table of sources.yml, flattened with its source's name. */
export interface SourceTable extends Omit<
  SourceTableInput,
  "tests" | "data_tests"
> {
  readonly sourceName: string;
  readonly file: string;
  readonly tests: readonly TestDefinition[];
}

/** A country of countries.yml, with its code. */
export interface Country extends CountryInput {
  readonly code: string;
}

/** Everything strata read from a project folder, validated. */
export interface Project {
  readonly dir: string;
  readonly settings: ProjectSettings;
  readonly countries: ReadonlyMap<string, Country>;
  readonly sources: readonly SourceTable[];
  readonly models: readonly ModelFile[];
  readonly macros: readonly MacroFile[];
  readonly seeds: readonly SeedFile[];
  readonly singularTests: readonly SingularTestFile[];
  readonly modelProperties: ReadonlyMap<string, NodeProperties>;
  readonly seedProperties: ReadonlyMap<string, NodeProperties>;
  /** `unit_tests:` of every property file; absent in hand-built projects. */
  readonly unitTests?: readonly UnitTestDefinition[];
}
