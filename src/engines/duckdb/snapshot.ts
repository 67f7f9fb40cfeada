import type { ModelNode } from "../../compile/index.ts";
import { StrataError } from "../../errors/index.ts";
import type { SnapshotConfig } from "../materializations.ts";
import { duckdbDialect, literal } from "./dialect.ts";
import type { WrappedQuery } from "./incremental.ts";

const quote = (name: string): string => duckdbDialect.quoteIdentifier(name);

/** Columns a snapshot adds to its source's, named as dbt names them. */
export const snapshotColumns = [
  "dbt_scd_id",
  "dbt_updated_at",
  "dbt_valid_from",
  "dbt_valid_to",
] as const;

/**
 * Builds the query whose rows are a snapshot's new partition (type-2
 * history). Without `previous` every source row is a first version. With
 * it, a source row is a new version when its key is new or it changed:
 * `updated_at` is later than the current version's (timestamp strategy) or a
 * checked column differs (check strategy). The current version of a changed
 * row is closed at the new version's `dbt_valid_from`. With hard deletes
 * invalidated, a current version whose key left the source is closed at
 * `snapshotTime`. Metadata columns are TIMESTAMP.
 */
export function snapshotQuery(
  model: ModelNode,
  config: SnapshotConfig,
  sourceColumns: readonly string[],
  previous: { relation: string; columns: readonly string[] } | undefined,
  snapshotTime: Date,
): WrappedQuery {
  checkColumns(model, config, sourceColumns);
  const now = `TIMESTAMP ${literal(snapshotTime.toISOString().replace("T", " ").replace("Z", ""))}`;
  const versionTime = (alias: string): string =>
    config.strategy === "timestamp"
      ? `CAST(${alias}${quote(config.updatedAt!)} AS TIMESTAMP)`
      : now;
  const keys = config.uniqueKey;
  const keyMatch = (left: string, right: string): string =>
    keys.map((k) => `${left}.${quote(k)} = ${right}.${quote(k)}`).join(" AND ");
  const scdId = `md5(concat_ws('|', ${keys.map((k) => `CAST(${quote(k)} AS VARCHAR)`).join(", ")}, CAST(strata_ts AS VARCHAR)))`;
  const newVersions = (from: string): string =>
    `SELECT * EXCLUDE (strata_ts), ${scdId} AS dbt_scd_id, strata_ts AS dbt_updated_at, strata_ts AS dbt_valid_from, CAST(NULL AS TIMESTAMP) AS dbt_valid_to FROM ${from}`;
  const prefix = "WITH strata_source AS (SELECT * FROM (";
  if (previous === undefined) {
    return {
      prefix,
      suffix: [
        " AS strata_model),",
        `strata_changes AS (SELECT *, ${versionTime("")} AS strata_ts FROM strata_source)`,
        newVersions("strata_changes"),
      ].join("\n"),
    };
  }

  const compared =
    config.checkCols === "all"
      ? sourceColumns.filter(
          (c) =>
            previous.columns.includes(c) &&
            !(snapshotColumns as readonly string[]).includes(c),
        )
      : config.checkCols.filter((c) => previous.columns.includes(c));
  const changed =
    config.strategy === "timestamp"
      ? `${versionTime("s.")} > c.dbt_updated_at`
      : compared.length === 0
        ? "false"
        : compared
            .map((c) => `s.${quote(c)} IS DISTINCT FROM c.${quote(c)}`)
            .join(" OR ");
  const deleted = config.invalidateHardDeletes
    ? `WHEN o.dbt_valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM strata_source s WHERE ${keyMatch("s", "o")}) THEN ${now} `
    : "";
  return {
    prefix,
    suffix: [
      " AS strata_model),",
      `strata_old AS (SELECT * FROM ${previous.relation}),`,
      "strata_current AS (SELECT *, true AS strata_matched FROM strata_old WHERE dbt_valid_to IS NULL),",
      `strata_changes AS (SELECT s.*, ${versionTime("s.")} AS strata_ts FROM strata_source s LEFT JOIN strata_current c ON ${keyMatch("s", "c")} WHERE c.strata_matched IS NULL OR ${changed})`,
      `SELECT o.* REPLACE (CASE WHEN o.dbt_valid_to IS NULL AND x.strata_ts IS NOT NULL THEN x.strata_ts ${deleted}ELSE o.dbt_valid_to END AS dbt_valid_to)`,
      `FROM strata_old o LEFT JOIN strata_changes x ON ${keyMatch("o", "x")} AND o.dbt_valid_to IS NULL`,
      "UNION ALL BY NAME",
      newVersions("strata_changes"),
    ].join("\n"),
  };
}

function checkColumns(
  model: ModelNode,
  config: SnapshotConfig,
  sourceColumns: readonly string[],
): void {
  const named = [
    ...config.uniqueKey,
    ...(config.updatedAt ? [config.updatedAt] : []),
    ...(config.checkCols === "all" ? [] : config.checkCols),
  ];
  const missing = named.filter((c) => !sourceColumns.includes(c));
  if (missing.length > 0) {
    throw new StrataError({
      code: "invalid-config",
      message: `snapshot ${model.name} names ${missing.join(", ")} in its config, but its query has no such column (columns: ${sourceColumns.join(", ")})`,
      file: model.path,
      model: model.name,
      hint: "Name columns the snapshot's query selects in unique_key, updated_at and check_cols.",
    });
  }
  const reserved = sourceColumns.filter((c) =>
    (snapshotColumns as readonly string[]).includes(c),
  );
  if (reserved.length > 0) {
    throw new StrataError({
      code: "invalid-config",
      message: `snapshot ${model.name} selects ${reserved.join(", ")}, which the snapshot adds itself`,
      file: model.path,
      model: model.name,
      hint: "Rename or drop those columns in the snapshot's query.",
    });
  }
}
