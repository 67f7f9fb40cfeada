import type { Command } from "commander";
import { recordedArgs } from "../artifacts/index.ts";
import {
  runProject,
  type RunCommand,
  type RunOptions,
  type RunOutcome,
} from "../run/index.ts";
import type { CommonOptions } from "./common-options.ts";
import { countrySections } from "./country-sections.ts";
import { eventPrinter, summaryLine, type Io } from "./output.ts";

/**
 * Runs one of the pipeline commands with the options commander parsed, and
 * prints the closing summary. Errors propagate to main, which maps them to
 * exit codes.
 */
export async function runPipelineCommand(
  command: RunCommand,
  options: CommonOptions,
  io: Io,
  selectPerCountry?: RunOptions["selectPerCountry"],
): Promise<{ exitCode: number; outcome: RunOutcome }> {
  const outcome = await runProject({
    command,
    projectDir: options.projectDir,
    country: options.country,
    select: options.select,
    exclude: options.exclude,
    threads: options.threads,
    vars: options.vars,
    target: options.target,
    fullRefresh: options.fullRefresh,
    lockTimeoutMs: options.lockTimeout * 1000,
    events: eventPrinter(io, options.logFormat, options.quiet === true),
    countrySections,
    args: recordedArgs(options),
    state: options.state,
    defer: options.defer,
    selector: options.selector,
    selectPerCountry,
  });
  if (command !== "compile" && command !== "ls") {
    const summary = summaryLine(outcome.results.map((r) => r.status));
    io.err(
      options.logFormat === "json"
        ? JSON.stringify({ kind: "summary", text: summary })
        : summary,
    );
  }
  return { exitCode: outcome.exitCode, outcome };
}

/** The action handler commander calls, reporting the exit code back. */
export type ExitSetter = (code: number) => void;

export function optionsOf(command: Command): CommonOptions {
  return command.opts<CommonOptions>();
}
