import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeProject,
} from "../helpers/project.ts";

const numbersProject = {
  "countries.yml": twoCountries,
  "models/numbers.sql": `{{ config(materialized='table') }}
select range::integer as id, range * {{ country.params.factor }} as value
from range(10)
`,
  "macros/cleanup.sql": `{% macro delete_audit(below) %}
create table if not exists main.audit as select {{ below }} as limit_value;
select count(*)::integer as n from main.audit
{% endmacro %}
{% macro nothing() %}{% endmacro %}`,
};

describe("strata show", () => {
  it("prints a model's first rows", async () => {
    const dir = await writeProject(numbersProject);
    await runCli(["run", "--project-dir", dir]);

    const result = await runCli([
      "show",
      "--project-dir",
      dir,
      "--select",
      "numbers",
      "--limit",
      "3",
      "--country",
      "de",
    ]);

    expect(result.code).toBe(0);
    expect(result.out.split("\n")).toEqual([
      "id | value",
      "---+------",
      "0  | 0",
      "1  | 3",
      "2  | 6",
    ]);
  });

  it("previews inline SQL with ref as JSON", async () => {
    const dir = await writeProject(numbersProject);
    await runCli(["run", "--project-dir", dir]);

    const result = await runCli([
      "show",
      "--project-dir",
      dir,
      "--inline",
      "select max(value) as top from {{ ref('numbers') }}",
      "--output",
      "json",
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toBe('{"top":"18"}');
    expect(result.err).toContain("previewing country fr");
  });

  it("names an unknown model", async () => {
    const dir = await writeProject(numbersProject);

    const result = await runCli([
      "show",
      "--project-dir",
      dir,
      "--select",
      "numbrs",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("--select numbrs names no model or seed");
    expect(result.err).toContain("Did you mean 'numbers'?");
  });

  it("needs --select or --inline", async () => {
    const dir = await writeProject(numbersProject);

    const result = await runCli(["show", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "strata show needs exactly one of --select and --inline",
    );
  });
});

describe("strata run-operation", () => {
  it("executes the SQL a macro renders", async () => {
    const dir = await writeProject({
      "models/one.sql": "select 1 as id\n",
      "macros/cleanup.sql": numbersProject["macros/cleanup.sql"],
    });

    const result = await runCli([
      "run-operation",
      "delete_audit",
      "--project-dir",
      dir,
      "--args",
      '{"below": 30}',
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toContain("n\n-\n1");
    const rows = await queryCatalog(dir, "select limit_value from main.audit");
    expect(rows).toEqual([{ limit_value: 30 }]);
  });

  it("reports a macro that renders nothing", async () => {
    const dir = await writeProject({
      "models/one.sql": "select 1 as id\n",
      "macros/cleanup.sql": numbersProject["macros/cleanup.sql"],
    });

    const result = await runCli([
      "run-operation",
      "nothing",
      "--project-dir",
      dir,
    ]);

    expect(result.code).toBe(0);
    expect(result.err).toContain("nothing rendered no SQL");
  });

  it("names an unknown macro", async () => {
    const dir = await writeProject({ "models/one.sql": "select 1 as id\n" });

    const result = await runCli([
      "run-operation",
      "vacuum_all",
      "--project-dir",
      dir,
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("macro vacuum_all is not defined");
    expect(result.err).toContain("Define {% macro vacuum_all(...) %}");
  });
});

describe("strata source freshness", () => {
  function loads(hoursAgo: number): string {
    const time = new Date(Date.now() - hoursAgo * 3600_000);
    return `id,loaded_at\n1,${time.toISOString().replace("T", " ").replace("Z", "")}\n`;
  }

  const sources = `sources:
  - name: landing
    tables:
      - name: contracts
        format: csv
        path: "landing/{{ country }}/contracts.csv"
        loaded_at_field: loaded_at
        freshness:
          warn_after: { count: 12, period: hour }
          error_after: { count: 2, period: day }
      - name: vehicles
        format: csv
        path: "landing/{{ country }}/contracts.csv"
        freshness:
          warn_after: { count: 1, period: day }
`;

  it("grades each country's latest load", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "sources.yml": sources,
      "landing/fr/contracts.csv": loads(1),
      "landing/de/contracts.csv": loads(60),
    });

    const result = await runCli([
      "source",
      "freshness",
      "--project-dir",
      dir,
      "--select",
      "landing.contracts",
    ]);

    expect(result.code).toBe(1);
    const lines = result.out.split("\n");
    expect(lines[0]).toMatch(
      /^\[fr\] PASS source\.landing\.contracts \(latest .*, 1\.0 hours old\)$/,
    );
    expect(lines[1]).toMatch(
      /^\[de\] ERROR source\.landing\.contracts \(latest .*, 2\.5 days old\)$/,
    );
    const artifact = JSON.parse(
      await readFile(path.join(dir, "target/sources.json"), "utf8"),
    ) as { results: { status: string }[] };
    expect(artifact.results.map((r) => r.status)).toEqual(["pass", "error"]);
  });

  it("warns between the two limits", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "sources.yml": sources,
      "landing/fr/contracts.csv": loads(20),
      "landing/de/contracts.csv": loads(1),
    });

    const result = await runCli([
      "source",
      "freshness",
      "--project-dir",
      dir,
      "--country",
      "fr",
      "--select",
      "landing.contracts",
    ]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^\[fr\] WARN source\.landing\.contracts/);
  });

  it("names a table without loaded_at_field", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "sources.yml": sources,
      "landing/fr/contracts.csv": loads(1),
      "landing/de/contracts.csv": loads(1),
    });

    const result = await runCli([
      "source",
      "freshness",
      "--project-dir",
      dir,
      "--country",
      "fr",
      "--select",
      "landing.vehicles",
    ]);

    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "RUNTIME ERROR source.landing.vehicles: source landing.vehicles has freshness but no loaded_at_field in sources.yml. Set loaded_at_field",
    );
  });
});

describe("show help", () => {
  it("says which country it previews", async () => {
    const result = await runCli(["show", "--help"]);

    expect(result.code).toBe(0);
    expect(result.out).toContain("(default: the");
    expect(result.out).not.toContain("every country");
  });
});
