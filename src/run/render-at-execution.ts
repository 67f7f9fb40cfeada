import type { CompiledProject, ModelNode } from "../compile/index.ts";
import type { CompileOptions } from "../compile/compile-project.ts";
import { ExecutionRenderer } from "../compile/execution-render.ts";
import type { ExecutionQueries } from "../compile/query-globals.ts";
import type { QueryResult } from "../compile/result-table.ts";
import type { Engine } from "../engines/index.ts";
import { StrataError } from "../errors/index.ts";
import type { Project } from "../project/index.ts";

/** Queries one model may run while it renders, as a guard against loops. */
const maxQueriesPerModel = 1000;

interface AnsweredQuery {
  readonly sql: string;
  readonly result: QueryResult;
}

/** Thrown inside a render to stop it at a query with no result yet. */
class PendingQuery extends Error {}

/**
 * Answers a render's queries from the results of the earlier passes, in
 * call order. At the first query it has no result for, it records the
 * query and stops the render.
 */
class QueryReplay implements ExecutionQueries {
  pending?: string;
  /** Set when a query differs from the one the same call ran before. */
  diverged?: { readonly index: number; readonly before: string };
  private index = 0;

  constructor(private readonly answered: readonly AnsweredQuery[]) {}

  run(sql: string): QueryResult {
    const index = this.index++;
    const answer = this.answered[index];
    if (answer === undefined) {
      this.pending = sql;
      throw new PendingQuery(`query ${index + 1} has no result yet`);
    }
    if (answer.sql !== sql) {
      this.diverged = { index, before: answer.sql };
      throw new PendingQuery(`query ${index + 1} changed between renders`);
    }
    return answer.result;
  }
}

/**
 * Returns a function that renders a model again right before it executes,
 * when its compile-time render read `execute` or ran queries, so that
 * `run_query` and `statement` see the database as upstream models left it.
 * Other models are returned as they are. `onRendered` receives each model
 * rendered again, for example to write its SQL to `target/compiled/`.
 *
 * Templates render synchronously and engines query asynchronously, so the
 * template is rendered in passes: each pass answers the queries of the
 * earlier passes from their results and stops at the first new query,
 * which then runs on the engine. A model running n queries renders n + 1
 * times, and each query runs once, in the order the template calls it.
 */
export function executionRenderer(
  project: Project,
  options: CompileOptions,
  compiled: CompiledProject,
  engine: Engine,
  onRendered?: (model: ModelNode) => void,
): (model: ModelNode) => Promise<ModelNode> {
  let renderer: ExecutionRenderer | undefined;
  return async (model) => {
    if (!model.rendersAtExecution) return model;
    renderer ??= new ExecutionRenderer(project, options, compiled);
    const answered: AnsweredQuery[] = [];
    for (;;) {
      const replay = new QueryReplay(answered);
      try {
        const rendered = {
          ...model,
          compiledSql: renderer.render(model, replay),
        };
        onRendered?.(rendered);
        return rendered;
      } catch (error) {
        if (replay.diverged) throw divergenceError(model, replay.diverged);
        if (replay.pending === undefined) throw error;
      }
      if (answered.length >= maxQueriesPerModel) {
        throw new StrataError({
          code: "template-error",
          message: `model ${model.name} ran more than ${maxQueriesPerModel} queries while rendering`,
          file: model.path,
          hint: "Check the loop that calls run_query or statement.",
        });
      }
      const sql = replay.pending;
      answered.push({ sql, result: await runQuery(engine, model, sql) });
    }
  };
}

async function runQuery(
  engine: Engine,
  model: ModelNode,
  sql: string,
): Promise<QueryResult> {
  try {
    if (engine.queryTable) return await engine.queryTable(sql);
    const rows = await engine.query(sql);
    const names = rows[0] ? Object.keys(rows[0]) : [];
    return {
      columns: names.map((name) => ({ name, type: "unknown" })),
      rows: rows.map((row) => names.map((name) => row[name])),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StrataError({
      code: "sql-error",
      message: `a query that model ${model.name} runs while rendering failed: ${reason}`,
      file: model.path,
      hint: `The query was:\n${sql.trim()}`,
    });
  }
}

function divergenceError(
  model: ModelNode,
  diverged: NonNullable<QueryReplay["diverged"]>,
): StrataError {
  return new StrataError({
    code: "template-error",
    message: `model ${model.name} rendered query ${diverged.index + 1} differently on a second render`,
    file: model.path,
    hint: "strata renders a model once per query it runs, so the queries must not depend on the clock or on anything else that changes between renders.",
  });
}
