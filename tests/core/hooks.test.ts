import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeProject,
} from "../helpers/project.ts";

describe("hooks", () => {
  it("runs pre_hook and post_hook around a model", async () => {
    const dir = await writeProject({
      "strata.yml": `name: hooks
on_run_start:
  - "create table if not exists main.audit (step varchar, country varchar)"
on_run_end:
  - "insert into main.audit values ('end', '{{ country }}')"
`,
      "countries.yml": twoCountries,
      "models/numbers.sql": `{{ config(materialized='table',
  pre_hook="insert into main.audit values ('pre', '{{ country }}')",
  post_hook=["insert into main.audit select 'post ' || count(*), '{{ country }}' from {{ this }}"]) }}
select range as id from range(3)
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(0);
    const rows = await queryCatalog(
      dir,
      "select step, country from main.audit order by country, step",
    );
    expect(rows).toEqual([
      { step: "end", country: "de" },
      { step: "post 3", country: "de" },
      { step: "pre", country: "de" },
      { step: "end", country: "fr" },
      { step: "post 3", country: "fr" },
      { step: "pre", country: "fr" },
    ]);
  });

  it("a failing post_hook errors the model", async () => {
    const dir = await writeProject({
      "models/numbers.sql": `{{ config(materialized='table', post_hook='select * from missing_table') }}
select 1 as id
`,
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain("post_hook of model numbers #1 failed");
    expect(result.err).toContain("missing_table");
    expect(result.err).toContain("(SQL: select * from missing_table)");
  });

  it("a failing on_run_start skips the models", async () => {
    const dir = await writeProject({
      "strata.yml": `name: hooks
on_run_start: ["select * from no_such_table"]
`,
      "models/numbers.sql": "select 1 as id\n",
    });

    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain("on_run_start #1 failed");
    expect(result.err).toContain("Fix the statement of on_run_start");
    expect(result.err).not.toContain("view numbers");
  });
});
