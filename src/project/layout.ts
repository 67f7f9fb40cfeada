// The folders a project keeps its files in. It imports nothing, so that the
// quick check of an unchanged compile loads it without the project loader.

/** The folders of each kind of project file, relative to the project. */
export interface ProjectLayout {
  readonly models: readonly string[];
  /** Folders of snapshots, read as models materialized `snapshot`. */
  readonly snapshots: readonly string[];
  readonly seeds: readonly string[];
  readonly macros: readonly string[];
  /** Folders of singular data tests. */
  readonly tests: readonly string[];
  /** Folders under the test folders that hold generic tests, not queries. */
  readonly genericTests: readonly string[];
  /**
   * True when a config key may name a file too, as in dbt's
   * `seeds: {project: {raw_payments: {+column_types: ...}}}`.
   */
  readonly configByName: boolean;
}

/** The folders of a strata project. */
export const strataLayout: ProjectLayout = {
  models: ["models"],
  snapshots: ["snapshots"],
  seeds: ["seeds"],
  macros: ["macros"],
  tests: ["tests/data"],
  genericTests: [],
  configByName: false,
};
