import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  queryCatalog,
  runCli,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

// a -> b -> c, and a -> d; d is a table with a test that fails on demand.
const files = {
  "models/a.sql": "select 1 as id",
  "models/b.sql":
    "{{ config(materialized='table') }}select id, 'b' as src from {{ ref('a') }}",
  "models/c.sql": "select * from {{ ref('b') }}",
  "models/d.sql":
    "{{ config(materialized='table', meta={'owner': 'finance'}) }}select id from {{ ref('a') }}",
  "models/d.yml":
    "models:\n  - name: d\n    columns:\n      - name: id\n        tests: [not_null]\n",
};

const list = async (dir: string, ...args: string[]): Promise<string[]> => {
  const result = await runCli([
    "ls",
    "--project-dir",
    dir,
    "--resource-type",
    "model",
    ...args,
  ]);
  expect(result.err).toBe("");
  expect(result.code).toBe(0);
  return result.out.split("\n").filter(Boolean).sort();
};

describe("config selector", () => {
  it("config.materialized:table", async () => {
    const dir = await writeProject(files);

    expect(await list(dir, "--select", "config.materialized:table")).toEqual([
      "b",
      "d",
    ]);
    expect(await list(dir, "--select", "config.materialized:view")).toEqual([
      "a",
      "c",
    ]);
  });
});

describe("state selectors", () => {
  let dir: string;
  let state: string;
  beforeAll(async () => {
    dir = await writeProject(files);
    const build = await runCli(["build", "--project-dir", dir]);
    expect(build.code).toBe(0);
    state = path.join(dir, "prod-state");
    await cp(path.join(dir, "target"), state, { recursive: true });
  });

  it("state:modified is empty without changes", async () => {
    expect(
      await list(dir, "--select", "state:modified", "--state", state),
    ).toEqual([]);
  });

  it("state:modified finds body, config and new models", async () => {
    const copy = await writeProject(files);
    await writeFiles(copy, {
      "models/c.sql": "select id from {{ ref('b') }}",
      "models/d.yml":
        "models:\n  - name: d\n    config:\n      tags: [finance]\n",
      "models/e.sql": "select 2 as id",
    });
    const at = ["--state", state];

    expect(await list(copy, "--select", "state:modified", ...at)).toEqual([
      "c",
      "d",
      "e",
    ]);
    expect(await list(copy, "--select", "state:modified.body", ...at)).toEqual([
      "c",
      "e",
    ]);
    expect(
      await list(copy, "--select", "state:modified.configs", ...at),
    ).toEqual(["d", "e"]);
    expect(await list(copy, "--select", "state:new", ...at)).toEqual(["e"]);
    expect(await list(copy, "--select", "state:modified+", ...at)).toEqual([
      "c",
      "d",
      "e",
    ]);
  });

  it("state: without --state is an error", async () => {
    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "state:modified",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "selector 'state:modified' compares with an earlier run, but no --state folder was given",
    );
    expect(result.err).toContain("Pass --state DIR");
  });

  it("--state without manifest is an error", async () => {
    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "state:modified",
      "--state",
      path.join(dir, "models"),
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("manifest.json does not exist");
  });

  it("unknown state value is rejected", async () => {
    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "state:changed",
      "--state",
      state,
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "invalid selector 'state:changed': unknown state changed",
    );
  });
});

