import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

function numbers(count: number): string {
  return `{{ config(materialized='table') }}
select case when range < ${count} then null else range end as value
from range(20)
`;
}

function properties(test: string): string {
  return `models:
  - name: numbers
    columns:
      - name: value
        tests:
          - ${test}
`;
}

describe("test thresholds and stored failures", () => {
  it("error_if above the count passes with a warning", async () => {
    const dir = await writeProject({
      "models/numbers.sql": numbers(5),
      "models/numbers.yml": properties(
        `not_null: { config: { warn_if: ">2", error_if: ">10" } }`,
      ),
    });

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toMatch(/WARN\s+test not_null_numbers_value/);
  });

  it("error_if below the count fails", async () => {
    const dir = await writeProject({
      "models/numbers.sql": numbers(12),
      "models/numbers.yml": properties(
        `not_null: { config: { error_if: ">10" } }`,
      ),
    });

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL\s+test not_null_numbers_value/);
  });

  it("warn_if not met passes", async () => {
    const dir = await writeProject({
      "models/numbers.sql": numbers(2),
      "models/numbers.yml": properties(
        `not_null: { severity: warn, warn_if: ">=3" }`,
      ),
    });

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toMatch(/PASS\s+test not_null_numbers_value/);
  });

  it("an invalid threshold is a project error", async () => {
    const dir = await writeProject({
      "models/numbers.sql": numbers(2),
      "models/numbers.yml": properties(
        `not_null: { error_if: "more than 10" }`,
      ),
    });

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'invalid error_if "more than 10" for test not_null',
    );
    expect(result.err).toContain('error_if: ">10"');
  });

  it("store_failures keeps each run's rows", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "models/numbers.sql": numbers(2),
      "models/numbers.yml": properties(
        `not_null: { severity: warn, store_failures: true }`,
      ),
    });
    const first = await runCli(["build", "--project-dir", dir]);
    expect(first.err).toContain(
      'stored in "test_failures"."not_null_numbers_value"',
    );
    await writeFiles(dir, { "models/numbers.sql": numbers(3) });
    await runCli(["build", "--project-dir", dir, "--country", "fr"]);

    const rows = await queryCatalog(
      dir,
      `select strata_country, count(*)::integer as n,
         count(distinct strata_run_id)::integer as runs
       from test_failures.not_null_numbers_value
       group by strata_country order by strata_country`,
    );
    expect(rows).toEqual([
      { strata_country: "de", n: 2, runs: 1 },
      { strata_country: "fr", n: 5, runs: 2 },
    ]);
  });

  it("a singular test takes thresholds from config", async () => {
    const dir = await writeProject({
      "models/numbers.sql": numbers(4),
      "tests/data/few_nulls.sql": `{{ config(error_if='>5', store_failures=true) }}
select * from {{ ref('numbers') }} where value is null
`,
    });

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toMatch(/WARN\s+test few_nulls/);
    const rows = await queryCatalog(
      dir,
      "select count(*)::integer as n from test_failures.few_nulls",
    );
    expect(rows).toEqual([{ n: 4 }]);
  });
});
