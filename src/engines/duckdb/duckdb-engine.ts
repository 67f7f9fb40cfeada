import { existsSync } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type * as DuckDBApi from "@duckdb/node-api";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { ModelNode, SeedNode, TestNode } from "../../compile/index.ts";
import type { QueryResult } from "../../compile/result-table.ts";
import { StrataError } from "../../errors/index.ts";
import type {
  Engine,
  EngineOptions,
  MaterializeResult,
  Row,
  RunScope,
} from "../engine.ts";
import {
  incrementalConfig,
  isStoredTable,
  snapshotConfig,
} from "../materializations.ts";
import { SqlError } from "../sql-error.ts";
import { acquireCatalogLock } from "./catalog-lock.ts";
import { readQueryResult } from "./query-table.ts";
import { duckdbDialect, literal } from "./dialect.ts";
import {
  incrementalQuery,
  targetColumns,
  type WrappedQuery,
} from "./incremental.ts";
import {
  partitionName,
  partitionPaths,
  publishPartitions,
  recoverPublishes,
} from "./partitions.ts";
import { ConnectionPool, Mutex } from "./pool.ts";
import { snapshotQuery } from "./snapshot.ts";

const quote = (name: string): string => duckdbDialect.quoteIdentifier(name);

/**
 * Loads @duckdb/node-api on first use, so commands that never open the
 * catalog (compile, ls) skip the native module. It is loaded with require
 * because import() of this CommonJS package first scans every file it
 * re-exports for their export names: 0.44-0.56 s against 0.16-0.22 s with
 * require, measured with Node 20 on the 2-core benchmark machine.
 */
export function loadDuckDB(): typeof DuckDBApi {
  const load = createRequire(import.meta.url);
  return load("@duckdb/node-api") as typeof DuckDBApi;
}

/** Schema of the views over stored test failures. */
const failureSchema = "test_failures";

/** Wraps a node's SQL so its first line is line 2 of the statement. */
function wrap(prefix: string, sql: string, suffix = ""): string {
  // Only the end is trimmed: leading lines keep the line numbers mapped.
  const body = sql.replace(/\s+$/, "").replace(/;$/, "");
  return `${prefix}\n${body}\n)${suffix}`;
}

function toSqlError(error: unknown, wrapped: boolean): SqlError {
  const message = error instanceof Error ? error.message : String(error);
  const line = /LINE (\d+):/.exec(message);
  const statementLine = line ? Number(line[1]) : undefined;
  const modelLine =
    statementLine === undefined
      ? undefined
      : wrapped
        ? statementLine - 1
        : statementLine;
  const text = message.replace(/\n+LINE \d+:[\s\S]*$/, "").trim();
  return new SqlError(text, modelLine && modelLine > 0 ? modelLine : undefined);
}

/**
 * The DuckDB engine: one catalog file, tables stored as Hive-partitioned
 * Parquet under `target/warehouse`, a view per table in the catalog.
 */
export class DuckDBEngine implements Engine {
  readonly dialect = duckdbDialect;
  private instance?: DuckDBInstance;
  private pool?: ConnectionPool;
  private releaseLock?: () => Promise<void>;
  private readonly ddl = new Mutex();
  private readonly warehouse: string;
  private readonly catalogPath: string;
  /** View definitions replaced by the running run, restored by `discard`. */
  private readonly replacedViews = new Map<string, string | null>();
  /** Models the running run wrote data for under `.staging/`. */
  private readonly stagedModels = new Set<string>();
  /**
   * Definitions of the catalog's views by relation, read in one query and
   * reused until SQL from outside the engine (a hook, `run_query`) may have
   * changed them: one lookup per replaced view cost about 8 ms each.
   */
  private viewDefinitions?: Promise<Map<string, string>>;

  constructor(private readonly options: EngineOptions) {
    this.warehouse = path.join(options.targetDir, "warehouse");
    this.catalogPath =
      options.catalogPath ?? path.join(options.targetDir, "strata.duckdb");
  }

