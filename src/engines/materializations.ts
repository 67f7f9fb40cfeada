import type { ModelNode, NodeConfig } from "../compile/index.ts";
import { StrataError } from "../errors/index.ts";

/** Materializations whose rows are stored, staged and published as tables. */
export function isStoredTable(config: NodeConfig): boolean {
  return ["table", "incremental", "snapshot"].includes(config.materialized);
}

export type IncrementalStrategy =
  "append" | "merge" | "delete+insert" | "insert_overwrite";

export type OnSchemaChange =
  "ignore" | "fail" | "append_new_columns" | "sync_all_columns";

/** The config of an incremental model, validated. */
export interface IncrementalConfig {
  readonly strategy: IncrementalStrategy;
  /** Column names identifying a row; empty for append and insert_overwrite. */
  readonly uniqueKey: readonly string[];
  readonly onSchemaChange: OnSchemaChange;
  /** Columns whose values `insert_overwrite` replaces; empty: the whole partition. */
  readonly partitionBy: readonly string[];
  /** Columns `merge` updates on matched rows; empty: every column. */
  readonly mergeUpdateColumns: readonly string[];
}

const strategies: readonly IncrementalStrategy[] = [
  "append",
  "merge",
  "delete+insert",
  "insert_overwrite",
];
const schemaChanges: readonly OnSchemaChange[] = [
  "ignore",
  "fail",
  "append_new_columns",
  "sync_all_columns",
];

/**
 * Reads `incremental_strategy`, `unique_key`, `on_schema_change`,
 * `partition_by` and `merge_update_columns` of an incremental model. The
 * default strategy is `merge` with a unique key and `append` without.
 */
export function incrementalConfig(model: ModelNode): IncrementalConfig {
  const raw = model.config.raw;
  const uniqueKey = columnList(model, "unique_key", raw.unique_key);
  const strategyValue =
    raw.incremental_strategy ?? (uniqueKey.length > 0 ? "merge" : "append");
  const strategy = oneOf(
    model,
    "incremental_strategy",
    strategyValue,
    strategies,
  );
  if (
    (strategy === "merge" || strategy === "delete+insert") &&
    uniqueKey.length === 0
  ) {
    throw invalidConfig(
      model,
      `incremental_strategy ${strategy} of model ${model.name} needs a unique_key`,
      `Set unique_key to the column (or list of columns) that identifies a row, or use incremental_strategy='append'.`,
    );
  }
  return {
    strategy,
    uniqueKey,
    onSchemaChange: oneOf(
      model,
      "on_schema_change",
      raw.on_schema_change ?? "ignore",
      schemaChanges,
    ),
    partitionBy: columnList(model, "partition_by", raw.partition_by),
    mergeUpdateColumns: columnList(
      model,
      "merge_update_columns",
      raw.merge_update_columns,
    ),
  };
}

/** The config of a snapshot, validated. */
export interface SnapshotConfig {
  readonly strategy: "timestamp" | "check";
  readonly uniqueKey: readonly string[];
  /** Column holding the row's last change time, for `timestamp`. */
  readonly updatedAt?: string;
  /** Columns compared for `check`; `all` compares every column. */
  readonly checkCols: readonly string[] | "all";
  /** Close the current version of rows that left the source. */
  readonly invalidateHardDeletes: boolean;
}

/**
 * Reads `strategy`, `unique_key`, `updated_at`, `check_cols` and
 * `hard_deletes` (or the older `invalidate_hard_deletes`) of a snapshot.
 */
export function snapshotConfig(model: ModelNode): SnapshotConfig {
  const raw = model.config.raw;
  const strategy = oneOf(model, "strategy", raw.strategy ?? "", [
    "timestamp",
    "check",
  ] as const);
  const uniqueKey = columnList(model, "unique_key", raw.unique_key);
  if (uniqueKey.length === 0) {
    throw invalidConfig(
      model,
      `snapshot ${model.name} has no unique_key`,
      "Set unique_key to the column (or list of columns) that identifies a row of the source.",
    );
  }
  const updatedAt =
    typeof raw.updated_at === "string" ? raw.updated_at : undefined;
  if (strategy === "timestamp" && updatedAt === undefined) {
    throw invalidConfig(
      model,
      `snapshot ${model.name} uses strategy timestamp but sets no updated_at`,
      "Set updated_at to the column holding each row's last change time, or use strategy='check' with check_cols.",
    );
  }
  const checkCols =
    raw.check_cols === "all"
      ? "all"
      : columnList(model, "check_cols", raw.check_cols);
  if (strategy === "check" && checkCols !== "all" && checkCols.length === 0) {
    throw invalidConfig(
      model,
      `snapshot ${model.name} uses strategy check but sets no check_cols`,
      "Set check_cols to a list of columns to compare, or to 'all'.",
    );
  }
  const hardDeletes = raw.hard_deletes ?? "ignore";
  if (hardDeletes !== "ignore" && hardDeletes !== "invalidate") {
    throw invalidConfig(
      model,
      `hard_deletes ${JSON.stringify(hardDeletes)} of snapshot ${model.name} is not supported`,
      "Use hard_deletes: ignore (the default) or hard_deletes: invalidate.",
    );
  }
  return {
    strategy,
    uniqueKey,
    updatedAt,
    checkCols,
    invalidateHardDeletes:
      hardDeletes === "invalidate" || raw.invalidate_hard_deletes === true,
  };
}

function columnList(model: ModelNode, key: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string"))
    return value;
  throw invalidConfig(
    model,
    `${key} of model ${model.name} is ${JSON.stringify(value)}, not a column name or a list of column names`,
    `Set ${key} to a column name, such as '${key === "partition_by" ? "sale_month" : "id"}', or a list of names.`,
  );
}

function oneOf<T extends string>(
  model: ModelNode,
  key: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (allowed.includes(value as T)) return value as T;
  throw invalidConfig(
    model,
    `${key} ${JSON.stringify(value)} of model ${model.name} is not supported`,
    `Use one of: ${allowed.join(", ")}.`,
  );
}

function invalidConfig(
  model: ModelNode,
  message: string,
  hint: string,
): StrataError {
  return new StrataError({
    code: "invalid-config",
    message,
    file: model.path,
    model: model.name,
    hint,
  });
}
