import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, writeProject } from "../helpers/project.ts";

const orders = {
  "seeds/raw_orders.csv": "id,amount_cents,status\n1,1000,paid\n2,250,open\n",
  "macros/cents.sql":
    "{% macro cents_to_euros(column) %}({{ column }} / 100.0){% endmacro %}\n{% macro fx_rate() %}1.0{% endmacro %}",
  "models/stg_orders.sql":
    "select id, {{ cents_to_euros('amount_cents') }} as amount, status from {{ ref('raw_orders') }}",
  "models/paid_orders.sql": `{{ config(materialized='table') }}
select id, amount * {{ fx_rate() }} as amount, '{{ var("label", "paid") }}' as label
from {{ ref('stg_orders') }}
where status = 'paid'
{% if is_incremental() %}and id > (select max(id) from {{ this }}){% endif %}`,
};

const properties = (unitTests: string): Record<string, string> => ({
  ...orders,
  "models/unit.yml": `unit_tests:\n${unitTests}`,
});

interface Result {
  name: string;
  status: string;
  failures?: number;
}

async function results(dir: string): Promise<Result[]> {
  const text = await readFile(
    path.join(dir, "target", "run_results.json"),
    "utf8",
  );
  return (JSON.parse(text) as { results: Result[] }).results;
}

async function statusOf(dir: string, name: string): Promise<string> {
  return (await results(dir)).find((r) => r.name === name)?.status ?? "none";
}

