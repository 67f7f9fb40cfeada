import type { CompileInputs } from "./globals.ts";
import {
  AgateTable,
  emptyResult,
  statementResult,
  type QueryResult,
} from "./result-table.ts";

/**
 * Runs the queries of a render done while the model executes. `run` is
 * synchronous because templates render synchronously: the caller decides
 * how a result is available at that point.
 */
export interface ExecutionQueries {
  run(sql: string): QueryResult;
}

interface Keywords {
  readonly __keywords: true;
  readonly [key: string]: unknown;
}

function splitKeywords(args: readonly unknown[]): {
  positional: unknown[];
  keywords: Partial<Keywords>;
} {
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && "__keywords" in last) {
    return { positional: args.slice(0, -1), keywords: last as Keywords };
  }
  return { positional: [...args], keywords: {} };
}

/**
 * Builds dbt's `run_query`, `statement` (used as `{% call statement(...) %}`)
 * and `load_result`. During a compile (`inputs.execution` unset) no query
 * runs: `run_query` returns an empty table and `load_result` an empty
 * result, so the template renders and its refs become edges. Each of them
 * marks the render as one to repeat when the model executes.
 */
export function createQueryGlobals(
  inputs: CompileInputs,
): Record<string, unknown> {
  const markScope = () => {
    const scope = inputs.scope();
    if (scope) scope.rendersAtExecution = true;
    return scope;
  };
  const run = (sql: string): QueryResult =>
    inputs.execution ? inputs.execution.run(sql) : emptyResult;
  return {
    run_query(sql: unknown): AgateTable {
      markScope();
      return AgateTable.fromResult(run(String(sql)));
    },
    statement(...args: unknown[]): string {
      const scope = markScope();
      const { positional, keywords } = splitKeywords(args);
      const name = String(positional[0] ?? keywords.name ?? "statement");
      const fetchResult = Boolean(
        positional[1] ?? keywords.fetch_result ?? false,
      );
      const caller = keywords.caller;
      // dbt renders the body only when executing; strata renders it during
      // the compile too, so the refs inside it become edges of the graph.
      const sql = typeof caller === "function" ? String(caller()) : "";
      const result = run(sql);
      if (fetchResult && scope) {
        scope.statementResults ??= new Map();
        scope.statementResults.set(name, statementResult(result));
      }
      return "";
    },
    load_result(name: unknown): unknown {
      const scope = markScope();
      const found = scope?.statementResults?.get(String(name));
      if (found) return found;
      // As in dbt, a name no statement stored gives None while executing.
      return inputs.execution ? null : statementResult(emptyResult);
    },
  };
}
