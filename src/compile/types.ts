import type { ColumnInput } from "../project/index.ts";

/** Resolved config of a model or seed. */
export interface NodeConfig {
  readonly materialized:
    "view" | "table" | "ephemeral" | "incremental" | "snapshot";
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly partitionByCountry: boolean;
  readonly columnTypes: Readonly<Record<string, string>>;
  /** Every key as resolved, including those strata does not read itself. */
  readonly raw: Readonly<Record<string, unknown>>;
}

interface NodeBase {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly dependsOn: readonly string[];
}

/** A SQL model rendered for one country (or for none). */
export interface ModelNode extends NodeBase {
  readonly kind: "model";
  readonly folders: readonly string[];
  readonly config: NodeConfig;
  readonly description?: string;
  readonly columns: readonly ColumnInput[];
  readonly rawSql: string;
  /** The rendered SQL with ephemeral parents inlined as CTEs. */
  readonly compiledSql: string;
  readonly relation: string;
  readonly checksum: string;
  /** True when the SQL was rendered with `is_incremental()` true. */
  readonly isIncremental?: boolean;
  /** Rendered `pre_hook` statements, run before the model is built. */
  readonly preHooks?: readonly string[];
  /** Rendered `post_hook` statements, run after the model is built. */
  readonly postHooks?: readonly string[];
  /**
   * True when the template reads `execute` or runs queries (`run_query`,
   * `statement`, `load_result`): `compiledSql` is then the compile-time
   * render, and the model is rendered again right before it executes.
   */
  readonly rendersAtExecution?: boolean;
}

/** A CSV file loaded as a table. */
export interface SeedNode extends NodeBase {
  readonly kind: "seed";
  readonly folders: readonly string[];
  readonly config: NodeConfig;
  readonly description?: string;
  readonly columns: readonly ColumnInput[];
  readonly relation: string;
  readonly checksum: string;
}

/** A table of sources.yml, read from files. */
export interface SourceNode extends NodeBase {
  readonly kind: "source";
  readonly sourceName: string;
  readonly format: "csv" | "parquet";
  readonly location: string;
  readonly relation: string;
  readonly description?: string;
  readonly columns: readonly ColumnInput[];
}

/** A data test: a query whose rows are failures. */
export interface TestNode extends NodeBase {
  readonly kind: "test";
  readonly testName: string;
  /** The model, seed or source the test belongs to; none for singular tests. */
  readonly attachedTo?: string;
  readonly column?: string;
  readonly severity: "error" | "warn";
  /** Keep the failing rows of each run (`store_failures`). */
  readonly storeFailures?: boolean;
  /** Failing-row conditions such as `>10`; unset means `!=0`. */
  readonly warnIf?: string;
  readonly errorIf?: string;
  readonly compiledSql: string;
}

export type GraphNode = ModelNode | SeedNode | SourceNode | TestNode;

/**
 * Naming rules an engine gives the compiler: identifier quoting, the
 * relation a model lives in, and how a source's files are read.
 */
export interface Dialect {
  readonly engine: string;
  quoteIdentifier(name: string): string;
  relationName(schema: string, name: string): string;
  sourceRelation(table: {
    format: "csv" | "parquet";
    location: string;
    options: Readonly<Record<string, unknown>>;
  }): string;
}

/** Every node of a project compiled for one country (null: no country). */
export interface CompiledProject {
  readonly country: string | null;
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Rendered `on_run_start` statements of strata.yml. */
  readonly onRunStart?: readonly string[];
  /** Rendered `on_run_end` statements of strata.yml. */
  readonly onRunEnd?: readonly string[];
  /** The rendered output of the macro `CompileOptions.operation` named. */
  readonly operation?: string;
  /** The rendered `CompileOptions.inline` query. */
  readonly inline?: string;
}
