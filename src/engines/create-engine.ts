import { StrataError } from "../errors/index.ts";
import type { Engine, EngineOptions } from "./engine.ts";
import type { Dialect } from "../compile/index.ts";
import { duckdbDialect } from "./duckdb/dialect.ts";
import { DuckDBEngine } from "./duckdb/duckdb-engine.ts";

/** Creates the engine a target names. */
export function createEngine(name: string, options: EngineOptions): Engine {
  if (name === "duckdb") return new DuckDBEngine(options);
  throw unavailable(name);
}

/** The SQL naming rules of an engine, for compiling without opening it. */
export function dialectFor(name: string): Dialect {
  if (name === "duckdb") return duckdbDialect;
  throw unavailable(name);
}

function unavailable(name: string): StrataError {
  return new StrataError({
    code: "invalid-option",
    message: `engine ${name} is not available in this build of strata`,
    hint: "Set engine: duckdb in the target of strata.yml.",
  });
}