  async open(): Promise<void> {
    await mkdir(path.dirname(this.catalogPath), { recursive: true });
    this.releaseLock = await acquireCatalogLock(
      `${this.catalogPath}.lock`,
      this.options.holder,
      this.options.lockTimeoutMs,
      this.options.events,
    );
    try {
      // DuckDB keeps its own thread count (every core by default); strata's
      // threads are the number of models built at once, one connection each.
      const { DuckDBInstance } = loadDuckDB();
      this.instance = await DuckDBInstance.create(this.catalogPath, {
        autoinstall_known_extensions: "false",
      });
      const connections: DuckDBConnection[] = [];
      for (let i = 0; i < Math.max(1, this.options.threads); i++) {
        const connection = await this.instance.connect();
        connections.push(connection);
      }
      this.pool = new ConnectionPool(connections);
      for (const [key, value] of Object.entries(this.options.settings)) {
        await this.execute(
          `SET ${key} = ${typeof value === "string" ? literal(value) : String(value)}`,
        );
      }
      // A run killed before it published can leave views on its staged
      // data. Holding the lock, repair them before anything reads the
      // catalog, so every command reads published data only.
      await recoverPublishes(this.warehouse);
      await this.repointStagedViews();
    } catch (error) {
      await this.close();
      if (error instanceof StrataError) throw error;
      throw new StrataError({
        code: "engine-error",
        message: `could not open the DuckDB catalog ${this.catalogPath}: ${error instanceof Error ? error.message : String(error)}`,
        hint: "Check that the file is a DuckDB database of a compatible version, or remove target/ with `strata clean`.",
      });
    }
  }

  async close(): Promise<void> {
    this.pool?.closeAll();
    this.pool = undefined;
    this.instance?.closeSync();
    this.instance = undefined;
    await this.releaseLock?.();
    this.releaseLock = undefined;
  }

  async beginRun(scope: RunScope): Promise<void> {
    // Interrupted runs were repaired by open(), and each country's run ends
    // with publish or discard, so there is nothing left to recover here.
    this.replacedViews.clear();
    this.stagedModels.clear();
    this.viewDefinitions = undefined;
    if (scope.country !== null) {
      await this.execute(`CREATE SCHEMA IF NOT EXISTS ${quote(scope.country)}`);
    }
  }

  async loadSeed(seed: SeedNode, csvPath: string): Promise<MaterializeResult> {
    // As in dbt, a column type for a column the CSV lacks is ignored, so
    // one folder-wide column_types can serve seeds of different shapes.
    const header = await this.query(
      `DESCRIBE SELECT * FROM read_csv(${literal(csvPath)}, header = true, auto_detect = true)`,
    );
    const present = new Set(header.map((row) => String(row.column_name)));
    const types = Object.entries(seed.config.columnTypes)
      .filter(([column]) => present.has(column))
      .map(([column, type]) => `${literal(column)}: ${literal(type)}`)
      .join(", ");
    const options = types ? `, types = {${types}}` : "";
    await this.ddl.run(() =>
      this.execute(
        `CREATE OR REPLACE TABLE ${seed.relation} AS SELECT * FROM read_csv(${literal(csvPath)}, header = true, auto_detect = true${options})`,
      ),
    );
    const [count] = await this.query(
      `SELECT count(*) AS n FROM ${seed.relation}`,
    );
    return { rows: Number(count!.n) };
  }

  async materialize(
    model: ModelNode,
    scope: RunScope,
  ): Promise<MaterializeResult> {
    if (model.config.materialized === "ephemeral") return {};
    if (model.config.materialized === "view") {
      await this.replaceView(model.relation, model.compiledSql);
      return {};
    }
    return this.writeTable(model, scope);
  }

