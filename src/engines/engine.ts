import type {
  Dialect,
  ModelNode,
  SeedNode,
  TestNode,
} from "../compile/index.ts";
import type { QueryResult } from "../compile/result-table.ts";
import type { EventSink } from "../events/index.ts";

/** Rows a query returned, with values made JSON-safe. */
export type Row = Record<string, unknown>;

/** Outcome of materializing one node. */
export interface MaterializeResult {
  readonly rows?: number;
}

/** Scope of a run: its country (or none) and a unique run id. */
export interface RunScope {
  readonly country: string | null;
  readonly runId: string;
  /** When the run started; snapshots stamp their versions with it. */
  readonly startedAt?: Date;
}

/**
 * An engine executes SQL and implements each materialization. Tables are
 * written beside the published data first (staged) and become visible to
 * readers outside the run only when `publish` swaps them in. Everything
 * engine-specific stays behind this interface.
 */
export interface Engine {
  readonly dialect: Dialect;
  /**
   * Opens the catalog, waiting while another process has it locked, and
   * finishes or clears runs that were interrupted.
   */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Creates the run's schema. */
  beginRun(scope: RunScope): Promise<void>;
  loadSeed(seed: SeedNode, csvPath: string): Promise<MaterializeResult>;
  /**
   * Builds a model. A table, incremental model or snapshot is written as a
   * new staged partition. An incremental model in incremental mode and a
   * snapshot merge their new rows with the previous partition.
   */
  materialize(model: ModelNode, scope: RunScope): Promise<MaterializeResult>;
  /**
   * Names of the models with published data for a country (or none). It
   * reads the stored layout only, and may be called before `open`.
   */
  existingModels(country: string | null): Promise<ReadonlySet<string>>;
  /** Runs a test query and returns the number of failing rows. */
  countFailures(test: TestNode): Promise<number>;
  /**
   * Appends a test's failing rows, with the run id, country and time, to
   * the test's failure history, and returns the relation that reads it.
   * Earlier runs' rows are kept.
   */
  storeFailures(test: TestNode, scope: RunScope): Promise<string>;
  /** Makes the staged data of these models the published data. */
  publish(models: readonly ModelNode[], scope: RunScope): Promise<void>;
  /** Drops the staged data of a run, restoring what readers saw before. */
  discard(scope: RunScope): Promise<void>;
  query(sql: string, limit?: number): Promise<Row[]>;
  /**
   * Runs a query for a template's `run_query` or `statement`, returning
   * every column, also when there are no rows. An engine without it has
   * `query` used instead, whose rows give no columns when there are none.
   */
  queryTable?(sql: string): Promise<QueryResult>;
  execute(sql: string): Promise<void>;
}

/** Options every engine takes. */
export interface EngineOptions {
  /** The project's `target/` folder. */
  readonly targetDir: string;
  readonly threads: number;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly lockTimeoutMs: number;
  readonly catalogPath?: string;
  readonly events: EventSink;
  /** A short description of this process, shown to a run that waits. */
  readonly holder: string;
}
