import type {
  Dialect,
  ModelNode,
  SeedNode,
  TestNode,
} from "../compile/index.ts";
import type { EventSink } from "../events/index.ts";

/** Rows a query returned, with values made JSON-safe. */
export type Row = Record<string, unknown>;

/** What materializing one node produced. */
export interface MaterializeResult {
  readonly rows?: number;
}

/** Where a run writes: the country (or none) and a unique run id. */
export interface RunScope {
  readonly country: string | null;
  readonly runId: string;
}

/**
 * An engine executes SQL and implements each materialization. Tables are
 * written beside the published data first (staged) and become visible to
 * readers outside the run only when `publish` swaps them in. Everything
 * engine-specific stays behind this interface.
 */
export interface Engine {
  readonly dialect: Dialect;
  /** Opens the catalog, waiting for another process that holds it. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Creates the run's schema and finishes or clears interrupted runs. */
  beginRun(scope: RunScope): Promise<void>;
  loadSeed(seed: SeedNode, csvPath: string): Promise<MaterializeResult>;
  materialize(model: ModelNode, scope: RunScope): Promise<MaterializeResult>;
  /** Runs a test query and returns the number of failing rows. */
  countFailures(test: TestNode): Promise<number>;
  /** Makes the staged data of these models the published data. */
  publish(models: readonly ModelNode[], scope: RunScope): Promise<void>;
  /** Drops the staged data of a run, restoring what readers saw before. */
  discard(scope: RunScope): Promise<void>;
  query(sql: string, limit?: number): Promise<Row[]>;
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
