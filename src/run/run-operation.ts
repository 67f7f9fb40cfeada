import type { Row } from "../engines/index.ts";
import { openSession, type SessionOptions } from "./project-session.ts";

/** A macro to call, with its keyword arguments from `--args`. */
export interface OperationOptions extends SessionOptions {
  readonly macro: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The SQL one country's call rendered, and the rows executing it returned. */
export interface OperationResult {
  readonly country: string | null;
  readonly sql: string;
  readonly rows: readonly Row[];
}

/**
 * Calls a project macro once per country of the run and executes the SQL
 * it renders (nothing when it renders only whitespace). The rows of the last
 * statement are returned. NOTE: dbt executes only the statements a macro
 * runs through `run_query`; strata also executes the rendered text.
 */
export async function runOperation(
  options: OperationOptions,
): Promise<OperationResult[]> {
  const session = await openSession(options);
  const rendered = session.countries.map((country) => ({
    country,
    sql:
      session.compile(country, {
        operation: { macro: options.macro, args: options.args },
      }).operation ?? "",
  }));
  return session.withEngine(async (engine) => {
    const results: OperationResult[] = [];
    for (const { country, sql } of rendered) {
      const rows = sql.trim().length > 0 ? await engine.query(sql) : [];
      results.push({ country, sql, rows });
    }
    return results;
  });
}
