import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

const project = {
  "countries.yml": twoCountries,
  "strata.yml": `name: rollback
models:
  staging: { materialized: view }
  marts: { materialized: table }
`,
  "models/staging/stg_numbers.sql":
    "select range::integer as id from range(1, 4)",
  "models/marts/totals.sql":
    "select count(*)::integer as n from {{ ref('stg_numbers') }}",
};

describe("failed run", () => {
  it("restores the views it replaced", async () => {
    const dir = await writeProject(project);
    await runCli(["run", "--project-dir", dir, "--country", "fr"]);

    await writeFiles(dir, {
      "models/staging/stg_numbers.sql":
        "select range::integer + 1000 as id from range(1, 4)",
      "models/staging/stg_extra.sql": "select 1 as id",
      "models/marts/totals.sql":
        "select no_such_column from {{ ref('stg_numbers') }}",
    });
    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(1);
    expect(
      await queryCatalog(dir, "select id from fr.stg_numbers order by id"),
    ).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(
      await queryCatalog(
        dir,
        "select count(*)::integer as n from duckdb_views() where view_name = 'stg_extra'",
      ),
    ).toEqual([{ n: 0 }]);
    expect(await queryCatalog(dir, "select n from fr.totals")).toEqual([
      { n: 3 },
    ]);
  });
});
