import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

const sources = `sources:
  - name: landing
    tables:
      - name: contracts
        format: csv
        path: landing/contracts.csv
        options: { header: true, all_varchar: true }
`;

function contracts(rows: readonly string[]): string {
  return `contract_id,status,updated_at\n${rows.join("\n")}\n`;
}

const timestampSnapshot = `{{ config(materialized='snapshot', strategy='timestamp', unique_key='contract_id', updated_at='updated_at') }}
select contract_id, status, updated_at from {{ source('landing', 'contracts') }}
`;

const checkSnapshot = `{{ config(materialized='snapshot', strategy='check', unique_key='contract_id', check_cols=['status'], hard_deletes='invalidate') }}
select contract_id, status from {{ source('landing', 'contracts') }}
`;

async function history(dir: string): Promise<Record<string, unknown>[]> {
  return queryCatalog(
    dir,
    `select contract_id, status, dbt_valid_from::varchar as valid_from,
       dbt_valid_to::varchar as valid_to
     from main.contract_history order by contract_id, dbt_valid_from`,
  );
}

describe("snapshots", () => {
  it("timestamp strategy keeps every version", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "models/contract_history.sql": timestampSnapshot,
      "landing/contracts.csv": contracts([
        "c1,active,2026-01-01 00:00:00",
        "c2,active,2026-01-01 00:00:00",
      ]),
    });
    expect((await runCli(["snapshot", "--project-dir", dir])).code).toBe(0);
    await writeFiles(dir, {
      "landing/contracts.csv": contracts([
        "c1,returned,2026-02-01 00:00:00",
        "c2,active,2026-01-01 00:00:00",
        "c3,active,2026-02-01 00:00:00",
      ]),
    });

    const second = await runCli(["snapshot", "--project-dir", dir]);

    expect(second.code).toBe(0);
    expect(await history(dir)).toEqual([
      {
        contract_id: "c1",
        status: "active",
        valid_from: "2026-01-01 00:00:00",
        valid_to: "2026-02-01 00:00:00",
      },
      {
        contract_id: "c1",
        status: "returned",
        valid_from: "2026-02-01 00:00:00",
        valid_to: null,
      },
      {
        contract_id: "c2",
        status: "active",
        valid_from: "2026-01-01 00:00:00",
        valid_to: null,
      },
      {
        contract_id: "c3",
        status: "active",
        valid_from: "2026-02-01 00:00:00",
        valid_to: null,
      },
    ]);
  });

  it("an unchanged rerun adds no version", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "models/contract_history.sql": timestampSnapshot,
      "landing/contracts.csv": contracts(["c1,active,2026-01-01 00:00:00"]),
    });
    await runCli(["snapshot", "--project-dir", dir]);
    await runCli(["snapshot", "--project-dir", dir]);

    const rows = await queryCatalog(
      dir,
      "select count(*)::integer as n, count(distinct dbt_scd_id)::integer as ids from main.contract_history",
    );
    expect(rows).toEqual([{ n: 1, ids: 1 }]);
  });

  it("check strategy closes changed and deleted rows", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "models/contract_history.sql": checkSnapshot,
      "landing/contracts.csv": contracts([
        "c1,active,x",
        "c2,active,x",
        "c3,active,x",
      ]),
    });
    await runCli(["snapshot", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/contracts.csv": contracts(["c1,returned,x", "c2,active,x"]),
    });

    expect((await runCli(["snapshot", "--project-dir", dir])).code).toBe(0);
    const rows = await queryCatalog(
      dir,
      `select contract_id, status, dbt_valid_to is null as current
       from main.contract_history order by contract_id, dbt_valid_from`,
    );
    expect(rows).toEqual([
      { contract_id: "c1", status: "active", current: false },
      { contract_id: "c1", status: "returned", current: true },
      { contract_id: "c2", status: "active", current: true },
      { contract_id: "c3", status: "active", current: false },
    ]);
  });

  it("run skips snapshots and build runs them", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "models/contract_history.sql": timestampSnapshot,
      "landing/contracts.csv": contracts(["c1,active,2026-01-01 00:00:00"]),
    });

    const run = await runCli(["run", "--project-dir", dir]);
    expect(run.err).not.toContain("contract_history");

    const build = await runCli(["build", "--project-dir", dir]);
    expect(build.code).toBe(0);
    expect(await history(dir)).toHaveLength(1);
  });

  it("reads dbt snapshot blocks from snapshots/", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "snapshots/contracts.sql": `-- history of contract statuses
{% snapshot contract_history %}
{{ config(strategy='check', unique_key='contract_id', check_cols='all') }}
select contract_id, status from {{ source('landing', 'contracts') }}
{% endsnapshot %}
`,
      "landing/contracts.csv": contracts(["c1,active,x"]),
    });
    await runCli(["snapshot", "--project-dir", dir]);
    await writeFiles(dir, {
      "landing/contracts.csv": contracts(["c1,returned,x"]),
    });

    const result = await runCli(["snapshot", "--project-dir", dir]);

    expect(result.code).toBe(0);
    const rows = await queryCatalog(
      dir,
      `select status, dbt_valid_to is null as current
       from main.contract_history order by dbt_valid_from`,
    );
    expect(rows).toEqual([
      { status: "active", current: false },
      { status: "returned", current: true },
    ]);
  });

  it("an unclosed snapshot block is named", async () => {
    const dir = await writeProject({
      "snapshots/contracts.sql": "{% snapshot contract_history %}\nselect 1\n",
    });

    const result = await runCli(["snapshot", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "snapshots/contracts.sql opens a {% snapshot %} block that is not closed",
    );
    expect(result.err).toContain("End the block with {% endsnapshot %}.");
  });

  it("a snapshot may not reuse a model name", async () => {
    const dir = await writeProject({
      "models/contract_history.sql": "select 1 as id\n",
      "snapshots/contract_history.sql": "select 1 as id\n",
    });

    const result = await runCli(["snapshot", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "model contract_history is defined twice: in models/contract_history.sql and in snapshots/contract_history.sql",
    );
  });

  it("timestamp strategy needs updated_at", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "models/contract_history.sql": `{{ config(materialized='snapshot', strategy='timestamp', unique_key='contract_id') }}
select contract_id, status from {{ source('landing', 'contracts') }}
`,
      "landing/contracts.csv": contracts(["c1,active,x"]),
    });

    const result = await runCli(["snapshot", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "snapshot contract_history uses strategy timestamp but sets no updated_at",
    );
    expect(result.err).toContain("Set updated_at to the column");
  });

  it("a missing unique_key column is named", async () => {
    const dir = await writeProject({
      "sources.yml": sources,
      "models/contract_history.sql": `{{ config(materialized='snapshot', strategy='check', unique_key='id', check_cols='all') }}
select contract_id, status from {{ source('landing', 'contracts') }}
`,
      "landing/contracts.csv": contracts(["c1,active,x"]),
    });

    const result = await runCli(["snapshot", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "snapshot contract_history names id in its config, but its query has no such column (columns: contract_id, status)",
    );
  });
});
