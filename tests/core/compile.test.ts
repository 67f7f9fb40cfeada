import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeProject,
} from "../helpers/project.ts";

async function compiled(
  dir: string,
  file: string,
  country = "none",
): Promise<string> {
  return readFile(path.join(dir, "target/compiled", country, file), "utf8");
}

describe("compile", () => {
  it("config precedence: folder < YAML < config()", async () => {
    const dir = await writeProject({
      "strata.yml": `models:
  materialized: view
  tags: [base]
  marts:
    +materialized: table
    +tags: [marts]
`,
      "models/marts/from_folder.sql": "select 1 as id",
      "models/marts/from_yaml.sql": "select 1 as id",
      "models/marts/from_sql.sql":
        "{{ config(materialized='view', tags=['sql']) }}select 1 as id",
      "models/marts/props.yml": `models:
  - name: from_yaml
    config: { materialized: ephemeral, tags: [yaml] }
  - name: from_sql
    config: { materialized: ephemeral }
`,
    });
    const result = await runCli(["compile", "--project-dir", dir]);
    expect(result.code).toBe(0);

    const manifest = JSON.parse(
      await readFile(path.join(dir, "target/manifest.json"), "utf8"),
    );
    const config = (name: string) => manifest.nodes[`model.${name}`].config;
    expect(config("from_folder")).toMatchObject({
      materialized: "table",
      tags: ["base", "marts"],
    });
    expect(config("from_yaml")).toMatchObject({
      materialized: "ephemeral",
      tags: ["base", "marts", "yaml"],
    });
    expect(config("from_sql")).toMatchObject({
      materialized: "view",
      tags: ["base", "marts", "sql"],
    });
  });

  it("var reads strata.yml and --vars overrides it", async () => {
    const dir = await writeProject({
      "strata.yml": "vars:\n  cutoff: 10\n  label: from_yaml\n",
      "models/a.sql":
        "select {{ var('cutoff') }} as c, '{{ var('label') }}' as l, {{ var('absent', 7) }} as d",
    });
    await runCli(["compile", "--project-dir", dir, "--vars", '{"cutoff": 99}']);

    expect(await compiled(dir, "models/a.sql")).toBe(
      "select 99 as c, 'from_yaml' as l, 7 as d\n",
    );
  });

  it("env_var reads the environment, with a default", async () => {
    process.env.STRATA_TEST_SCHEMA = "from_env";
    const dir = await writeProject({
      "models/a.sql":
        "select '{{ env_var('STRATA_TEST_SCHEMA') }}' as a, '{{ env_var('STRATA_TEST_UNSET', 'dflt') }}' as b",
    });
    await runCli(["compile", "--project-dir", dir]);

    expect(await compiled(dir, "models/a.sql")).toBe(
      "select 'from_env' as a, 'dflt' as b\n",
    );
  });

  it("this, target, is_incremental and country render", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "models/a.sql":
        "select '{{ this }}' as me, '{{ target.engine }}' as engine, {{ is_incremental() }} as inc, " +
        "'{{ country }}' as c, {{ country.params.factor }} as f, {{ 1 if country == 'de' else 0 }} as is_de",
    });
    await runCli(["compile", "--project-dir", dir]);

    expect(await compiled(dir, "models/a.sql", "fr")).toBe(
      `select '"fr"."a"' as me, 'duckdb' as engine, False as inc, 'fr' as c, 2 as f, 0 as is_de\n`,
    );
    expect(await compiled(dir, "models/a.sql", "de")).toContain(
      "3 as f, 1 as is_de",
    );
  });

  it("macros are callable from every model and from other macros", async () => {
    const dir = await writeProject({
      "macros/money.sql":
        "{% macro cents(col) %}({{ col }} * 100){% endmacro %}",
      "macros/more.sql":
        "{% macro euros_to_cents(col) %}{{ cents(col) }}::bigint{% endmacro %}",
      "models/a.sql":
        "select {{ euros_to_cents('price') }} as c from (select 1.5 as price)",
    });
    await runCli(["compile", "--project-dir", dir]);

    expect(await compiled(dir, "models/a.sql")).toBe(
      "select (price * 100)::bigint as c from (select 1.5 as price)\n",
    );
  });

  it("static models render as their commented twins", async () => {
    // A comment sends a model to Nunjucks, and a model without one renders
    // on the static path. Nunjucks reads `not(...)` as the operator and finds
    // `valueOf` on its render context, so neither calls the macro.
    const model = "select '{{ not('a') }}' as n, '{{ valueOf() }}' as v";
    const dir = await writeProject({
      "macros/named.sql": `{% macro not(x) %}macro{% endmacro %}
{% macro valueOf() %}macro{% endmacro %}`,
      "models/fast.sql": model,
      "models/slow.sql": `${model}{# rendered by Nunjucks #}`,
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(await compiled(dir, "models/fast.sql")).toBe(
      await compiled(dir, "models/slow.sql"),
    );
  });

  it("a macro may not take a reserved name", async () => {
    const dir = await writeProject({
      "macros/bad.sql": "{% macro ref(x) %}{{ x }}{% endmacro %}",
      "models/a.sql": "select 1",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "macro ref in macros/bad.sql takes the name of a strata function",
    );
  });

  it("a macro named execute is rejected", async () => {
    // `execute` is a getter among the globals, which a macro cannot replace.
    const dir = await writeProject({
      "macros/bad.sql": "{% macro execute() %}1{% endmacro %}",
      "models/a.sql": "select 1",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "macro execute in macros/bad.sql takes the name of a strata function",
    );
    expect(result.err).not.toContain("internal error");
  });

  it("ref resolves names with double underscores", async () => {
    const dir = await writeProject({
      "models/stg_sap.sql":
        "{{ config(materialized='ephemeral') }}select 1 as n",
      "models/stg_sap__orders.sql": "select 2 as n",
      "models/orders.sql": "select * from {{ ref('stg_sap__orders') }}",
    });
    await runCli(["compile", "--project-dir", dir]);

    expect(await compiled(dir, "models/orders.sql")).toBe(
      'select * from "main"."stg_sap__orders"\n',
    );
  });

  it("source renders a reader over the templated path", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "sources.yml": `sources:
  - name: landing
    tables:
      - name: orders
        format: csv
        path: "landing/{{ country }}/orders.csv"
        options: { delim: ";", header: true }
`,
      "models/a.sql": "select * from {{ source('landing', 'orders') }}",
    });
    await runCli(["compile", "--project-dir", dir]);

    expect(await compiled(dir, "models/a.sql", "de")).toBe(
      `select * from read_csv('${dir}/landing/de/orders.csv', delim = ';', header = true)\n`,
    );
  });
});