describe("result selectors and retry", () => {
  it("result:fail selects the failed test; retry reruns it", async () => {
    const dir = await writeProject({
      ...files,
      "models/d.sql":
        "{{ config(materialized='table') }}select {{ var('d_id', 'null') }} as id from {{ ref('a') }}",
    });
    const first = await runCli(["build", "--project-dir", dir]);
    expect(first.code).toBe(1);
    const state = path.join(dir, "target");

    const failed = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "result:fail",
      "--state",
      state,
    ]);
    expect(failed.out.split("\n")).toEqual(["not_null_d_id"]);

    // Still failing: retry reruns only the failed test and fails again.
    const retried = await runCli(["retry", "--project-dir", dir]);
    expect(retried.code).toBe(1);
    const results = JSON.parse(
      await readFile(path.join(dir, "target", "run_results.json"), "utf8"),
    ) as { metadata: { command: string }; results: { name: string }[] };
    expect(results.metadata.command).toBe("build");
    expect(results.results.map((r) => r.name)).toEqual(["not_null_d_id"]);
  });

  it("retry reruns errored and skipped models", async () => {
    const dir = await writeProject({
      ...files,
      "models/b.sql": "select id, missing_column from {{ ref('a') }}",
    });
    const first = await runCli(["run", "--project-dir", dir]);
    expect(first.code).toBe(1);
    await writeFiles(dir, { "models/b.sql": "select id from {{ ref('a') }}" });

    const retried = await runCli(["retry", "--project-dir", dir]);

    expect(retried.err).not.toContain("ERROR");
    expect(retried.code).toBe(0);
    const results = JSON.parse(
      await readFile(path.join(dir, "target", "run_results.json"), "utf8"),
    ) as { results: { name: string; status: string }[] };
    // A failed run publishes nothing, so retry rebuilds all of it.
    expect(results.results.map((r) => `${r.name}:${r.status}`).sort()).toEqual([
      "a:success",
      "b:success",
      "c:success",
      "d:success",
      "not_null_d_id:pass",
    ]);
    const again = await runCli(["retry", "--project-dir", dir]);
    expect(again.code).toBe(0);
    expect(again.err).toContain("nothing to retry: the last run had no errors");
  });

  it("retry and result: read older run_results", async () => {
    const dir = await writeProject({
      ...files,
      "models/b.sql": "select id, missing_column from {{ ref('a') }}",
    });
    expect((await runCli(["run", "--project-dir", dir])).code).toBe(1);
    // Rewrite the file with the camelCase keys of earlier builds.
    const resultsPath = path.join(dir, "target", "run_results.json");
    const current = JSON.parse(await readFile(resultsPath, "utf8"));
    const older = {
      metadata: {
        ...current.metadata,
        args: { projectDir: dir, lockTimeout: 300, logFormat: "text" },
      },
      results: current.results.map(
        ({ duration_ms, ...rest }: { duration_ms: number }) => ({
          ...rest,
          durationMs: duration_ms,
        }),
      ),
    };
    await writeFile(resultsPath, JSON.stringify(older));
    const state = path.join(dir, "older-state");
    await cp(path.join(dir, "target"), state, { recursive: true });

    const errored = await list(
      dir,
      "--select",
      "result:error",
      "--state",
      state,
    );
    expect(errored).toEqual(["b"]);

    await writeFiles(dir, { "models/b.sql": "select id from {{ ref('a') }}" });
    const retried = await runCli(["retry", "--project-dir", dir]);
    expect(retried.code).toBe(0);
    const results = JSON.parse(await readFile(resultsPath, "utf8")) as {
      results: { name: string; status: string }[];
    };
    expect(results.results.map((r) => `${r.name}:${r.status}`).sort()).toEqual([
      "a:success",
      "b:success",
      "c:success",
      "d:success",
      "not_null_d_id:pass",
    ]);
  });

  it("retry without run results is an error", async () => {
    const dir = await writeProject(files);

    const result = await runCli(["retry", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain("nothing to retry from:");
    expect(result.err).toContain("run_results.json does not exist");
  });
});

describe("defer", () => {
  it("reads unselected parents from the state catalog", async () => {
    const prod = await writeProject(files);
    expect((await runCli(["build", "--project-dir", prod])).code).toBe(0);
    const dev = await writeProject({
      ...files,
      "models/c.sql": "select id, src, 'dev' as env from {{ ref('b') }}",
    });

    const result = await runCli([
      "run",
      "--project-dir",
      dev,
      "--select",
      "c",
      "--defer",
      "--state",
      path.join(prod, "target"),
    ]);

    expect(result.err).not.toContain("error");
    expect(result.code).toBe(0);
    const rows = await queryCatalog(
      dev,
      `attach '${path.join(prod, "target", "strata.duckdb")}' as strata_state (read_only); select * from main.c`,
    );
    expect(rows).toEqual([{ id: 1, src: "b", env: "dev" }]);
  });

  it("--defer without --state is an error", async () => {
    const dir = await writeProject(files);

    const result = await runCli(["run", "--project-dir", dir, "--defer"]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "--defer reads unselected parents from an earlier run, but no --state folder was given",
    );
  });
});

describe("selectors file", () => {
  const selectors = `selectors:
  - name: tables
    definition:
      union:
        - method: config.materialized
          value: table
        - exclude:
            - d
  - name: upstream_of_c
    definition:
      method: fqn
      value: c
      parents: true
  - name: both
    default: true
    definition:
      intersection:
        - "a+"
        - tag: never
`;

  it("--selector evaluates definitions", async () => {
    const dir = await writeProject({ ...files, "selectors.yml": selectors });

    expect(await list(dir, "--selector", "tables")).toEqual(["b"]);
    expect(await list(dir, "--selector", "upstream_of_c")).toEqual([
      "a",
      "b",
      "c",
    ]);
    // The default selector applies when nothing is selected.
    expect(await list(dir)).toEqual([]);
  });

  it("unknown selector name is an error", async () => {
    const dir = await writeProject({ ...files, "selectors.yml": selectors });

    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--selector",
      "nightly",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "selectors.yml defines no selector nightly (defined: tables, upstream_of_c, both)",
    );
  });

  it("invalid definition names its position", async () => {
    const dir = await writeProject({
      ...files,
      "selectors.yml":
        "selectors:\n  - name: broken\n    definition:\n      union: tag\n",
    });

    const result = await runCli(["ls", "--project-dir", dir]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "selectors.yml:4:14: invalid selectors.yml at selectors.0.definition.union: union takes a list of definitions",
    );
  });
});
