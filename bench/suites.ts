import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { generateProject, modelFile, type Layout } from "./generate-project.ts";
import { measure, summarize, type Command, type Summary } from "./measure.ts";

/** Folder of the benchmark's projects, peer installs and scratch files. */
export const workDir = path.resolve(import.meta.dirname, ".work");
const repoDir = path.resolve(import.meta.dirname, "..");

/** One row of the results: a tool doing one thing at one size. */
export interface Result {
  readonly benchmark: string;
  readonly tool: string;
  readonly size: string;
  readonly command: string;
  readonly summary: Summary;
}

export interface SuiteOptions {
  readonly runs: number;
  readonly log: (line: string) => void;
}

const bundled = new Set<string>();

/**
 * Returns the command that runs a bench script bundled the way `npm ci`
 * bundles the CLI, so the times include Node's start-up but no TypeScript
 * transpiling. The script is bundled from the current sources once per
 * benchmark run.
 */
export function bundledNode(script: string, args: readonly string[]): Command {
  const bundle = path.join(
    workDir,
    "bundles",
    `${path.basename(script, ".ts")}.mjs`,
  );
  if (!bundled.has(script)) {
    execFileSync(process.execPath, [
      path.join(repoDir, "scripts", "bundle-cli.mjs"),
      script,
      path.relative(repoDir, bundle),
    ]);
    bundled.add(script);
  }
  return { program: process.execPath, args: [bundle, ...args], cwd: repoDir };
}

const dbtProgram = path.join(workDir, "venv", "bin", "dbt");
const dataformProgram = path.join(
  workDir,
  "dataform",
  "node_modules",
  ".bin",
  "dataform",
);
// dbt sends usage statistics to its vendor unless these are set.
const dbtEnv = { DBT_SEND_ANONYMOUS_USAGE_STATS: "false", DO_NOT_TRACK: "1" };

/** Reports which peer installs exist under bench/.work. */
export function peersInstalled(): { dbt: boolean; dataform: boolean } {
  return {
    dbt: existsSync(dbtProgram),
    dataform: existsSync(dataformProgram),
  };
}

async function project(layout: Layout, models: number): Promise<string> {
  const dir = path.join(workDir, "projects", `${layout}-${models}`);
  await generateProject(dir, layout, { models });
  if (layout === "dataform") {
    // Dataform loads @dataform/core from the project's own node_modules
    // and rejects a symbolic link to another folder, so copy it.
    const core = path.join("node_modules", "@dataform", "core");
    await cp(path.join(workDir, "dataform", core), path.join(dir, core), {
      recursive: true,
    });
  }
  return dir;
}

/** Appends a comment to one model, a different one on every call. */
async function changeOneModel(
  dir: string,
  layout: Layout,
  models: number,
  run: number,
): Promise<void> {
  const name = `int_${String(Math.floor(models / 2)).padStart(5, "0")}`;
  const file = path.join(
    dir,
    modelFile(layout, { name, folder: "intermediate" }),
  );
  const text = await readFile(file, "utf8");
  await writeFile(file, `${text}-- changed in run ${run}\n`);
}

/**
 * Runs `cold`, `warm` and `one model changed` in turn, `runs` times, so the
 * three scenarios see the same machine load. `clean` runs before each cold
 * sample.
 */
async function threeScenarios(
  options: SuiteOptions,
  label: string,
  command: Command,
  clean: () => Promise<void>,
  change: (run: number) => Promise<void>,
): Promise<Record<"cold" | "warm" | "changed", Summary>> {
  const samples = { cold: [], warm: [], changed: [] } as Record<
    "cold" | "warm" | "changed",
    Awaited<ReturnType<typeof measure>>[]
  >;
  for (let run = 1; run <= options.runs; run++) {
    await clean();
    samples.cold.push(await measure(command));
    samples.warm.push(await measure(command));
    await change(run);
    samples.changed.push(await measure(command));
    options.log(
      `${label} run ${run}: cold ${samples.cold.at(-1)!.seconds.toFixed(2)} s, warm ${samples.warm.at(-1)!.seconds.toFixed(2)} s, changed ${samples.changed.at(-1)!.seconds.toFixed(2)} s`,
    );
  }
  return {
    cold: summarize(samples.cold),
    warm: summarize(samples.warm),
    changed: summarize(samples.changed),
  };
}

function rows(
  tool: string,
  size: number,
  command: string,
  scenarios: Record<"cold" | "warm" | "changed", Summary>,
): Result[] {
  const names = { cold: "cold", warm: "warm", changed: "one model changed" };
  return (["cold", "warm", "changed"] as const).map((key) => ({
    benchmark: `compile, ${names[key]}`,
    tool,
    size: `${size} models`,
    command,
    summary: scenarios[key],
  }));
}

/** strata compile of a generated project: cold, warm, one model changed. */
export async function strataCompile(
  options: SuiteOptions,
  models: number,
): Promise<Result[]> {
  const dir = await project("strata", models);
  const command = bundledNode("bench/strata-cli.ts", [
    "compile",
    "--project-dir",
    dir,
  ]);
  const scenarios = await threeScenarios(
    options,
    `strata compile ${models}`,
    command,
    () => rm(path.join(dir, "target"), { recursive: true, force: true }),
    (run) => changeOneModel(dir, "strata", models, run),
  );
  return rows("strata", models, "strata compile", scenarios);
}