describe("unit tests", () => {
  it("inline rows pass and run before the model", async () => {
    const dir = await writeProject(
      properties(`  - name: keeps_paid_orders
    model: paid_orders
    given:
      - input: ref('stg_orders')
        rows:
          - { id: 1, amount: 10.5, status: paid }
          - { id: 2, amount: 3, status: open }
    expect:
      rows:
        - { id: 1, amount: 10.5, label: paid }
`),
    );

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(await statusOf(dir, "keeps_paid_orders")).toBe("pass");
    expect(result.err.indexOf("test keeps_paid_orders")).toBeLessThan(
      result.err.indexOf("START   model paid_orders"),
    );
  });

  it("a failing unit test skips its model", async () => {
    const dir = await writeProject(
      properties(`  - name: wrong_amount
    model: paid_orders
    given:
      - input: ref('stg_orders')
        rows: [{ id: 1, amount: 10, status: paid }]
    expect:
      rows: [{ id: 1, amount: 99 }]
`),
    );

    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(1);
    const all = await results(dir);
    expect(all.find((r) => r.name === "wrong_amount")).toMatchObject({
      status: "fail",
      failures: 2,
    });
    expect(await statusOf(dir, "paid_orders")).toBe("skipped");
    expect(await statusOf(dir, "stg_orders")).toBe("success");
  });

  it("csv rows, fixtures and var overrides", async () => {
    const dir = await writeProject({
      ...properties(`  - name: csv_given
    model: paid_orders
    overrides:
      vars: { label: settled }
    given:
      - input: ref('stg_orders')
        format: csv
        fixture: two_orders
    expect:
      format: csv
      rows: |
        id,amount,label
        1,10,settled
        3,7.25,settled
`),
      "tests/fixtures/two_orders.csv":
        "id,amount,status\n1,10,paid\n2,5,open\n3,7.25,paid\n",
    });

    const result = await runCli([
      "test",
      "--project-dir",
      dir,
      "--select",
      "test_type:unit",
    ]);

    expect(result.code).toBe(0);
    expect((await results(dir)).map((r) => r.name)).toEqual(["csv_given"]);
    expect(await statusOf(dir, "csv_given")).toBe("pass");
  });

  it("macro and is_incremental overrides with this", async () => {
    const dir = await writeProject(
      properties(`  - name: incremental_rows
    model: paid_orders
    overrides:
      macros:
        is_incremental: true
        fx_rate: 2
    given:
      - input: ref('stg_orders')
        rows:
          - { id: 1, amount: 10, status: paid }
          - { id: 5, amount: 4, status: paid }
      - input: this
        rows: [{ id: 1, amount: 20, label: paid }]
    expect:
      rows: [{ id: 5, amount: 8 }]
`),
    );

    const result = await runCli(["test", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(await statusOf(dir, "incremental_rows")).toBe("pass");
  });

  it("source inputs", async () => {
    const dir = await writeProject({
      "sources.yml":
        "sources:\n  - name: shop\n    tables:\n      - name: orders\n        format: csv\n        path: landing/orders.csv\n",
      "models/big.sql":
        "select id from {{ source('shop', 'orders') }} where amount > 100",
      "models/big.yml": `unit_tests:
  - name: big_only
    model: big
    given:
      - input: source('shop', 'orders')
        rows: [{ id: 1, amount: 50 }, { id: 2, amount: 500 }]
    expect:
      rows: [{ id: 2 }]
`,
    });

    const result = await runCli([
      "test",
      "--project-dir",
      dir,
      "--select",
      "big_only",
    ]);

    expect(result.code).toBe(0);
    expect(await statusOf(dir, "big_only")).toBe("pass");
  });

  it("unit tests of a macro alone", async () => {
    const dir = await writeProject(
      properties(`  - name: cents_text
    macro: cents_to_euros
    args: [price]
    expect:
      output: (price / 100.0)
  - name: cents_values
    macro: cents_to_euros
    args: { column: price }
    given:
      - input: prices
        rows: [{ price: 250 }, { price: 5 }]
    expect:
      rows: [{ price: 250, value: 2.5 }, { price: 5, value: 0.05 }]
  - name: cents_wrong
    macro: cents_to_euros
    args: [price]
    expect:
      output: price / 100
`),
    );

    const result = await runCli(["test", "--project-dir", dir]);

    expect(result.code).toBe(1);
    expect(await statusOf(dir, "cents_text")).toBe("pass");
    expect(await statusOf(dir, "cents_values")).toBe("pass");
    expect(await statusOf(dir, "cents_wrong")).toBe("fail");
  });

  it("resource_type:unit_test and test_type:data", async () => {
    const dir = await writeProject({
      ...properties(`  - name: keeps_paid
    model: paid_orders
    given:
      - input: ref('stg_orders')
        rows: [{ id: 1, amount: 1, status: paid }]
    expect:
      rows: [{ id: 1 }]
`),
      "models/paid.yml":
        "models:\n  - name: paid_orders\n    columns:\n      - name: id\n        tests: [not_null]\n",
    });
    const list = async (selector: string): Promise<string> =>
      (
        await runCli([
          "ls",
          "--project-dir",
          dir,
          "--select",
          selector,
          "--resource-type",
          "test",
        ])
      ).out;

    expect(await list("resource_type:unit_test")).toBe("keeps_paid");
    expect(await list("test_type:data")).toBe("not_null_paid_orders_id");
  });
});

describe("unit test errors", () => {
  const cases: [string, string, string][] = [
    [
      "input not given",
      `  - name: no_input
    model: paid_orders
    expect:
      rows: [{ id: 1 }]
`,
      "unit test no_input: paid_orders reads ref('stg_orders'), which the test does not give",
    ],
    [
      "unknown model",
      `  - name: ghost
    model: nothing_here
    expect:
      rows: []
`,
      "unit test ghost: model nothing_here does not exist or is disabled",
    ],
    [
      "invalid input",
      `  - name: odd_input
    model: paid_orders
    given:
      - input: stg_orders
        rows: []
    expect:
      rows: []
`,
      "unit test odd_input: given input stg_orders is not ref('model'), source('source', 'table') or this",
    ],
    [
      "model and macro",
      `  - name: both
    model: paid_orders
    macro: fx_rate
    expect:
      rows: []
`,
      "unit test both: needs exactly one of model: and macro:",
    ],
    [
      "missing fixture",
      `  - name: lost_fixture
    model: paid_orders
    given:
      - input: ref('stg_orders')
        format: csv
        fixture: absent
    expect:
      rows: []
`,
      "unit test lost_fixture: fixture absent of given ref('stg_orders') not found at tests/fixtures/absent.csv",
    ],
    [
      "fixture outside tests/fixtures",
      `  - name: far_fixture
    model: paid_orders
    given:
      - input: ref('stg_orders')
        format: csv
        fixture: ../../orders
    expect:
      rows: []
`,
      "unit test far_fixture: fixture ../../orders of given ref('stg_orders') is outside tests/fixtures",
    ],
    [
      "unknown key",
      `  - name: typo
    model: paid_orders
    expected:
      rows: []
`,
      "invalid unit test at unit_tests.0",
    ],
  ];
  for (const [label, yaml, message] of cases) {
    it(label, async () => {
      const dir = await writeProject(properties(yaml));

      const result = await runCli(["compile", "--project-dir", dir]);

      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
      expect(result.err).toContain("models/unit.yml");
    });
  }
});