  private async writeTable(
    model: ModelNode,
    scope: RunScope,
  ): Promise<MaterializeResult> {
    const partitioned =
      model.config.partitionByCountry && scope.country !== null;
    const paths = partitionPaths(
      this.warehouse,
      model.name,
      partitioned ? scope.country : null,
      scope.runId,
    );
    this.stagedModels.add(model.name);
    await mkdir(paths.staged, { recursive: true });
    const query = await this.tableQuery(
      model,
      scope,
      partitioned,
      paths.published,
    );
    const file = path.join(paths.staged, "data_0.parquet");
    const statement = wrap(
      `COPY (${query.prefix}`,
      model.compiledSql,
      `${query.suffix}) TO ${literal(file)} (FORMAT parquet)`,
    );
    const rows = await this.pool!.use(async (connection) => {
      try {
        const result = await connection.run(statement);
        return Number(result.rowsChanged);
      } catch (error) {
        throw toSqlError(error, true);
      }
    });
    await this.replaceView(
      model.relation,
      this.readPartition(paths.staged, partitioned),
    );
    return { rows };
  }

  /**
   * The query writing a stored model's new partition: the model's rows for
   * a table, merged with the previous partition (`published`) for an
   * incremental model or a snapshot. The previous partition is read from
   * its files, so the new one is written whole and swapped in at publish.
   * A partitioned table leaves out the model's `country` column, which the
   * folder name `country=<cc>` stores.
   */
  private async tableQuery(
    model: ModelNode,
    scope: RunScope,
    partitioned: boolean,
    published: string,
  ): Promise<WrappedQuery> {
    // A plain table needs no DESCRIBE of the model's query, which cost
    // about a fifth of the COPY itself on a 200-model build.
    const plain = {
      prefix: partitioned
        ? "SELECT COLUMNS(lambda c: c <> 'country') FROM ("
        : "SELECT * FROM (",
      suffix: "",
    };
    const previous = existsSync(published)
      ? this.readPartition(published, false).replace(/^SELECT \* FROM /, "")
      : undefined;
    const previousColumns = async (): Promise<string[]> =>
      this.columnsOf(`SELECT * FROM ${previous}`);
    const modelColumns = async (): Promise<string[]> => {
      const columns = await this.columnsOf(model.compiledSql);
      return partitioned ? columns.filter((c) => c !== "country") : columns;
    };
    if (model.config.materialized === "snapshot") {
      return snapshotQuery(
        model,
        snapshotConfig(model),
        await modelColumns(),
        previous === undefined
          ? undefined
          : { relation: previous, columns: await previousColumns() },
        scope.startedAt ?? new Date(),
      );
    }
    if (
      model.config.materialized !== "incremental" ||
      !model.isIncremental ||
      previous === undefined
    ) {
      return plain;
    }
    const config = incrementalConfig(model);
    const columns = await modelColumns();
    const target = targetColumns(
      model,
      config,
      columns,
      await previousColumns(),
    );
    return incrementalQuery(model, config, columns, target, previous);
  }

  // NOTE: views name the Parquet folders by absolute path, because DuckDB
  // resolves relative paths against the working directory, not the catalog.
  // A project folder that moves needs its tables built again.
  private readPartition(folder: string, partitioned: boolean): string {
    const glob = literal(path.join(folder, "*.parquet"));
    return `SELECT * FROM read_parquet(${glob}, hive_partitioning = ${partitioned})`;
  }

  private async columnsOf(sql: string): Promise<string[]> {
    const rows = await this.pool!.use(async (connection) => {
      try {
        const reader = await connection.runAndReadAll(wrap("DESCRIBE (", sql));
        return reader.getRowObjectsJson();
      } catch (error) {
        throw toSqlError(error, true);
      }
    });
    return rows.map((row) => String(row.column_name));
  }

  private async replaceView(relation: string, sql: string): Promise<void> {
    if (!this.replacedViews.has(relation)) {
      const definitions = await this.currentViewDefinitions();
      this.replacedViews.set(relation, definitions.get(relation) ?? null);
    }
    // Not under the DDL mutex: each model's view is replaced once per run,
    // after its parents, and DuckDB commits views of different names from
    // several connections at once.
    await this.pool!.use(async (connection) => {
      try {
        await connection.run(
          wrap(`CREATE OR REPLACE VIEW ${relation} AS (`, sql),
        );
      } catch (error) {
        throw toSqlError(error, true);
      }
    });
  }

  private currentViewDefinitions(): Promise<Map<string, string>> {
    this.viewDefinitions ??= this.readViewDefinitions();
    return this.viewDefinitions;
  }