describe("data tests", () => {
  const base = {
    "strata.yml": "models:\n  materialized: table\n",
    "models/parents.sql": "select * from (values (1), (2)) t(id)",
    "models/children.sql":
      "select * from (values (10, 1), (11, 2), (12, 3)) t(id, parent_id)",
    "macros/tests.sql": `{% macro test_at_least(model, column_name, minimum) %}
select * from {{ model }} where {{ column_name }} < {{ minimum }}
{% endmacro %}`,
  };

  it("relationships finds orphans", async () => {
    const dir = await writeProject({
      ...base,
      "models/children.yml": `models:
  - name: children
    columns:
      - name: parent_id
        tests:
          - relationships: { to: "ref('parents')", field: id }
`,
    });
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL\s+test relationships_children_parent_id/);
    expect(result.err).toContain("1 failing row");
  });

  it("custom generic test macro takes arguments", async () => {
    const dir = await writeProject({
      ...base,
      "models/children.yml": `models:
  - name: children
    columns:
      - name: id
        tests:
          - at_least: { minimum: 11 }
`,
    });
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL\s+test at_least_children_id/);
  });

  it("dbt's arguments form and data_tests key are read", async () => {
    const dir = await writeProject({
      ...base,
      "models/children.yml": `models:
  - name: children
    columns:
      - name: id
        data_tests:
          - at_least:
              arguments: { minimum: 10 }
              config: { severity: warn }
`,
    });
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toMatch(/PASS\s+test at_least_children_id/);
  });

  it("singular test fails on returned rows", async () => {
    const dir = await writeProject({
      ...base,
      "tests/data/no_big_ids.sql":
        "select * from {{ ref('children') }} where id > 11",
    });
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL\s+test no_big_ids/);
  });

  it("test alone runs against published data", async () => {
    const dir = await writeProject({
      ...base,
      "models/parents.yml":
        "models:\n  - name: parents\n    columns:\n      - name: id\n        tests: [unique]\n",
    });
    await runCli(["run", "--project-dir", dir]);
    const result = await runCli(["test", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toMatch(/PASS\s+test unique_parents_id/);
    expect(result.err).not.toContain("model parents");
  });

  it("seed loads with declared column types", async () => {
    const dir = await writeProject({
      "seeds/codes.csv": "code,amount\n007,1.50\n010,2.25\n",
      "seeds/codes.yml":
        'seeds:\n  - name: codes\n    config:\n      column_types: { code: VARCHAR, amount: "DECIMAL(10,2)" }\n',
    });
    const result = await runCli(["seed", "--project-dir", dir]);

    expect(result.code).toBe(0);
    const rows = await queryCatalog(
      dir,
      "select code, amount, typeof(amount) as t from main.codes order by code",
    );
    expect(rows).toEqual([
      { code: "007", amount: "1.50", t: "DECIMAL(10,2)" },
      { code: "010", amount: "2.25", t: "DECIMAL(10,2)" },
    ]);
  });
});

