import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, writeProject } from "../helpers/project.ts";

describe("project errors", () => {
  it("cycle lists every model with its file", async () => {
    const dir = await writeProject({
      "models/a.sql": "select * from {{ ref('c') }}",
      "models/sub/b.sql": "select * from {{ ref('a') }}",
      "models/c.sql": "select * from {{ ref('b') }}",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("dependency cycle:");
    expect(result.err).toContain("a (models/a.sql)");
    expect(result.err).toContain("b (models/sub/b.sql)");
    expect(result.err).toContain("c (models/c.sql)");
    expect(result.err).toContain(
      "Break the cycle by removing one of these ref() calls",
    );
  });

  it("invalid YAML names file, line and column", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "models/a.yml":
        "models:\n  - name: a\n    columns:\n      - name: id\n     tests: [not_null]\n",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/models\/a\.yml:5:\d+: invalid YAML/);
  });

  it("schema violations are all reported at once", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "countries.yml":
        "countries:\n  fr:\n    time_zone: Europe/Nowhere\n    currency: euro\n",
      "sources.yml":
        "sources:\n  - name: landing\n    tables:\n      - name: t\n        format: xlsx\n        path: x.csv\n",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /countries\.yml:3:16: invalid countries\.yml at countries\.fr\.time_zone: not an IANA time zone/,
    );
    expect(result.err).toMatch(
      /countries\.yml:4:15: invalid countries\.yml at countries\.fr\.currency: expected an ISO 4217 code/,
    );
    expect(result.err).toMatch(
      /sources\.yml:5:17: invalid sources\.yml at sources\.0\.tables\.0\.format/,
    );
    expect(result.err).toContain("3 problems found; nothing was run.");
  });

  it("invalid folder config names line and value", async () => {
    const dir = await writeProject({
      "strata.yml":
        "name: p\nmodels:\n  materialized: tabel\n  marts:\n    +tags: 3\n",
      "models/marts/a.sql": "select 1 as id",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'strata.yml:3:17: invalid folder config at materialized: Invalid option: expected one of "view"|"table"|"ephemeral"|"incremental"|"snapshot" (the value is "tabel")',
    );
    expect(result.err).toContain(
      "strata.yml:5:12: invalid folder config at marts.+tags: Invalid input (the value is 3)",
    );
  });

  it("invalid country params name line and value", async () => {
    const dir = await writeProject({
      "models/a.sql": "select {{ country.params.factor }} as factor",
      "countries.yml": [
        "param_types:",
        "  factor: number",
        "  window_months: integer",
        "  label: string",
        "  enabled: boolean",
        "countries:",
        "  fr:",
        "    time_zone: Europe/Paris",
        "    currency: EUR",
        "    params:",
        "      factor: abc",
        "      window_months: 2.5",
        "      label: France",
        '      enabled: "yes"',
        "  de:",
        "    time_zone: Europe/Berlin",
        "    currency: EUR",
        "    params:",
        '      factor: "500"',
        "      enabled: true",
        "",
      ].join("\n"),
    });
    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'countries.yml:11:15: invalid param factor of country fr: expected a number, got "abc"',
    );
    expect(result.err).toContain(
      "Write factor as a number without quotes, such as factor: 500. param_types at the top of countries.yml declares its type.",
    );
    expect(result.err).toContain(
      "countries.yml:12:22: invalid param window_months of country fr: expected an integer, got 2.5",
    );
    expect(result.err).toContain(
      'countries.yml:14:16: invalid param enabled of country fr: expected a boolean, got "yes"',
    );
    expect(result.err).toContain(
      'countries.yml:19:15: invalid param factor of country de: expected a number, got "500"',
    );
    expect(result.err).toContain(
      "countries.yml:19:7: country de is missing params that param_types declares: window_months (integer), label (string)",
    );
    expect(result.err).toContain(
      "Add them under countries.de.params in countries.yml, or remove them from param_types.",
    );
    expect(result.err).not.toContain("label of country fr");
    expect(result.err).toContain("5 problems found; nothing was run.");
    expect(existsSync(path.join(dir, "target", "run_results.json"))).toBe(
      false,
    );
  });

  it("undeclared country params stay free-form", async () => {
    const dir = await writeProject({
      "models/a.sql":
        "select {{ country.params.factor }} * 2 as doubled, '{{ country.params.note }}' as note",
      "countries.yml": [
        "param_types:",
        "  factor: number",
        "countries:",
        "  fr:",
        "    time_zone: Europe/Paris",
        "    currency: EUR",
        "    params: { factor: 2.5, note: any text }",
        "",
      ].join("\n"),
    });
    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.err).not.toContain("param");
    expect(result.code).toBe(0);
  });

  it("unknown param type is a schema error", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "countries.yml": [
        "param_types:",
        "  factor: float",
        "countries:",
        "  fr: { time_zone: Europe/Paris, currency: EUR }",
        "",
      ].join("\n"),
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /countries\.yml:2:11: invalid countries\.yml at param_types\.factor: /,
    );
  });

  it("Nunjucks syntax error names model file and line", async () => {
    const dir = await writeProject({
      "models/good.sql": "select 1 as id",
      "models/broken.sql": "select 1 as id,\n  2 as b\nfrom {{ ref('good') }\n",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /models\/broken\.sql:3:\d+: template error in model broken/,
    );
  });

  it("a failing call in a template names the line", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id\n\nfrom {{ ref('nope') }}",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /models\/a\.sql:3:\d+: ref\('nope'\) names no model or seed/,
    );
  });

  it("unknown ref suggests the closest name", async () => {
    const dir = await writeProject({
      "models/customers.sql": "select 1 as id",
      "models/orders.sql": "select * from {{ ref('customer') }}",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("Did you mean 'customers'?");
  });

  it("missing var without default tells how to set it", async () => {
    const dir = await writeProject({
      "models/a.sql": "select {{ var('cutoff') }} as c",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("var('cutoff') is not set and has no default");
    expect(result.err).toContain("--vars");
  });

  it("every broken model is reported in one run", async () => {
    const dir = await writeProject({
      "models/a.sql": "select {{ nope( }}",
      "models/b.sql": "select {{ ref('missing') }}",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("models/a.sql");
    expect(result.err).toContain("models/b.sql");
  });

  it("SQL error is mapped to the model's file and line", async () => {
    const dir = await writeProject({
      "strata.yml": "models:\n  materialized: table\n",
      "models/src.sql": "select 1 as id",
      "models/bad.sql":
        "{{ config(materialized='table') }}\nselect id,\n  missing_column\nfrom {{ ref('src') }}\n",
    });
    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain("SQL error in model bad (models/bad.sql:3;");
    expect(result.err).toContain("missing_column");
  });

  it("SQL error on a templated line names it", async () => {
    const dir = await writeProject({
      "countries.yml":
        "countries:\n  fr:\n    time_zone: Europe/Paris\n    currency: EUR\n    params: { factor: abc }\n",
      "models/src.sql": "select 1 as id",
      "models/scaled.sql":
        "{{ config(materialized='table') }}\nselect id,\n  id * {{ country.params.factor }} as scaled\nfrom {{ ref('src') }}\n",
    });
    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "SQL error in model scaled (models/scaled.sql:3;",
    );
    const results = JSON.parse(
      await readFile(path.join(dir, "target", "run_results.json"), "utf8"),
    );
    const entry = results.results.find(
      (r: { name: string }) => r.name === "scaled",
    );
    expect(entry.status).toBe("error");
    expect(entry.file).toBe("models/scaled.sql");
    expect(entry.line).toBe(3);
  });

  it("out of memory suggests --threads 1", async () => {
    const dir = await writeProject({
      "strata.yml": [
        "models:",
        "  materialized: table",
        "targets:",
        "  dev:",
        "    settings:",
        "      memory_limit: 20MB",
        "",
      ].join("\n"),
      "models/big.sql":
        "select list(repeat('x', 100) || i) as l from range(1000000) as t(i)",
    });
    const result = await runCli(["run", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(result.err).toContain("Out of Memory Error");
    expect(result.err).toContain("--threads 1");
  });

  it("unknown country is a usage error", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "countries.yml":
        "countries:\n  fr: { time_zone: Europe/Paris, currency: EUR }\n",
    });
    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--country",
      "xx",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "countries.yml: country xx is not declared (declared: fr)",
    );
  });

  it("unknown generic test lists the built-in ones", async () => {
    const dir = await writeProject({
      "models/a.sql": "select 1 as id",
      "models/a.yml":
        "models:\n  - name: a\n    columns:\n      - name: id\n        tests: [not_nul]\n",
    });
    const result = await runCli(["compile", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("models/a.yml:5: test not_nul is not defined");
    expect(result.err).toContain("Did you mean 'not_null'?");
  });

  it("missing project folder is a usage error", async () => {
    const result = await runCli([
      "compile",
      "--project-dir",
      "/nonexistent/strata",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "project folder /nonexistent/strata does not exist",
    );
  });

  it("folder without project files is a usage error", async () => {
    const dir = await writeProject({ "notes.txt": "not a project" });
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "is not a strata project: it has no strata.yml",
    );
    expect(existsSync(path.join(dir, "target"))).toBe(false);
  });

  it("selection matching nothing warns", async () => {
    const dir = await writeProject({ "models/orders.sql": "select 1 as id" });
    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--select",
      "order",
    ]);

    expect(result.code).toBe(0);
    expect(result.err).toContain("--select order matched no node");
  });

  it("SQL error in show is reported, not a crash", async () => {
    const dir = await writeProject({ "models/orders.sql": "select 1 as id" });
    await runCli(["run", "--project-dir", dir]);
    const result = await runCli([
      "show",
      "--project-dir",
      dir,
      "--inline",
      "select nope from {{ ref('orders') }}",
    ]);

    expect(result.code).toBe(1);
    expect(result.err).toContain("error: SQL error:");
    expect(result.err).toContain("nope");
    expect(result.err).not.toContain("internal error");
  });

  it("bad option value is a usage error", async () => {
    const dir = await writeProject({ "models/a.sql": "select 1 as id" });
    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--threads",
      "zero",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "expected a whole number of at least 1, got zero",
    );
  });
});

describe("help", () => {
  for (const command of [
    "compile",
    "run",
    "build",
    "test",
    "seed",
    "ls",
    "clean",
  ]) {
    it(`${command} --help describes its options`, async () => {
      const result = await runCli([command, "--help"]);

      expect(result.code).toBe(0);
      expect(result.out).toContain("--project-dir <dir>");
    });
  }
});
