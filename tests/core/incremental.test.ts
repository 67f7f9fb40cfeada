import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

/** A landing CSV per country; each test rewrites it between runs. */
const sources = `sources:
  - name: landing
    tables:
      - name: events
        format: csv
        path: "landing/{{ country }}/events.csv"
        options: { header: true }
`;

function events(rows: readonly string[]): string {
  return `id,amount,updated_at\n${rows.join("\n")}\n`;
}

function incrementalModel(config: string, extra = ""): string {
  return `{{ config(materialized='incremental'${config}) }}
select id, amount, updated_at${extra}
from {{ source('landing', 'events') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
`;
}

async function project(
  model: string,
  frRows: readonly string[],
): Promise<string> {
  return writeProject({
    "countries.yml": twoCountries,
    "sources.yml": sources,
    "models/events_inc.sql": model,
    "landing/fr/events.csv": events(frRows),
    "landing/de/events.csv": events(["100,1,2026-01-01"]),
  });
}

async function rows(dir: string): Promise<Record<string, unknown>[]> {
  return queryCatalog(
    dir,
    "select id::integer as id, amount::integer as amount from fr.events_inc order by id, amount",
  );
}

describe("incremental models", () => {
  it("append adds only the new rows", async () => {
    const dir = await project(incrementalModel(""), [
      "1,10,2026-01-01",
      "2,20,2026-01-02",
    ]);
    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);

    await writeFiles(dir, {
      "landing/fr/events.csv": events([
        "1,10,2026-01-01",
        "2,20,2026-01-02",
        "3,30,2026-01-03",
      ]),
    });
    const second = await runCli(["run", "--project-dir", dir]);

    expect(second.code).toBe(0);
    expect(await rows(dir)).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
      { id: 3, amount: 30 },
    ]);
    const compiled = await readFile(
      path.join(dir, "target/compiled/fr/models/events_inc.sql"),
      "utf8",
    );
    expect(compiled).toContain(
      'where updated_at > (select max(updated_at) from "fr"."events_inc")',
    );
  });

  it("compiles without the filter on the first run", async () => {
    const dir = await project(incrementalModel(""), ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);

    const compiled = await readFile(
      path.join(dir, "target/compiled/fr/models/events_inc.sql"),
      "utf8",
    );
    expect(compiled).not.toContain("where updated_at >");
  });

  it("merge replaces rows with the same unique_key", async () => {
    const model = `{{ config(materialized='incremental', unique_key='id') }}
select id, amount from {{ source('landing', 'events') }}
{% if is_incremental() %}where updated_at >= '2026-02-01'{% endif %}
`;
    const dir = await project(model, ["1,10,2026-01-01", "2,20,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events([
        "1,10,2026-01-01",
        "2,25,2026-02-01",
        "3,30,2026-02-01",
      ]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    expect(await rows(dir)).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 25 },
      { id: 3, amount: 30 },
    ]);
  });

  it("merge_update_columns keeps other columns", async () => {
    const model = `{{ config(materialized='incremental', unique_key='id', merge_update_columns=['amount']) }}
select id, amount, updated_at from {{ source('landing', 'events') }}
`;
    const dir = await project(model, ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["1,15,2026-03-01"]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    const result = await queryCatalog(
      dir,
      "select amount::integer as amount, updated_at::varchar as updated_at from fr.events_inc",
    );
    expect(result).toEqual([{ amount: 15, updated_at: "2026-01-01" }]);
  });

  it("delete+insert replaces every row of a key", async () => {
    const model = `{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='id') }}
select id, amount from {{ source('landing', 'events') }}
`;
    const dir = await project(model, [
      "1,10,2026-01-01",
      "1,11,2026-01-01",
      "2,20,2026-01-01",
    ]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["1,12,2026-02-01", "1,13,2026-02-01"]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    expect(await rows(dir)).toEqual([
      { id: 1, amount: 12 },
      { id: 1, amount: 13 },
      { id: 2, amount: 20 },
    ]);
  });

  it("insert_overwrite replaces the partition values present", async () => {
    const model = `{{ config(materialized='incremental', incremental_strategy='insert_overwrite', partition_by='updated_at') }}
select id, amount, updated_at from {{ source('landing', 'events') }}
`;
    const dir = await project(model, [
      "1,10,2026-01-01",
      "2,20,2026-01-02",
      "3,30,2026-01-02",
    ]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["4,40,2026-01-02"]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    expect(await rows(dir)).toEqual([
      { id: 1, amount: 10 },
      { id: 4, amount: 40 },
    ]);
  });

  it("insert_overwrite rebuilds one country only", async () => {
    const model = `{{ config(materialized='incremental', incremental_strategy='insert_overwrite') }}
select id, amount, updated_at from {{ source('landing', 'events') }}
`;
    const dir = await project(model, ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    const deFile = path.join(
      dir,
      "target/warehouse/events_inc/country=de/data_0.parquet",
    );
    const before = await readFile(deFile);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["5,50,2026-05-01"]),
      "landing/de/events.csv": events(["999,9,2026-05-01"]),
    });

    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(0);
    expect(await readFile(deFile)).toEqual(before);
    const all = await queryCatalog(
      dir,
      "select country, id::integer as id from main.events_inc order by country, id",
    );
    expect(all).toEqual([
      { country: "de", id: 100 },
      { country: "fr", id: 5 },
    ]);
  });

  it("--full-refresh rebuilds from scratch", async () => {
    const dir = await project(incrementalModel(""), ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["7,70,2025-01-01"]),
    });

    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--full-refresh",
    ]);

    expect(result.code).toBe(0);
    expect(await rows(dir)).toEqual([{ id: 7, amount: 70 }]);
  });

  it("full_refresh false keeps the data", async () => {
    const dir = await project(incrementalModel(", full_refresh=false"), [
      "1,10,2026-01-01",
    ]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["2,20,2026-02-01"]),
    });

    await runCli(["run", "--project-dir", dir, "--full-refresh"]);

    expect(await rows(dir)).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
  });

  it("a failed run leaves the previous partition whole", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "sources.yml": sources,
      "models/events_inc.sql": incrementalModel(""),
      "models/events_inc.yml": `models:
  - name: events_inc
    columns:
      - name: amount
        tests: [not_null]
`,
      "landing/fr/events.csv": events(["1,10,2026-01-01"]),
      "landing/de/events.csv": events(["100,1,2026-01-01"]),
    });
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/fr/events.csv": events(["1,10,2026-01-01", "2,,2026-02-01"]),
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(await rows(dir)).toEqual([{ id: 1, amount: 10 }]);
  });

  it("on_schema_change ignore drops new columns", async () => {
    const dir = await project(incrementalModel(""), ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "models/events_inc.sql": incrementalModel("", ", 'x' as note"),
      "landing/fr/events.csv": events(["1,10,2026-01-01", "2,20,2026-02-01"]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    const columns = await queryCatalog(
      dir,
      "select column_name from (describe fr.events_inc)",
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      "id",
      "amount",
      "updated_at",
      "country",
    ]);
    expect(await rows(dir)).toHaveLength(2);
  });

  it("on_schema_change append_new_columns adds them", async () => {
    const config = ", on_schema_change='append_new_columns'";
    const dir = await project(incrementalModel(config), ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "models/events_inc.sql": incrementalModel(config, ", 'x' as note"),
      "landing/fr/events.csv": events(["1,10,2026-01-01", "2,20,2026-02-01"]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    const result = await queryCatalog(
      dir,
      "select id::integer as id, note from fr.events_inc order by id",
    );
    expect(result).toEqual([
      { id: 1, note: null },
      { id: 2, note: "x" },
    ]);
  });

  it("on_schema_change sync_all_columns drops old columns", async () => {
    const config = ", on_schema_change='sync_all_columns'";
    const dir = await project(incrementalModel(config), ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "models/events_inc.sql": `{{ config(materialized='incremental'${config}) }}
select id, updated_at, 'x' as note from {{ source('landing', 'events') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
`,
      "landing/fr/events.csv": events(["1,10,2026-01-01", "2,20,2026-02-01"]),
    });

    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    const result = await queryCatalog(
      dir,
      "select id::integer as id, note from fr.events_inc order by id",
    );
    expect(result).toEqual([
      { id: 1, note: null },
      { id: 2, note: "x" },
    ]);
    const columns = await queryCatalog(
      dir,
      "select column_name from (describe fr.events_inc)",
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      "id",
      "updated_at",
      "note",
      "country",
    ]);
  });

  it("on_schema_change fail names the columns", async () => {
    const config = ", on_schema_change='fail'";
    const dir = await project(incrementalModel(config), ["1,10,2026-01-01"]);
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "models/events_inc.sql": incrementalModel(config, ", 'x' as note"),
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "the columns of incremental model events_inc changed (added note) and on_schema_change is fail",
    );
    expect(result.err).toContain("Run with --full-refresh");
    expect(await rows(dir)).toEqual([{ id: 1, amount: 10 }]);
  });

  it("merge without unique_key is rejected", async () => {
    const dir = await project(
      incrementalModel(", incremental_strategy='merge'"),
      ["1,10,2026-01-01"],
    );
    await runCli(["run", "--project-dir", dir]);

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "incremental_strategy merge of model events_inc needs a unique_key",
    );
    expect(result.err).toContain("Set unique_key");
  });

  it("unknown strategy is rejected", async () => {
    const dir = await project(
      incrementalModel(", incremental_strategy='upsert'"),
      ["1,10,2026-01-01"],
    );
    await runCli(["run", "--project-dir", dir]);

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'incremental_strategy "upsert" of model events_inc is not supported',
    );
    expect(result.err).toContain(
      "Use one of: append, merge, delete+insert, insert_overwrite.",
    );
  });

  it("unique_key must be a selected column", async () => {
    const dir = await project(incrementalModel(", unique_key='event_id'"), [
      "1,10,2026-01-01",
    ]);
    await runCli(["run", "--project-dir", dir]);

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "column event_id named by the config of incremental model events_inc is not among its columns",
    );
    expect(existsSync(path.join(dir, "target/warehouse/events_inc"))).toBe(
      true,
    );
  });
});
