export type {
  Engine,
  EngineOptions,
  MaterializeResult,
  Row,
  RunScope,
} from "./engine.ts";
export { SqlError } from "./sql-error.ts";
export { createEngine, dialectFor } from "./create-engine.ts";
