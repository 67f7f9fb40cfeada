import type { Diagnostic } from "../errors/index.ts";
import type { StatementResult } from "./result-table.ts";

/**
 * Record of one template render: the node it renders, the edges its
 * `ref` and `source` calls add, and the config its `config` calls set.
 * Rendering is synchronous, so one scope is active at a time.
 */
export interface RenderScope {
  readonly node: string;
  readonly file: string;
  readonly refs: Set<string>;
  readonly sources: Set<string>;
  readonly config: Record<string, unknown>;
  readonly thisRelation: string;
  /** The error a template function raised on purpose, if any. */
  raised?: Diagnostic;
  /**
   * Set when the render read `execute` or called `run_query`, `statement`
   * or `load_result`: its output may differ once queries return rows, so
   * the model is rendered again when it executes.
   */
  rendersAtExecution?: boolean;
  /** Results `{% call statement(name, fetch_result=True) %}` stored. */
  statementResults?: Map<string, StatementResult>;
}

export function newScope(
  node: string,
  file: string,
  thisRelation: string,
): RenderScope {
  return {
    node,
    file,
    refs: new Set(),
    sources: new Set(),
    config: {},
    thisRelation,
  };
}

/** Placeholder a `ref` call renders; replaced once every config is known. */
export function refPlaceholder(name: string): string {
  return `__STRATA_REF(${name})__`;
}

/**
 * Matches a placeholder. The name ends at the parenthesis, because names
 * such as `stg_sap__orders` contain double underscores.
 */
export const refPlaceholderPattern = /__STRATA_REF\(([A-Za-z0-9_$-]+)\)__/g;
