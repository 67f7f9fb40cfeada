import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  twoCountries,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

interface RecordedRun {
  metadata: {
    command: string;
    target?: string;
    args: Record<string, unknown>;
  };
  results: { name: string; status: string; country: string | null }[];
}

async function lastRun(dir: string): Promise<RecordedRun> {
  const file = path.join(dir, "target", "run_results.json");
  return JSON.parse(await readFile(file, "utf8")) as RecordedRun;
}

// Without an is_incremental() filter, an incremental run appends every row
// again, so a full refresh shows as the rows appearing once.
const incremental =
  "{{ config(materialized='incremental') }}select id from {{ ref('numbers') }}";
const broken =
  "{{ config(materialized='incremental') }}select id, missing_column from {{ ref('numbers') }}";

/**
 * Builds an incremental model, then fails a second build of it run with
 * `buildArgs`, and fixes the model. Returns the project folder.
 */
async function failedIncrementalBuild(...buildArgs: string[]): Promise<string> {
  const dir = await writeProject({
    "models/numbers.sql":
      "{{ config(materialized='table') }}select * from (values (1), (2)) as t(id)",
    "models/events.sql": incremental,
  });
  expect((await runCli(["build", "--project-dir", dir])).code).toBe(0);
  await writeFiles(dir, { "models/events.sql": broken });
  const failed = await runCli(["build", "--project-dir", dir, ...buildArgs]);
  expect(failed.code).toBe(1);
  await writeFiles(dir, { "models/events.sql": incremental });
  return dir;
}

const events = (dir: string) =>
  queryCatalog(dir, "select id::integer as id from main.events order by id");

describe("retry arguments", () => {
  it("retry keeps --full-refresh", async () => {
    const dir = await failedIncrementalBuild("--full-refresh");

    const retried = await runCli(["retry", "--project-dir", dir]);

    expect(retried.code).toBe(0);
    const run = await lastRun(dir);
    expect(run.metadata.args.full_refresh).toBe(true);
    expect(run.results.map((r) => `${r.name}:${r.status}`)).toEqual([
      "events:success",
    ]);
    expect(await events(dir)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("retry without --full-refresh appends", async () => {
    const dir = await failedIncrementalBuild();

    const retried = await runCli(["retry", "--project-dir", dir]);

    expect(retried.code).toBe(0);
    expect((await lastRun(dir)).metadata.args.full_refresh).toBe(false);
    expect(await events(dir)).toEqual([
      { id: 1 },
      { id: 1 },
      { id: 2 },
      { id: 2 },
    ]);
  });

  it("retry reads an older fullRefresh key", async () => {
    const dir = await failedIncrementalBuild("--full-refresh");
    // Earlier builds of strata recorded the arguments in camelCase.
    const run = await lastRun(dir);
    const { full_refresh: fullRefresh, ...args } = run.metadata.args;
    run.metadata.args = { ...args, fullRefresh };
    await writeFile(
      path.join(dir, "target", "run_results.json"),
      JSON.stringify(run),
    );

    const retried = await runCli(["retry", "--project-dir", dir]);

    expect(retried.code).toBe(0);
    expect(await events(dir)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("retry keeps --country, and --threads overrides", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "models/a.sql": "select 1 as id",
      "models/b.sql": "select id, missing_column from {{ ref('a') }}",
    });
    const args = ["--project-dir", dir, "--country", "fr", "--threads", "1"];
    expect((await runCli(["build", ...args])).code).toBe(1);
    await writeFiles(dir, { "models/b.sql": "select id from {{ ref('a') }}" });

    const retried = await runCli([
      "retry",
      "--project-dir",
      dir,
      "--threads",
      "2",
    ]);

    expect(retried.code).toBe(0);
    const run = await lastRun(dir);
    expect(run.metadata.args.country).toBe("fr");
    expect(run.metadata.args.threads).toBe(2);
    expect(run.results.map((r) => `${r.name}:${r.country}`)).toEqual(["b:fr"]);
  });

  it.each(["run", "build"])(
    "retry after %s leaves succeeded countries alone",
    async (command) => {
      // b fails in fr only. An append-only events model shows a rerun in de
      // as its rows appearing twice.
      const dir = await writeProject({
        "countries.yml": twoCountries,
        "models/numbers.sql":
          "{{ config(materialized='table') }}select * from (values (1), (2)) as t(id)",
        "models/events.sql": incremental,
        "models/b.sql":
          "select {{ 'missing_column' if country == 'fr' else '1' }} as x",
      });
      const failed = await runCli([command, "--project-dir", dir]);
      expect(failed.code).toBe(1);
      await writeFiles(dir, { "models/b.sql": "select 1 as x" });

      const retried = await runCli(["retry", "--project-dir", dir]);

      expect(retried.code).toBe(0);
      const rerun = (await lastRun(dir)).results.map((r) => r.country);
      expect(new Set(rerun)).toEqual(new Set(["fr"]));
      const de = await queryCatalog(
        dir,
        "select id::integer as id from de.events order by id",
      );
      expect(de).toEqual([{ id: 1 }, { id: 2 }]);
    },
  );

  it("retry rejects another --country or --target", async () => {
    const dir = await writeProject({
      "countries.yml": twoCountries,
      "models/b.sql": "select missing_column",
    });
    const build = ["build", "--project-dir", dir, "--country", "fr"];
    expect((await runCli(build)).code).toBe(1);
    const before = await lastRun(dir);

    const country = await runCli([
      "retry",
      "--project-dir",
      dir,
      "--country",
      "de",
    ]);
    const target = await runCli([
      "retry",
      "--project-dir",
      dir,
      "--target",
      "prod",
    ]);

    expect(country.code).toBe(2);
    expect(country.err).toContain(
      "retry reruns the last build as it ran, with --country fr, so it cannot take --country de",
    );
    expect(country.err).toContain("run strata build --country de yourself");
    expect(target.code).toBe(2);
    expect(target.err).toContain(
      "retry reruns the last build as it ran, on target dev, so it cannot take --target prod",
    );
    expect(await lastRun(dir)).toEqual(before);
  });
  it("retry accepts the default target by name", async () => {
    const dir = await failedIncrementalBuild();

    const retried = await runCli([
      "retry",
      "--project-dir",
      dir,
      "--target",
      "dev",
    ]);

    expect(retried.code).toBe(0);
    expect((await lastRun(dir)).metadata.target).toBe("dev");
  });

  it("retry after on_run_start failed builds every node", async () => {
    const dir = await writeProject({
      "strata.yml":
        'name: p\non_run_start:\n  - "select * from missing_table"\n',
      "models/a.sql": "select 1 as x",
      "models/b.sql": "select x from {{ ref('a') }}",
    });
    expect((await runCli(["build", "--project-dir", dir])).code).toBe(1);
    await writeFiles(dir, {
      "strata.yml": 'name: p\non_run_start:\n  - "select 1"\n',
    });

    const retried = await runCli(["retry", "--project-dir", dir]);

    expect(retried.code).toBe(0);
    const run = await lastRun(dir);
    expect(run.results.map((r) => `${r.name}:${r.status}`).sort()).toEqual([
      "a:success",
      "b:success",
      "on_run_start:success",
    ]);
    expect(await queryCatalog(dir, "select x from main.b")).toEqual([{ x: 1 }]);
  });
});
