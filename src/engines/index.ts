export type {
  Engine,
  EngineOptions,
  MaterializeResult,
  Row,
  RunScope,
} from "./engine.ts";
export { SqlError } from "./sql-error.ts";
export {
  incrementalConfig,
  isStoredTable,
  snapshotConfig,
  type IncrementalConfig,
  type SnapshotConfig,
} from "./materializations.ts";
export { createEngine, dialectFor } from "./create-engine.ts";
export { loadDuckDB } from "./duckdb/duckdb-engine.ts";
