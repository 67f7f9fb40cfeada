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

const threeLayers = {
  "countries.yml": twoCountries,
  "strata.yml": `name: layers
models:
  staging: { materialized: view }
  intermediate: { materialized: ephemeral }
  marts: { materialized: table }
`,
  "seeds/labels.csv": "id,label\n1,one\n2,two\n3,three\n",
  "seeds/labels.yml": `seeds:
  - name: labels
    config:
      column_types: { id: INTEGER, label: VARCHAR }
`,
  "macros/scale.sql": `{% macro scale(column) %}({{ column }} * {{ country.params.factor }}){% endmacro %}`,
  "models/staging/stg_numbers.sql": `select range::integer as id, {{ scale('range') }} as value
from range(1, 4)`,
  "models/intermediate/int_numbers.sql": `select n.id, n.value, l.label
from {{ ref('stg_numbers') }} n
join {{ ref('labels') }} l using (id)`,
  "models/marts/numbers.sql": `select id, value, label, '{{ country }}' as source_country
from {{ ref('int_numbers') }}`,
  "models/marts/numbers.yml": `models:
  - name: numbers
    description: Numbers with labels.
    columns:
      - name: id
        tests: [not_null, unique]
      - name: label
        tests:
          - accepted_values:
              values: [one, two, three]
`,
};

describe("build", () => {
  it("builds a ref chain across three layers", async () => {
    const dir = await writeProject(threeLayers);
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    const rows = await queryCatalog(
      dir,
      "select country, id, value, label, source_country from main.numbers order by country, id",
    );
    expect(rows).toEqual([
      { country: "de", id: 1, value: "3", label: "one", source_country: "de" },
      { country: "de", id: 2, value: "6", label: "two", source_country: "de" },
      {
        country: "de",
        id: 3,
        value: "9",
        label: "three",
        source_country: "de",
      },
      { country: "fr", id: 1, value: "2", label: "one", source_country: "fr" },
      { country: "fr", id: 2, value: "4", label: "two", source_country: "fr" },
      {
        country: "fr",
        id: 3,
        value: "6",
        label: "three",
        source_country: "fr",
      },
    ]);
  });

  it("stores tables as Hive-partitioned Parquet", async () => {
    const dir = await writeProject(threeLayers);
    await runCli(["build", "--project-dir", dir]);

    for (const country of ["fr", "de"]) {
      const file = path.join(
        dir,
        "target/warehouse/numbers",
        `country=${country}`,
        "data_0.parquet",
      );
      expect(existsSync(file)).toBe(true);
    }
  });

  it("inlines ephemeral models as CTEs in compiled SQL", async () => {
    const dir = await writeProject(threeLayers);
    const result = await runCli([
      "compile",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(0);
    const compiled = await readFile(
      path.join(dir, "target/compiled/fr/models/marts/numbers.sql"),
      "utf8",
    );
    expect(compiled).toContain("with __strata_cte__int_numbers as (");
    expect(compiled).toContain('from "fr"."stg_numbers" n');
    expect(compiled).toContain('join "main"."labels" l');
    expect(compiled).toContain("'fr' as source_country");
  });

  it("rerunning de leaves the fr partition untouched", async () => {
    const dir = await writeProject(threeLayers);
    await runCli(["build", "--project-dir", dir]);
    const frFile = path.join(
      dir,
      "target/warehouse/numbers/country=fr/data_0.parquet",
    );
    const before = await readFile(frFile);

    await writeFiles(dir, {
      "models/marts/numbers.sql": `select id, value * 100 as value, label, '{{ country }}' as source_country
from {{ ref('int_numbers') }}`,
    });
    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--country",
      "de",
    ]);

    expect(result.code).toBe(0);
    expect(await readFile(frFile)).toEqual(before);
    const rows = await queryCatalog(
      dir,
      "select country, sum(value)::integer as total from main.numbers group by country order by country",
    );
    expect(rows).toEqual([
      { country: "de", total: 1800 },
      { country: "fr", total: 12 },
    ]);
  });

  it("a run failing midway leaves the previous partition whole", async () => {
    const dir = await writeProject({
      ...threeLayers,
      "models/marts/doubled.sql":
        "select id, value * 2 as doubled from {{ ref('numbers') }}",
    });
    await runCli(["run", "--project-dir", dir, "--country", "fr"]);
    const before = await queryCatalog(
      dir,
      "select * from fr.numbers order by id",
    );

    await writeFiles(dir, {
      "models/marts/numbers.sql":
        "select id, value + 1000 as value, label from {{ ref('int_numbers') }}",
      "models/marts/doubled.sql":
        "select id, no_such_column from {{ ref('numbers') }}",
    });
    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(1);
    expect(result.err).toContain("SQL error in model doubled");
    expect(
      await queryCatalog(dir, "select * from fr.numbers order by id"),
    ).toEqual(before);
    expect(
      await queryCatalog(
        dir,
        "select count(*)::integer as n from main.numbers",
      ),
    ).toEqual([{ n: 3 }]);
    const staging = path.join(dir, "target/warehouse/numbers/.staging");
    expect(existsSync(staging)).toBe(false);
  });

  it("an error-level test failure skips downstream and exits 1", async () => {
    const dir = await writeProject({
      ...threeLayers,
      "models/marts/numbers.yml": `models:
  - name: numbers
    columns:
      - name: label
        tests:
          - accepted_values:
              values: [one, two]
`,
      "models/marts/after_numbers.sql": "select * from {{ ref('numbers') }}",
    });
    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(1);
    const results = JSON.parse(
      await readFile(path.join(dir, "target/run_results.json"), "utf8"),
    );
    const statusOf = (name: string): string =>
      results.results.find((r: { name: string }) => r.name === name).status;
    expect(statusOf("accepted_values_numbers_label")).toBe("fail");
    expect(statusOf("after_numbers")).toBe("skipped");
    expect(statusOf("numbers")).toBe("success");
  });

  it("a warn-level test failure keeps exit code 0", async () => {
    const dir = await writeProject({
      ...threeLayers,
      "models/marts/numbers.yml": `models:
  - name: numbers
    columns:
      - name: label
        tests:
          - accepted_values:
              values: [one, two]
              severity: warn
`,
    });
    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(0);
    expect(result.err).toMatch(/WARN\s+test accepted_values_numbers_label/);
  });

  it("applies where to a test", async () => {
    const dir = await writeProject({
      ...threeLayers,
      "models/marts/numbers.yml": `models:
  - name: numbers
    columns:
      - name: label
        tests:
          - accepted_values:
              values: [one, two]
              where: "id < 3"
`,
    });
    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--country",
      "fr",
    ]);

    expect(result.code).toBe(0);
  });
});
