import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, writeFiles } from "../helpers/project.ts";
import { copyProject, queryFile, readExpected } from "./compat-helpers.ts";

const projects: [name: string, catalog: string][] = [
  ["jaffle_mini", "jaffle.duckdb"],
  ["shop_basic", "shop.duckdb"],
];

describe("dbt projects run unmodified", () => {
  for (const [name, catalog] of projects) {
    it(`${name} builds the expected tables`, async () => {
      const dir = await copyProject(name);
      const expected = await readExpected(name);

      const result = await runCli(["build", "--project-dir", dir]);

      expect(result.err).not.toContain("ERROR");
      expect(result.code).toBe(0);
      const runResults = JSON.parse(
        await readFile(path.join(dir, "target", "run_results.json"), "utf8"),
      ) as { results: { kind: string; status: string }[] };
      const tests = runResults.results.filter((r) => r.kind === "test");
      expect(tests.length).toBe(expected.tests);
      expect(tests.every((t) => t.status === "pass")).toBe(true);
      const file = path.join(dir, catalog);
      for (const [table, want] of Object.entries(expected.tables)) {
        const [[count]] = (await queryFile(
          file,
          `select count(*) from main."${table}"`,
        )) as [[string]];
        expect(`${table}: ${count}`).toBe(`${table}: ${want.rows}`);
        if (want.query) {
          expect(await queryFile(file, want.query)).toEqual(want.values);
        }
      }
    });
  }

  it("env_var in profiles.yml picks the catalog", async () => {
    const dir = await copyProject("shop_basic");
    process.env.SHOP_DB = "elsewhere.duckdb";
    try {
      const result = await runCli(["seed", "--project-dir", dir]);
      expect(result.code).toBe(0);
    } finally {
      delete process.env.SHOP_DB;
    }

    const rows = await queryFile(
      path.join(dir, "elsewhere.duckdb"),
      "select count(*) from main.products",
    );
    expect(rows).toEqual([["3"]]);
  });

  it("DBT_PROFILES_DIR is read first", async () => {
    const dir = await copyProject("shop_basic");
    const profiles = path.join(dir, "other-profiles");
    await writeFiles(profiles, {
      "profiles.yml":
        "shop_basic:\n  target: ci\n  outputs:\n    ci:\n      type: duckdb\n      path: ci.duckdb\n",
    });
    process.env.DBT_PROFILES_DIR = profiles;
    try {
      const result = await runCli(["seed", "--project-dir", dir]);
      expect(result.code).toBe(0);
    } finally {
      delete process.env.DBT_PROFILES_DIR;
    }

    expect(
      await queryFile(
        path.join(dir, "ci.duckdb"),
        "select count(*) from main.sales",
      ),
    ).toEqual([["5"]]);
  });
});

describe("dbt project errors", () => {
  it("missing profile", async () => {
    const dir = await copyProject("shop_basic");
    await writeFiles(dir, { "profiles.yml": "other:\n  outputs: {}\n" });

    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "profile shop_basic (named by dbt_project.yml) has no outputs in",
    );
  });

  it("non-DuckDB output", async () => {
    const dir = await copyProject("shop_basic");
    await writeFiles(dir, {
      "profiles.yml":
        "shop_basic:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n",
    });

    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "output dev of profile shop_basic has type postgres; strata runs dbt projects on DuckDB only",
    );
  });

  it("source without external_location", async () => {
    const dir = await copyProject("shop_basic");
    await writeFiles(dir, {
      "models/sources.yml":
        "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n",
    });

    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "source raw.events has no external_location, and strata reads sources from files",
    );
  });

  it("source with external_location is read", async () => {
    const dir = await copyProject("shop_basic");
    await writeFiles(dir, {
      "landing/events.csv": "id\n1\n2\n",
      "models/sources.yml":
        "version: 2\nsources:\n  - name: raw\n    meta:\n      external_location: 'landing/{name}.csv'\n    tables:\n      - name: events\n        columns:\n          - name: id\n            tests: [not_null]\n",
      "models/staging/stg_events.sql":
        "select * from {{ source('raw', 'events') }}",
    });

    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--select",
      "+stg_events",
    ]);

    expect(result.code).toBe(0);
    expect(
      await queryFile(
        path.join(dir, "shop.duckdb"),
        "select count(*) from main.stg_events",
      ),
    ).toEqual([["2"]]);
  });
});
