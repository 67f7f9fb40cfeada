import type { Result } from "./suites.ts";

/** The machine and moment a report was measured on. */
export interface Machine {
  readonly cores: number;
  readonly memoryGiB: number;
  readonly cpu: string;
  readonly node: string;
  readonly date: string;
  /** One-minute load average when the run started, and when it ended. */
  readonly loadAverage: number;
  loadAverageEnd?: number;
}

const seconds = (value: number | undefined): string =>
  value === undefined ? "-" : value.toFixed(2);

function find(
  results: readonly Result[],
  tool: string,
  benchmark: string,
  size: string,
  command?: string,
): Result | undefined {
  return results.find(
    (r) =>
      r.tool === tool &&
      r.benchmark === benchmark &&
      r.size === size &&
      (command === undefined || r.command === command),
  );
}

/** Median wall time over median wall time, as `0.12×`. */
function ratio(a: Result | undefined, b: Result | undefined): string {
  if (!a || !b) return "-";
  return `${(a.summary.seconds / b.summary.seconds).toFixed(2)}×`;
}

function targetRows(results: readonly Result[]): string[] {
  const rows: string[] = [];
  const compile = (scenario: string) =>
    find(results, "strata", `compile, ${scenario}`, "10000 models");
  const verdict = (value: number | undefined, limit: number): string => {
    if (value === undefined) return "not measured";
    return value <= limit ? "met" : "not met";
  };
  for (const [scenario, limit] of [
    ["cold", 1.0],
    ["warm", 0.3],
    ["one model changed", 0.3],
  ] as const) {
    const result = compile(scenario);
    rows.push(
      `| ${scenario} compile, 10,000 models | ≤ ${limit.toFixed(1)} s | ${seconds(result?.summary.seconds)} s | ${seconds(result?.summary.reported.inProcessSeconds)} s | ${verdict(result?.summary.reported.inProcessSeconds, limit)} (in process), ${verdict(result?.summary.seconds, limit)} (whole process) |`,
    );
  }

  const build = results.filter((r) => r.benchmark === "build");
  const strata = build.find((r) => r.tool === "strata");
  const direct = build.find((r) => r.tool === "DuckDB direct");
  if (strata && direct) {
    const wall = strata.summary.seconds / direct.summary.seconds;
    const inProcess =
      strata.summary.reported.inProcessSeconds! /
      direct.summary.reported.inProcessSeconds!;
    rows.push(
      `| \`strata build\` / same SQL run directly (${strata.size}) | ≤ 1.10 | ${wall.toFixed(2)} | ${inProcess.toFixed(2)} | ${wall <= 1.1 ? "met" : "not met"} (whole process), ${inProcess <= 1.1 ? "met" : "not met"} (in process) |`,
    );
  }

  const resale = find(
    results,
    "strata",
    "resale build, one country",
    "1,000,000 vehicles",
  );
  rows.push(
    resale
      ? `| one country, 1,000,000 vehicles, full build | ≤ 60 s and ≤ 4 GB RSS | ${seconds(resale.summary.seconds)} s, ${resale.summary.peakRssMiB.toFixed(0)} MiB | ${seconds(resale.summary.reported.inProcessSeconds)} s | ${resale.summary.seconds <= 60 && resale.summary.peakRssMiB <= 4096 ? "met" : "not met"} |`
      : "| one country, 1,000,000 vehicles, full build | ≤ 60 s and ≤ 4 GB RSS | not measured | - | not measured |",
  );
  return rows;
}

function peerRows(results: readonly Result[]): string[] {
  const rows: string[] = [];
  const sizes = [
    ...new Set(
      results
        .filter((r) => r.benchmark.startsWith("compile"))
        .map((r) => r.size),
    ),
  ];
  const dbt = "dbt-core + dbt-duckdb";
  for (const size of sizes) {
    for (const scenario of ["cold", "warm", "one model changed"]) {
      const benchmark = `compile, ${scenario}`;
      const strata = find(results, "strata", benchmark, size);
      const parse = find(results, dbt, benchmark, size, "dbt parse");
      if (parse) {
        rows.push(
          `| ${benchmark}, ${size} | strata compile / dbt parse | ${ratio(strata, parse)} |`,
        );
      }
    }
    const cold = find(results, "strata", "compile, cold", size);
    const dbtCompile = find(results, dbt, "compile, cold", size, "dbt compile");
    if (dbtCompile) {
      rows.push(
        `| compile, cold, ${size} | strata compile / dbt compile | ${ratio(cold, dbtCompile)} |`,
      );
    }
    const dataform = find(results, "Dataform", "compile, cold", size);
    if (dataform) {
      rows.push(
        `| compile, cold, ${size} | strata compile / dataform compile | ${ratio(cold, dataform)} |`,
      );
    }
  }
  const build = results.filter((r) => r.benchmark === "build");
  const strataBuild = build.find((r) => r.tool === "strata");
  const dbtBuild = build.find((r) => r.tool === dbt);
  if (strataBuild && dbtBuild) {
    rows.push(
      `| build, ${strataBuild.size} | strata build / dbt build | ${ratio(strataBuild, dbtBuild)} |`,
    );
  }
  return rows;
}

/** Renders the results as the Markdown of BENCHMARKS.md. */
export function formatReport(
  results: readonly Result[],
  machine: Machine,
  command: string,
  notes: readonly string[],
): string {
  const lines = [
    "# Benchmarks",
    "",
    `Measured with \`${command}\` on ${machine.date}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB.toFixed(1)} GiB of memory, Node ${machine.node}. One-minute load average ${machine.loadAverage.toFixed(1)} at the start and ${machine.loadAverageEnd?.toFixed(1) ?? "-"} at the end.`,
    "",
    "Each figure is the median of the runs given in its row. Wall time is measured around the child process, so it includes Node's start-up and loading strata's bundled JavaScript (built from the sources at the start of the run by scripts/bundle-cli.mjs, as `npm ci` builds dist/strata.mjs); in-process time is what the command took inside that process, loading the modules it needs included (`runCli()` in bench/strata-cli.ts, the script's body in bench/direct-build.ts). CPU time (user plus system) and peak RSS come from GNU time. Ratios compare medians of the same run.",
    "",
    "## Targets",
    "",
    "| measure | target | wall | in process | verdict |",
    "| --- | --- | --- | --- | --- |",
    ...targetRows(results),
    "",
    "## strata against its peers",
    "",
    "Below 1× strata is faster.",
    "",
    "| benchmark | ratio | value |",
    "| --- | --- | --- |",
    ...peerRows(results),
    "",
    "## All results",
    "",
    "| benchmark | tool | size | command | runs | wall (s) | in process (s) | CPU (s) | peak RSS (MiB) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.benchmark} | ${r.tool} | ${r.size} | \`${r.command}\` | ${r.summary.runs} | ${seconds(r.summary.seconds)} | ${seconds(r.summary.reported.inProcessSeconds)} | ${seconds(r.summary.cpuSeconds)} | ${r.summary.peakRssMiB.toFixed(0)} |`,
    ),
    "",
  ];
  if (notes.length > 0) lines.push("## Notes", "", ...notes, "");
  return lines.join("\n");
}
