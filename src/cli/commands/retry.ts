import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { StrataError } from "../../errors/index.ts";
import type { RunCommand } from "../../run/index.ts";
import { addCommonOptions, type CommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

const retryable: readonly RunCommand[] = ["run", "build", "test", "seed"];
const rerunStatuses = new Set(["error", "fail", "skipped"]);

/**
 * `strata retry`: reruns the previous command of target/run_results.json
 * with its arguments, on the nodes that errored, failed or were skipped,
 * in the countries where they did (after `run`, on every node of a country
 * that published nothing).
 * As in dbt-core 1.11's retry, `--threads` and `--vars` override the
 * recorded values. A `--country` or `--target` other than the recorded one
 * is rejected, where dbt-core ignores a `--target` given to retry.
 */
export function retryCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("retry").description(
    "Rerun the last run, build, test or seed on the nodes that errored, failed or were skipped, with the same arguments; --threads and --vars override the recorded ones.",
  );
  return addCommonOptions(command, false).action(async () => {
    const options = optionsOf(command);
    const resultsPath = path.join(
      options.projectDir,
      "target",
      "run_results.json",
    );
    const previous = await readPreviousRun(resultsPath);
    if (previous.names.size === 0 && !previous.startFailed) {
      io.err(
        `nothing to retry: the last ${previous.command} had no errors, failures or skipped nodes`,
      );
      setExit(0);
      return;
    }
    const earlier = previous.args;
    const country = stringOf(earlier.country);
    const target = stringOf(earlier.target);
    rejectOverride(previous.command, "--country", options.country, country);
    // A run without --target used the default, which the metadata names.
    rejectOverride(
      previous.command,
      "--target",
      options.target,
      target ?? previous.target,
    );
    // A failed on_run_start stopped the run before any node, so the nodes
    // to rerun are all those the last invocation selected. Otherwise the
    // union of the failed names is recorded in run_results.json, and the
    // run selects per country.
    const selection: Pick<CommonOptions, "select" | "exclude" | "selector"> =
      previous.startFailed
        ? {
            select: stringsOf(earlier.select),
            exclude: stringsOf(earlier.exclude),
            selector: stringOf(earlier.selector),
          }
        : { select: [...new Set([...previous.names.values()].flat())].sort() };
    const merged: CommonOptions = {
      ...options,
      ...selection,
      country,
      target,
      // Files of earlier builds of strata have camelCase keys.
      fullRefresh: (earlier.full_refresh ?? earlier.fullRefresh) === true,
      state: stringOf(earlier.state),
      defer: earlier.defer === true,
      threads: options.threads ?? numberOf(earlier.threads),
      vars: options.vars ?? recordOf(earlier.vars),
    };
    const { exitCode } = await runPipelineCommand(
      previous.command,
      merged,
      io,
      previous.startFailed ? undefined : previous.names,
    );
    setExit(exitCode);
  });
}

async function readPreviousRun(file: string): Promise<{
  command: RunCommand;
  args: Record<string, unknown>;
  /** The names of the nodes to rerun in each country. */
  names: Map<string | null, string[]>;
  /** Whether on_run_start failed, so that no node of the run started. */
  startFailed: boolean;
  /** The target the run used; files of earlier builds do not record it. */
  target: string | undefined;
}> {
  if (!existsSync(file)) {
    throw new StrataError({
      code: "retry-without-results",
      message: `nothing to retry from: ${file} does not exist`,
      file,
      hint: "Run strata run, build, test or seed first; retry reruns what that invocation left failed or skipped.",
    });
  }
  const parsed = JSON.parse(await readFile(file, "utf8")) as {
    metadata?: {
      command?: string;
      target?: unknown;
      args?: Record<string, unknown>;
    };
    results?: {
      name?: string;
      kind?: string;
      status?: string;
      country?: string | null;
    }[];
  };
  const command = parsed.metadata?.command as RunCommand | undefined;
  if (command === undefined || !retryable.includes(command)) {
    throw new StrataError({
      code: "retry-without-results",
      message: `cannot retry: the last invocation recorded in ${file} was ${command ?? "unknown"}, not run, build, test or seed`,
      file,
      hint: "Run the command again yourself; retry only reruns run, build, test and seed.",
    });
  }
  const results = parsed.results ?? [];
  // `run` publishes a country only when all of it succeeded, so a country
  // with a failure kept none of its results: rerun every node of it.
  // `build` and the others keep what succeeded.
  const failedCountries = new Set(
    results
      .filter((result) => rerunStatuses.has(String(result.status)))
      .map((result) => result.country ?? null),
  );
  const names = new Map<string | null, Set<string>>();
  for (const result of results) {
    const country = result.country ?? null;
    const rerun =
      command === "run"
        ? failedCountries.has(country)
        : rerunStatuses.has(String(result.status));
    if (!result.name || !rerun) continue;
    const countryNames = names.get(country) ?? new Set<string>();
    names.set(country, countryNames.add(result.name));
  }
  const startFailed = results.some(
    (result) =>
      result.kind === "operation" &&
      result.name === "on_run_start" &&
      rerunStatuses.has(String(result.status)),
  );
  return {
    command,
    startFailed,
    target: stringOf(parsed.metadata?.target),
    args: parsed.metadata?.args ?? {},
    names: new Map(
      [...names].map(([country, set]) => [country, [...set].sort()]),
    ),
  };
}

/**
 * Rejects a --country or --target other than the recorded one. The nodes
 * to rerun are those that failed under the recorded country and target, so
 * running them under others would rebuild nodes that did not fail there.
 */
function rejectOverride(
  command: RunCommand,
  option: "--country" | "--target",
  requested: string | undefined,
  recorded: string | undefined,
): void {
  if (requested === undefined || requested === recorded) return;
  const ran =
    recorded === undefined
      ? `without ${option}`
      : option === "--target"
        ? `on target ${recorded}`
        : `with ${option} ${recorded}`;
  throw new StrataError({
    code: "invalid-option",
    message: `retry reruns the last ${command} as it ran, ${ran}, so it cannot take ${option} ${requested}`,
    hint: `Run strata retry without ${option}, or run strata ${command} ${option} ${requested} yourself.`,
  });
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string")
    ? (value as string[])
    : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