  private async readViewDefinitions(): Promise<Map<string, string>> {
    const rows = await this.pool!.use(async (connection) => {
      const reader = await connection.runAndReadAll(
        "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal",
      );
      return reader.getRowObjectsJson();
    });
    const definitions = new Map<string, string>();
    for (const row of rows) {
      const relation = this.dialect.relationName(
        String(row.schema_name),
        String(row.view_name),
      );
      definitions.set(relation, String(row.sql));
    }
    return definitions;
  }

  async countFailures(test: TestNode): Promise<number> {
    const rows = await this.pool!.use(async (connection) => {
      try {
        const reader = await connection.runAndReadAll(
          wrap(
            "SELECT count(*) AS failures FROM (",
            test.compiledSql,
            " AS strata_test",
          ),
        );
        return reader.getRowObjectsJson();
      } catch (error) {
        throw toSqlError(error, true);
      }
    });
    return Number(rows[0]!.failures);
  }

  async storeFailures(test: TestNode, scope: RunScope): Promise<string> {
    const folder = path.join(
      this.options.targetDir,
      "test_failures",
      test.name,
    );
    await mkdir(folder, { recursive: true });
    const file = path.join(
      folder,
      `${scope.runId}_${scope.country ?? "all"}.parquet`,
    );
    const storedAt = (scope.startedAt ?? new Date()).toISOString();
    const columns = [
      `${literal(scope.runId)} AS strata_run_id`,
      `${scope.country === null ? "CAST(NULL AS VARCHAR)" : literal(scope.country)} AS strata_country`,
      `CAST(${literal(storedAt)} AS TIMESTAMPTZ) AS strata_stored_at`,
    ];
    await this.pool!.use(async (connection) => {
      try {
        await connection.run(
          wrap(
            `COPY (SELECT ${columns.join(", ")}, * FROM (`,
            test.compiledSql,
            `) TO ${literal(file)} (FORMAT parquet)`,
          ),
        );
      } catch (error) {
        throw toSqlError(error, true);
      }
    });
    const relation = `${quote(failureSchema)}.${quote(test.name)}`;
    const glob = literal(path.join(folder, "*.parquet"));
    await this.ddl.run(async () => {
      await this.execute(`CREATE SCHEMA IF NOT EXISTS ${quote(failureSchema)}`);
      await this.execute(
        `CREATE OR REPLACE VIEW ${relation} AS SELECT * FROM read_parquet(${glob}, union_by_name = true)`,
      );
    });
    return relation;
  }

  async publish(models: readonly ModelNode[], scope: RunScope): Promise<void> {
    const tables = models.filter((m) => isStoredTable(m.config));
    const swaps = tables.map((model) => {
      const partitioned =
        model.config.partitionByCountry && scope.country !== null;
      return partitionPaths(
        this.warehouse,
        model.name,
        partitioned ? scope.country : null,
        scope.runId,
      );
    });
    await publishPartitions(this.warehouse, scope.runId, swaps);
    const statements = tables.flatMap((model, index) =>
      this.publishedViews(model, swaps[index]!.published, scope),
    );
    await this.ddl.run(() => this.executeInTransaction(statements));
    for (const model of models) this.replacedViews.delete(model.relation);
  }

  /**
   * Returns the DDL pointing a published table's views at its data: its
   * own relation at the partition, and `main.<model>` at every published
   * partition. Without countries the two are the same view.
   */
  private publishedViews(
    model: ModelNode,
    published: string,
    scope: RunScope,
  ): string[] {
    const partitioned =
      model.config.partitionByCountry && scope.country !== null;
    const own = `CREATE OR REPLACE VIEW ${model.relation} AS ${this.readPartition(published, partitioned)}`;
    const union = this.dialect.relationName("main", model.name);
    if (!partitioned) {
      const folder = path.join(this.warehouse, model.name, partitionName(null));
      const unionView = `CREATE OR REPLACE VIEW ${union} AS ${this.readPartition(folder, false)}`;
      return model.relation === union ? [own] : [own, unionView];
    }
    const glob = literal(
      path.join(this.warehouse, model.name, "country=*", "*.parquet"),
    );
    return [
      own,
      `CREATE OR REPLACE VIEW ${union} AS SELECT * FROM read_parquet(${glob}, hive_partitioning = true, union_by_name = true)`,
    ];
  }