describe("artifacts", () => {
  it("writes the manifest on one line", async () => {
    const dir = await writeProject({ "models/a.sql": "select 1 as id" });
    await runCli(["compile", "--project-dir", dir]);

    const text = await readFile(path.join(dir, "target/manifest.json"), "utf8");
    expect(text.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(text).nodes["model.a"].kind).toBe("model");
  });

  it("manifest and run_results record nodes and outcomes", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "models/b.sql":
        "{{ config(materialized='table') }}select * from {{ ref('a') }}",
    });
    await runCli(["build", "--project-dir", dir]);

    const manifest = JSON.parse(
      await readFile(path.join(dir, "target/manifest.json"), "utf8"),
    );
    expect(manifest.nodes["model.b"]).toMatchObject({
      kind: "model",
      path: "models/b.sql",
      depends_on: ["model.a"],
      compiled_path: { none: "target/compiled/none/models/b.sql" },
    });
    expect(manifest.nodes["model.b"].checksum).toMatch(/^[0-9a-f]{64}$/);
    const results = JSON.parse(
      await readFile(path.join(dir, "target/run_results.json"), "utf8"),
    );
    expect(results.metadata.command).toBe("build");
    expect(
      results.results.find((r: { id: string }) => r.id === "model.b"),
    ).toMatchObject({ status: "success", rows: 1 });
  });

  it("run_results keys are all snake_case", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "models/a.yml":
        "models:\n  - name: a\n    columns:\n      - name: id\n        tests: [not_null]\n",
      "models/b.sql": "select id,\n  missing_column\nfrom {{ ref('a') }}",
    });
    await runCli([
      "build",
      "--project-dir",
      dir,
      "--full-refresh",
      "--log-format",
      "json",
      "--vars",
      '{"cutOff": 1}',
    ]);

    const results = JSON.parse(
      await readFile(path.join(dir, "target/run_results.json"), "utf8"),
    );
    const { vars, ...args } = results.metadata.args;
    const keys = [
      ...Object.keys(results),
      ...Object.keys(results.metadata),
      ...Object.keys(args),
      ...results.results.flatMap((r: object) => Object.keys(r)),
    ];
    expect(keys.filter((key) => !/^[a-z][a-z0-9_]*$/.test(key))).toEqual([]);
    expect(args).toMatchObject({
      project_dir: dir,
      full_refresh: true,
      log_format: "json",
      lock_timeout: 300,
    });
    // The user's vars are data, so their keys stay as written.
    expect(vars).toEqual({ cutOff: 1 });
    const errored = results.results.find(
      (r: { id: string }) => r.id === "model.b",
    );
    expect(errored).toMatchObject({ status: "error", file: "models/b.sql" });
    expect(typeof errored.duration_ms).toBe("number");
  });
});

describe("template logging", () => {
  it("log and exceptions.warn reach the output", async () => {
    const dir = await writeProject({
      "models/a.sql":
        "{{ log('checking a', info=True) }}{% do exceptions.warn('a looks odd') %}select 1 as id",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toContain("checking a");
    expect(result.err).toContain("a looks odd");
  });

  it("quiet keeps warnings, not info", async () => {
    const dir = await writeProject({
      "models/a.sql":
        "{{ log('checking a', info=True) }}{% do exceptions.warn('a looks odd') %}select 1 as id",
    });
    const result = await runCli(["compile", "--quiet", "--project-dir", dir]);

    expect(result.err).not.toContain("checking a");
    expect(result.err).toContain("a looks odd");
  });

  it("raise_compiler_error stops the compile with its message", async () => {
    const dir = await writeProject({
      "models/a.sql":
        "select 1 as id\n{{ exceptions.raise_compiler_error('cutoff must be positive') }}",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /models\/a\.sql:2:\d+: model a raised a compiler error: cutoff must be positive/,
    );
  });
});
