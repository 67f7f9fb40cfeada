import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SourceNode } from "../compile/index.ts";
import { SqlError } from "../engines/index.ts";
import type { SourceTable } from "../project/index.ts";
import { openSession, type SessionOptions } from "./project-session.ts";

/** Options of `strata source freshness`; `select` names tables as `source.table`. */
export interface FreshnessOptions extends SessionOptions {
  readonly select?: readonly string[];
  /** The time ages are measured from; the clock when unset. */
  readonly now?: Date;
}

type Limit = NonNullable<NonNullable<SourceTable["freshness"]>["warn_after"]>;

/** The freshness of one source table for one country. */
export interface FreshnessResult {
  readonly unique_id: string;
  readonly country: string | null;
  readonly status: "pass" | "warn" | "error" | "runtime error";
  readonly max_loaded_at?: string;
  readonly snapshotted_at: string;
  readonly age_seconds?: number;
  readonly criteria: {
    readonly warn_after?: Limit;
    readonly error_after?: Limit;
    readonly filter?: string;
  };
  readonly message?: string;
}

const periodSeconds = { minute: 60, hour: 3600, day: 86_400 } as const;

/**
 * Checks the source tables that declare `freshness` in sources.yml: reads
 * the latest `loaded_at_field` (optionally under `filter`) for each country
 * and compares its age with `warn_after` and `error_after`. Timestamps
 * without a time zone are taken as UTC. Writes target/sources.json.
 */
export async function checkFreshness(
  options: FreshnessOptions,
): Promise<FreshnessResult[]> {
  const session = await openSession(options);
  const now = options.now ?? new Date();
  const tables = session.project.sources.filter(
    (t) =>
      t.freshness !== undefined &&
      (options.select === undefined ||
        options.select.some((s) =>
          [
            `${t.sourceName}.${t.name}`,
            `source:${t.sourceName}.${t.name}`,
            `source:${t.sourceName}`,
            t.sourceName,
          ].includes(s),
        )),
  );
  const checks = session.countries.flatMap((country) => {
    const compiled = session.compile(country);
    return tables.map((table) => ({
      country,
      table,
      node: compiled.nodes.get(
        `source.${table.sourceName}.${table.name}`,
      ) as SourceNode,
    }));
  });
  const results = await session.withEngine(async (engine) => {
    const found: FreshnessResult[] = [];
    for (const { country, table, node } of checks) {
      const criteria = {
        warn_after: table.freshness?.warn_after,
        error_after: table.freshness?.error_after,
        filter: table.freshness?.filter,
      };
      const base = {
        unique_id: node.id,
        country,
        snapshotted_at: now.toISOString(),
        criteria,
      };
      if (!table.loaded_at_field) {
        found.push({
          ...base,
          status: "runtime error",
          message: `source ${table.sourceName}.${table.name} has freshness but no loaded_at_field in ${table.file}. Set loaded_at_field to the column holding each row's load time`,
        });
        continue;
      }
      try {
        const where = criteria.filter ? ` WHERE ${criteria.filter}` : "";
        const [row] = await engine.query(
          `SELECT CAST(max(CAST(${table.loaded_at_field} AS TIMESTAMP)) AS VARCHAR) AS max_loaded_at FROM ${node.relation}${where}`,
        );
        const value = row?.max_loaded_at;
        if (value === null || value === undefined) {
          found.push({
            ...base,
            status: "error",
            message: "the source has no rows with a load time",
          });
          continue;
        }
        const loadedAt = new Date(`${String(value).replace(" ", "T")}Z`);
        const age = (now.getTime() - loadedAt.getTime()) / 1000;
        found.push({
          ...base,
          status: exceeds(age, criteria.error_after)
            ? "error"
            : exceeds(age, criteria.warn_after)
              ? "warn"
              : "pass",
          max_loaded_at: loadedAt.toISOString(),
          age_seconds: Math.round(age),
        });
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
        found.push({
          ...base,
          status: "runtime error",
          message: `the freshness query failed: ${error.message}. Check loaded_at_field and filter in ${table.file}`,
        });
      }
    }
    return found;
  });
  const file = path.join(session.project.dir, "target", "sources.json");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ metadata: { generated_at: now.toISOString() }, results }, null, 2)}\n`,
  );
  return results;
}

function exceeds(ageSeconds: number, limit: Limit | undefined): boolean {
  return (
    limit !== undefined &&
    ageSeconds > limit.count * periodSeconds[limit.period]
  );
}