/** dbt parse of the same project: its partial parsing is its warm path. */
export async function dbtParse(
  options: SuiteOptions,
  models: number,
): Promise<Result[]> {
  const dir = await project("dbt", models);
  const command: Command = {
    program: dbtProgram,
    args: ["parse", "--profiles-dir", dir, "--project-dir", dir],
    cwd: dir,
    env: dbtEnv,
  };
  const scenarios = await threeScenarios(
    options,
    `dbt parse ${models}`,
    command,
    () => rm(path.join(dir, "target"), { recursive: true, force: true }),
    (run) => changeOneModel(dir, "dbt", models, run),
  );
  return rows("dbt-core + dbt-duckdb", models, "dbt parse", scenarios);
}

/** Measures a command `runs` times, calling `before` ahead of each run. */
export async function repeated(
  options: SuiteOptions,
  row: Omit<Result, "summary">,
  command: Command,
  before: () => Promise<void>,
): Promise<Result> {
  const samples = [];
  for (let run = 1; run <= options.runs; run++) {
    await before();
    samples.push(await measure(command));
    options.log(
      `${row.tool} ${row.command} ${row.size} run ${run}: ${samples.at(-1)!.seconds.toFixed(2)} s`,
    );
  }
  return { ...row, summary: summarize(samples) };
}

/** dbt compile from scratch: parse plus rendering every node. */
export async function dbtCompile(
  options: SuiteOptions,
  models: number,
): Promise<Result> {
  const dir = await project("dbt", models);
  return repeated(
    options,
    {
      benchmark: "compile, cold",
      tool: "dbt-core + dbt-duckdb",
      size: `${models} models`,
      command: "dbt compile",
    },
    {
      program: dbtProgram,
      args: ["compile", "--profiles-dir", dir, "--project-dir", dir],
      cwd: dir,
      env: dbtEnv,
    },
    () => rm(path.join(dir, "target"), { recursive: true, force: true }),
  );
}

/** Dataform compile; it keeps no state between runs, so every run is cold. */
export async function dataformCompile(
  options: SuiteOptions,
  models: number,
): Promise<Result> {
  const dir = await project("dataform", models);
  return repeated(
    options,
    {
      benchmark: "compile, cold",
      tool: "Dataform",
      size: `${models} models`,
      command: "dataform compile",
    },
    // Dataform stops a compile after 60 s by default; 10,000 models need more.
    {
      program: dataformProgram,
      args: ["compile", dir, "--timeout=1h"],
      cwd: dir,
    },
    async () => undefined,
  );
}

/**
 * `strata build` against the same compiled SQL run directly, and dbt build
 * of the same project, interleaved run by run so that they share the load.
 */
export async function buildOverhead(
  options: SuiteOptions,
  models: number,
  withDbt: boolean,
): Promise<Result[]> {
  const strataDir = await project("strata", models);
  const dbtDir = withDbt ? await project("dbt", models) : undefined;
  const directDir = path.join(workDir, "direct", String(models));
  const strata = bundledNode("bench/strata-cli.ts", [
    "build",
    "--project-dir",
    strataDir,
  ]);
  const direct = bundledNode("bench/direct-build.ts", [
    strataDir,
    directDir,
    "4",
  ]);
  const samples: Record<string, Awaited<ReturnType<typeof measure>>[]> = {
    strata: [],
    direct: [],
    dbt: [],
  };
  for (let run = 1; run <= options.runs; run++) {
    await rm(path.join(strataDir, "target"), { recursive: true, force: true });
    samples.strata!.push(await measure(strata));
    samples.direct!.push(await measure(direct));
    if (dbtDir) {
      await rm(path.join(dbtDir, "target"), { recursive: true, force: true });
      await rm(path.join(dbtDir, "warehouse"), { recursive: true });
      await mkdir(path.join(dbtDir, "warehouse"));
      samples.dbt!.push(
        await measure({
          program: dbtProgram,
          args: ["build", "--profiles-dir", dbtDir, "--project-dir", dbtDir],
          cwd: dbtDir,
          env: dbtEnv,
        }),
      );
    }
    options.log(
      `build ${models} run ${run}: ${Object.entries(samples)
        .filter(([, list]) => list.length > 0)
        .map(([tool, list]) => `${tool} ${list.at(-1)!.seconds.toFixed(2)} s`)
        .join(", ")}`,
    );
  }
  const row = (tool: string, command: string, key: string): Result => ({
    benchmark: "build",
    tool,
    size: `${models} models`,
    command,
    summary: summarize(samples[key]!),
  });
  return [
    row("strata", "strata build", "strata"),
    row("DuckDB direct", "bench/direct-build.ts", "direct"),
    ...(dbtDir ? [row("dbt-core + dbt-duckdb", "dbt build", "dbt")] : []),
  ];
}