  /**
   * Executes DDL statements in one transaction on one connection: each
   * statement committed alone costs a write-ahead log flush, about 3 ms a
   * view on the benchmark machine against 0.5 ms inside a transaction.
   */
  private async executeInTransaction(
    statements: readonly string[],
  ): Promise<void> {
    if (statements.length === 0) return;
    this.viewDefinitions = undefined;
    await this.pool!.use(async (connection) => {
      await connection.run("BEGIN TRANSACTION");
      try {
        for (const statement of statements) await connection.run(statement);
        await connection.run("COMMIT");
      } catch (error) {
        await connection.run("ROLLBACK");
        throw toSqlError(error, false);
      }
    });
  }

  async discard(scope: RunScope): Promise<void> {
    const restores = [...this.replacedViews].map(([relation, definition]) =>
      definition === null
        ? `DROP VIEW IF EXISTS ${relation}`
        : definition.replace(/^CREATE VIEW/i, "CREATE OR REPLACE VIEW"),
    );
    await this.ddl.run(() => this.executeInTransaction(restores));
    this.replacedViews.clear();
    if (!existsSync(this.warehouse)) return;
    await recoverPublishes(this.warehouse, this.stagedModels);
    this.stagedModels.clear();
    void scope;
  }

  /** Re-points views a killed run left on staged data at the published data. */
  private async repointStagedViews(): Promise<void> {
    const rows = await this.query(
      `SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal AND sql LIKE '%/.staging/%'`,
    );
    for (const row of rows) {
      const schema = String(row.schema_name);
      const name = String(row.view_name);
      const partitioned = schema !== "main";
      const folder = path.join(
        this.warehouse,
        name,
        partitionName(partitioned ? schema : null),
      );
      const relation = `${quote(schema)}.${quote(name)}`;
      const replacement = existsSync(folder)
        ? `CREATE OR REPLACE VIEW ${relation} AS ${this.readPartition(folder, partitioned)}`
        : `DROP VIEW ${relation}`;
      await this.execute(replacement);
    }
  }

  async query(sql: string, limit?: number): Promise<Row[]> {
    this.viewDefinitions = undefined;
    return this.pool!.use(async (connection) => {
      try {
        const text =
          limit === undefined
            ? sql
            : wrap("SELECT * FROM (", sql, ` LIMIT ${limit}`);
        const reader = await connection.runAndReadAll(text);
        return reader.getRowObjectsJson() as Row[];
      } catch (error) {
        throw toSqlError(error, limit !== undefined);
      }
    });
  }

  async queryTable(sql: string): Promise<QueryResult> {
    this.viewDefinitions = undefined;
    return this.pool!.use(async (connection) => {
      try {
        return await readQueryResult(connection, sql);
      } catch (error) {
        throw toSqlError(error, false);
      }
    });
  }

  async execute(sql: string): Promise<void> {
    this.viewDefinitions = undefined;
    await this.pool!.use(async (connection) => {
      try {
        await connection.run(sql);
      } catch (error) {
        throw toSqlError(error, false);
      }
    });
  }

  async existingModels(country: string | null): Promise<ReadonlySet<string>> {
    const found = new Set<string>();
    if (!existsSync(this.warehouse)) return found;
    for (const model of await readdir(this.warehouse)) {
      if (model.startsWith(".")) continue;
      const partitions = [partitionName(country), partitionName(null)];
      if (
        partitions.some((p) => existsSync(path.join(this.warehouse, model, p)))
      )
        found.add(model);
    }
    return found;
  }

  /** Names of the published table partitions of a model, for listings. */
  async publishedPartitions(model: string): Promise<string[]> {
    const folder = path.join(this.warehouse, model);
    if (!existsSync(folder)) return [];
    return (await readdir(folder)).filter((name) => !name.startsWith("."));
  }
}
