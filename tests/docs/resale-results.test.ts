import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, test } from "vitest";
import { readResaleResults } from "../../src/docs/index.ts";

async function catalogWith(sql: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "strata-results-"));
  const file = path.join(dir, "strata.duckdb");
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  return file;
}

describe("readResaleResults", () => {
  test("groups the summary by country", async () => {
    const file = await catalogWith(`
      create table remarketing_summary as select * from (values
        ('fr', 'HOLD', 3, -10.5, 4.0),
        ('fr', 'PROPOSE_NOW', 2, 100.0, 120.0),
        ('de', 'EXTEND', 1, 5.0, 6.0)
      ) as t(country, segment, vehicles, margin_now_eur, best_margin_eur)`);
    const results = await readResaleResults(file);
    expect(results).toEqual({
      table: "remarketing_summary",
      countries: [
        {
          country: "de",
          segments: [
            {
              segment: "EXTEND",
              vehicles: 1,
              marginNowEur: 5,
              bestMarginEur: 6,
            },
          ],
        },
        {
          country: "fr",
          segments: [
            {
              segment: "PROPOSE_NOW",
              vehicles: 2,
              marginNowEur: 100,
              bestMarginEur: 120,
            },
            {
              segment: "HOLD",
              vehicles: 3,
              marginNowEur: -10.5,
              bestMarginEur: 4,
            },
          ],
        },
      ],
    });
  });

  test("aggregates candidates without a summary", async () => {
    const file = await catalogWith(`
      create table resale_candidates as select * from (values
        (1, 'HOLD', 10.0, 12.0), (2, 'HOLD', null, 3.0)
      ) as t(vehicle_id, segment, margin_now_eur, best_margin_eur)`);
    const results = await readResaleResults(file);
    expect(results).toEqual({
      table: "resale_candidates",
      countries: [
        {
          country: "all",
          segments: [
            {
              segment: "HOLD",
              vehicles: 2,
              marginNowEur: 10,
              bestMarginEur: 15,
            },
          ],
        },
      ],
    });
  });

  test("other catalogs give a reason", async () => {
    const file = await catalogWith("create table orders (id integer)");
    await expect(readResaleResults(file)).resolves.toEqual({
      reason:
        "the catalog has neither remarketing_summary nor resale_candidates",
    });
  });

  test("missing catalog gives a reason", async () => {
    const file = path.join(tmpdir(), "strata-no-such-dir", "strata.duckdb");
    await expect(readResaleResults(file)).resolves.toEqual({
      reason: `no catalog at ${file}; run strata build first`,
    });
  });

  test("locked catalog gives a reason", async () => {
    const file = await catalogWith("create table remarketing_summary (x int)");
    // A second process opens the file read-write and keeps its lock, as a
    // running build does.
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api";
         const db = await DuckDBInstance.create(${JSON.stringify(file)});
         await db.connect();
         console.log("locked");
         setTimeout(() => {}, 30000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.once("data", () => resolve()),
      );
      const results = await readResaleResults(file);
      expect(results).toHaveProperty("reason");
      expect((results as { reason: string }).reason).toContain(
        `could not open ${file}`,
      );
    } finally {
      holder.kill("SIGKILL");
    }
  });
});
