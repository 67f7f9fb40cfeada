import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

const colors = `{{ config(materialized='table') }}
select * from (values (1, 'red'), (2, 'blue'), (3, 'red')) t(id, color)
`;

describe("run_query", () => {
  it("reads an upstream model built in the same run", async () => {
    const dir = await writeProject({
      "models/colors.sql": colors,
      "models/color_counts.sql": `{{ config(materialized='table') }}
{% if execute %}
  {% set found = run_query("select distinct color from " ~ ref('colors') ~ " order by 1").columns[0].values() %}
{% else %}
  {% set found = [] %}
{% endif %}
select
{% for color in found %}
  count(*) filter (where color = '{{ color }}') as {{ color }}_count,
{% endfor %}
  count(*) as total
from {{ ref('colors') }}
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code, result.err).toBe(0);
    expect(result.code).toBe(0);
    const rows = await queryCatalog(dir, "select * from main.color_counts");
    expect(rows).toEqual([{ blue_count: "1", red_count: "2", total: "3" }]);
  });

  it("sees the upstream rows of each run", async () => {
    const dir = await writeProject({
      "models/colors.sql": colors,
      "models/color_list.sql": `{{ config(materialized='table') }}
{% set colors = run_query("select color from " ~ ref('colors') ~ " order by id") %}
select '{{ colors.columns['color'].values() | join(",") if execute else "" }}' as colors
`,
    });
    await runCli(["run", "--project-dir", dir]);
    await writeFiles(dir, {
      "models/colors.sql": colors.replace("(3, 'red')", "(3, 'green')"),
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(0);
    const rows = await queryCatalog(dir, "select colors from main.color_list");
    expect(rows).toEqual([{ colors: "red,blue,green" }]);
  });

  it("gives rows, column names and attribute access", async () => {
    const dir = await writeProject({
      "models/colors.sql": colors,
      "models/described.sql": `{{ config(materialized='table') }}
{% set table = run_query("select id, color from " ~ ref('colors') ~ " where id < 3 order by id") %}
{% set parts = [] %}
{% for row in table.rows %}{% do parts.append(row.color ~ '=' ~ row[0]) %}{% endfor %}
{% for row in table %}{% do parts.append(row['id'] + 10) %}{% endfor %}
select '{{ table.column_names | join(",") }}' as names,
  '{{ parts | join(" ") }}' as parts,
  {{ table | length }} as row_count,
  '{{ table.column_types[0] }}' as first_type
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code, result.err).toBe(0);
    const rows = await queryCatalog(dir, "select * from main.described");
    expect(rows).toEqual([
      {
        names: "id,color",
        parts: "red=1 blue=2 11 12",
        row_count: 2,
        first_type: "INTEGER",
      },
    ]);
  });

  it("runs each query once, in call order", async () => {
    const dir = await writeProject({
      "strata.yml": `name: queries
on_run_start:
  - "create table if not exists main.calls (n integer)"
`,
      "models/chained.sql": `{{ config(materialized='table') }}
{% do run_query("insert into main.calls values (1)") %}
{% set first = run_query("select count(*) as n from main.calls") %}
{% set n = first.columns[0].values()[0] if execute else 0 %}
{% do run_query("insert into main.calls values (" ~ (n + 1) ~ ")") %}
select {{ n }} as seen
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code, result.err).toBe(0);
    const calls = await queryCatalog(
      dir,
      "select n from main.calls order by n",
    );
    expect(calls).toEqual([{ n: 1 }, { n: 2 }]);
    const seen = await queryCatalog(dir, "select seen from main.chained");
    expect(seen).toEqual([{ seen: 1 }]);
  });

  it("reports a failing query with its SQL", async () => {
    const dir = await writeProject({
      "models/broken.sql": `{% set rows = run_query("select * from no_such_table") %}
select 1 as id
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "a query that model broken runs while rendering failed",
    );
    expect(result.err).toContain("no_such_table");
    expect(result.err).toContain("The query was:");
  });
});

describe("statement and load_result", () => {
  it("returns the fetched rows while executing", async () => {
    const dir = await writeProject({
      "models/colors.sql": colors,
      "models/max_id.sql": `{{ config(materialized='table') }}
{% call statement('max_id', fetch_result=True) %}
  select max(id) as top, count(*) as n from {{ ref('colors') }}
{% endcall %}
{% set result = load_result('max_id') %}
{% if execute %}
select {{ result['data'][0][0] }} as top,
  {{ result.table.columns['n'].values()[0] }} as n,
  {{ result.response.rows_affected }} as result_rows,
  {{ 'true' if load_result('never_stored') is none else 'false' }} as missing_is_none
{% else %}
select 0 as top, 0 as n, 0 as result_rows, false as missing_is_none
{% endif %}
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code, result.err).toBe(0);
    const rows = await queryCatalog(dir, "select * from main.max_id");
    expect(rows).toEqual([
      { top: 3, n: 3, result_rows: 1, missing_is_none: true },
    ]);
  });
});

describe("execute", () => {
  it("is false when compiling and true when running", async () => {
    const dir = await writeProject({
      "models/flag.sql": `{{ config(materialized='table') }}
select {{ 'true' if execute else 'false' }} as executed
`,
    });

    const compiledFile = path.join(
      dir,
      "target",
      "compiled",
      "none",
      "models",
      "flag.sql",
    );

    const compiled = await runCli(["compile", "--project-dir", dir]);
    const text = await readFile(compiledFile, "utf8");
    const run = await runCli(["run", "--project-dir", dir]);

    expect(compiled.code).toBe(0);
    expect(text).toContain("select false as executed");
    expect(run.code).toBe(0);
    const rows = await queryCatalog(dir, "select executed from main.flag");
    expect(rows).toEqual([{ executed: true }]);
    const executed = await readFile(compiledFile, "utf8");
    expect(executed).toContain("select true as executed");
  });
});

describe("adapter.dispatch", () => {
  const macros = `{% macro greet(name) %}{{ return(adapter.dispatch('greet', 'shop')(name)) }}{% endmacro %}
{% macro default__greet(name) %}'hello {{ name }} from default'{% endmacro %}
{% macro duckdb__greet(name) %}'hello {{ name }} from duckdb'{% endmacro %}
{% macro spark__width() %}1{% endmacro %}
{% macro default__width() %}2{% endmacro %}
`;

  it("prefers the engine's macro, then default__", async () => {
    const dir = await writeProject({
      "macros/greet.sql": macros,
      "models/greeting.sql": `{{ config(materialized='table') }}
select {{ greet('ana') }} as greeting,
  {{ adapter.dispatch('width', macro_namespace='shop')() }} as width,
  {{ adapter.quote('a b') }} as quoted
from (select 1 as "a b")
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code, result.err).toBe(0);
    const rows = await queryCatalog(dir, "select * from main.greeting");
    expect(rows).toEqual([
      { greeting: "hello ana from duckdb", width: 2, quoted: 1 },
    ]);
  });

  it("names the macros it searched for when none exists", async () => {
    const dir = await writeProject({
      "models/missing.sql": "select {{ adapter.dispatch('nothing')() }}\n",
    });

    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "adapter.dispatch('nothing') found no macro: searched duckdb__nothing, default__nothing",
    );
    expect(result.err).toContain("{% macro default__nothing(...) %}");
  });
});
