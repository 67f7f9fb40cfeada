import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";
import {
  runScheduledQuarter,
  type ScheduledRunOptions,
} from "../scheduled-run.ts";

/** `strata run`: Build the selected models and run their data tests; publish the new partitions only when every error-level test passes. */
export function runCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("run").description(
    "Build the selected models and run their data tests; publish the new partitions only when every error-level test passes.",
  );
  addCommonOptions(command)
    .option(
      "--if-due",
      "run the country's whole quarter (pull, build and test, publish, push) only when its run day has come and the quarter has not finished",
    )
    .option(
      "--full-refresh",
      "rebuild incremental models from scratch instead of merging into their previous data",
    )
    .option(
      "--force",
      "run the country's whole quarter now, even if it has finished",
    );
  return command.action(async () => {
    const options = command.opts<ScheduledRunOptions>();
    if (options.ifDue || options.force) {
      setExit(await runScheduledQuarter(options, io));
      return;
    }
    const { exitCode } = await runPipelineCommand(
      "run",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
