import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile/index.ts";
import type { ModelNode } from "../../src/compile/index.ts";
import { dialectFor, SqlError, type Engine } from "../../src/engines/index.ts";
import type { StrataEvent } from "../../src/events/index.ts";
import { buildGraph } from "../../src/graph/index.ts";
import { loadProject } from "../../src/project/index.ts";
import { executePlan } from "../../src/run/execute-plan.ts";
import { runCli, writeProject } from "../helpers/project.ts";

const outOfMemory = () =>
  new SqlError("Out of Memory Error: failed to allocate data of size 4.0 MiB");

/**
 * Records each materialization with the number of models being built at
 * its start. `build` decides what each call does; the scheduler around it
 * is what these tests check.
 */
function fakeEngine(build: (name: string, call: number) => Promise<void>): {
  engine: Engine;
  calls: { name: string; beside: number }[];
} {
  const calls: { name: string; beside: number }[] = [];
  let building = 0;
  const engine = {
    async materialize(model: ModelNode) {
      calls.push({ name: model.name, beside: building });
      building++;
      try {
        await build(
          model.name,
          calls.filter((c) => c.name === model.name).length,
        );
      } finally {
        building--;
      }
      return { rows: 1 };
    },
  } as unknown as Engine;
  return { engine, calls };
}

async function plan(models: Record<string, string>, engine: Engine) {
  const dir = await writeProject({
    "strata.yml": "models:\n  materialized: table\n",
    ...models,
  });
  const project = await loadProject(dir);
  const compiled = compileProject(project, {
    dialect: dialectFor("duckdb"),
    country: null,
    target: {},
  });
  const graph = buildGraph(compiled);
  const events: StrataEvent[] = [];
  const results = await executePlan({
    engine,
    graph,
    nodes: new Set(
      [...graph.nodes.values()]
        .filter((node) => node.kind === "model")
        .map((node) => node.id),
    ),
    threads: 2,
    scope: { country: null, runId: "test" },
    projectDir: dir,
    compiledPaths: new Map(),
    events: (event) => events.push(event),
  });
  return { results, events };
}

const twoModels = {
  "models/big.sql": "select 1 as n",
  "models/other.sql": "select 2 as n",
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a model out of memory beside others", () => {
  it("runs again alone and succeeds", async () => {
    const { engine, calls } = fakeEngine(async (name, call) => {
      await pause(name === "other" ? 30 : 5);
      if (name === "big" && call === 1) throw outOfMemory();
    });
    const { results, events } = await plan(twoModels, engine);

    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["big", "success"],
      ["other", "success"],
    ]);
    expect(results[0]!.message).toBe(
      "ran out of memory beside other nodes, then ran alone",
    );
    const big = calls.filter((c) => c.name === "big");
    expect(big).toHaveLength(2);
    expect(big[1]!.beside).toBe(0);
    const other = calls.find((c) => c.name === "other")!;
    expect(calls.indexOf(other)).toBeLessThan(calls.indexOf(big[1]!));
    expect(events).toContainEqual({
      kind: "log",
      level: "warn",
      message:
        "model big ran out of memory beside other nodes; running it again alone",
    });
  });

  it("fails with the hint when alone fails too", async () => {
    const { engine, calls } = fakeEngine(async (name) => {
      await pause(5);
      if (name === "big") throw outOfMemory();
    });
    const { results } = await plan(twoModels, engine);

    const big = results.find((r) => r.name === "big")!;
    expect(big.status).toBe("error");
    expect(big.message).toContain("--threads 1");
    expect(big.message).toMatch(/^ran out of memory beside other nodes/);
    expect(calls.filter((c) => c.name === "big")).toHaveLength(2);
  });

  it("is not retried when it ran alone", async () => {
    const { engine, calls } = fakeEngine(async () => {
      throw outOfMemory();
    });
    const { results } = await plan({ "models/big.sql": "select 1" }, engine);

    expect(results[0]!.status).toBe("error");
    expect(calls).toHaveLength(1);
  });

  it("is not retried for other errors", async () => {
    const { engine, calls } = fakeEngine(async (name) => {
      await pause(5);
      if (name === "big") throw new SqlError("Binder Error: no column x");
    });
    const { results } = await plan(twoModels, engine);

    expect(results.find((r) => r.name === "big")!.status).toBe("error");
    expect(calls.filter((c) => c.name === "big")).toHaveLength(1);
  });
});

describe("two models over DuckDB's memory limit together", () => {
  it("both build, one after the other", async () => {
    // Each query fits in 60 MB alone; two at once ran out of memory in
    // every one of 8 tries on the development machine.
    const query =
      "select list(repeat('x', 100) || i) as l from range(70000) as t(i)";
    const dir = await writeProject({
      "strata.yml": [
        "models:",
        "  materialized: table",
        "targets:",
        "  dev:",
        "    threads: 2",
        "    settings:",
        "      memory_limit: 60MB",
        "      threads: 1",
        "",
      ].join("\n"),
      "models/a.sql": query,
      "models/b.sql": query,
    });
    const result = await runCli(["build", "--project-dir", dir]);

    expect(result.code).toBe(0);
    expect(result.err).toContain("running it again alone");
    const runResults = JSON.parse(
      await readFile(path.join(dir, "target/run_results.json"), "utf8"),
    ) as { results: { status: string; message?: string }[] };
    expect(runResults.results.map((r) => r.status)).toEqual([
      "success",
      "success",
    ]);
  });
});
