import type { ModelNode } from "../../compile/index.ts";
import { StrataError } from "../../errors/index.ts";
import type { IncrementalConfig } from "../materializations.ts";
import { duckdbDialect } from "./dialect.ts";

const quote = (name: string): string => duckdbDialect.quoteIdentifier(name);

/**
 * A query around a model's SQL: `prefix`, a newline, the model's SQL, a
 * newline, `)` and `suffix`. The prefix is one line, so the model's first
 * line is line 2 of the statement and error lines map back.
 */
export interface WrappedQuery {
  readonly prefix: string;
  readonly suffix: string;
}

/**
 * Picks the columns of the new partition from the model's columns and the
 * previous partition's, following `on_schema_change`. Raises a StrataError
 * for `fail` when they differ.
 */
export function targetColumns(
  model: ModelNode,
  config: IncrementalConfig,
  modelColumns: readonly string[],
  previousColumns: readonly string[],
): string[] {
  const added = modelColumns.filter((c) => !previousColumns.includes(c));
  const removed = previousColumns.filter((c) => !modelColumns.includes(c));
  switch (config.onSchemaChange) {
    case "ignore":
      return [...previousColumns];
    case "append_new_columns":
      return [...previousColumns, ...added];
    case "sync_all_columns":
      return [...modelColumns];
    case "fail":
      if (added.length > 0 || removed.length > 0) {
        const changes = [
          added.length > 0 ? `added ${added.join(", ")}` : "",
          removed.length > 0 ? `removed ${removed.join(", ")}` : "",
        ].filter(Boolean);
        throw new StrataError({
          code: "schema-change",
          message: `the columns of incremental model ${model.name} changed (${changes.join("; ")}) and on_schema_change is fail`,
          file: model.path,
          model: model.name,
          hint: "Run with --full-refresh to rebuild the model, or set on_schema_change to append_new_columns or sync_all_columns.",
        });
      }
      return [...previousColumns];
  }
}

/**
 * Builds the query whose rows are the new partition of an incremental model:
 * the previous partition's rows (read from `previous`, a table expression)
 * merged with the model's new rows by the strategy of `config`. Columns the
 * new rows lack are NULL in them, and so are new columns in old rows.
 */
export function incrementalQuery(
  model: ModelNode,
  config: IncrementalConfig,
  modelColumns: readonly string[],
  columns: readonly string[],
  previous: string,
): WrappedQuery {
  for (const key of [...config.uniqueKey, ...config.partitionBy]) {
    if (!columns.includes(key)) {
      throw new StrataError({
        code: "invalid-config",
        message: `column ${key} named by the config of incremental model ${model.name} is not among its columns (${columns.join(", ")})`,
        file: model.path,
        model: model.name,
        hint: "Name a column the model selects in unique_key and partition_by.",
      });
    }
  }
  const list = (names: readonly string[], alias = ""): string =>
    names.map((c) => `${alias}${quote(c)}`).join(", ");
  const newProjection = columns
    .map((c) => (modelColumns.includes(c) ? quote(c) : `NULL AS ${quote(c)}`))
    .join(", ");
  const prefix = `WITH strata_new AS (SELECT ${newProjection} FROM (`;
  const keyMatch = (names: readonly string[], operator: string): string =>
    names.map((c) => `p.${quote(c)} ${operator} n.${quote(c)}`).join(" AND ");
  const unmatched = (names: readonly string[], operator: string): string =>
    `SELECT * FROM strata_old p WHERE NOT EXISTS (SELECT 1 FROM strata_new n WHERE ${keyMatch(names, operator)})`;
  let body: string;
  switch (config.strategy) {
    case "append":
      body =
        "SELECT * FROM strata_old UNION ALL BY NAME SELECT * FROM strata_new";
      break;
    case "delete+insert":
      body = `${unmatched(config.uniqueKey, "=")} UNION ALL BY NAME SELECT * FROM strata_new`;
      break;
    case "merge":
      body = `${unmatched(config.uniqueKey, "=")} UNION ALL BY NAME ${mergedRows(config, columns)}`;
      break;
    case "insert_overwrite":
      body =
        config.partitionBy.length === 0
          ? "SELECT * FROM strata_new"
          : `${unmatched(config.partitionBy, "IS NOT DISTINCT FROM")} UNION ALL BY NAME SELECT * FROM strata_new`;
      break;
  }
  const suffix = [
    " AS strata_model),",
    `strata_old AS (SELECT * FROM ${previous})`,
    `SELECT ${list(columns)} FROM (${body})`,
  ].join("\n");
  return { prefix, suffix };
}

/**
 * Selects the new rows of a merge. With `merge_update_columns`, a row matching a
 * previous one takes the new values of those columns only and keeps the
 * previous values of the others.
 */
function mergedRows(
  config: IncrementalConfig,
  columns: readonly string[],
): string {
  if (config.mergeUpdateColumns.length === 0) return "SELECT * FROM strata_new";
  const keyMatch = config.uniqueKey
    .map((c) => `p.${quote(c)} = n.${quote(c)}`)
    .join(" AND ");
  const values = columns.map((c) =>
    config.uniqueKey.includes(c) || config.mergeUpdateColumns.includes(c)
      ? `n.${quote(c)}`
      : `CASE WHEN p.strata_matched THEN p.${quote(c)} ELSE n.${quote(c)} END AS ${quote(c)}`,
  );
  return `SELECT ${values.join(", ")} FROM strata_new n LEFT JOIN (SELECT *, true AS strata_matched FROM strata_old) p ON ${keyMatch}`;
}
