import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata run`: Build the selected models and run their data tests; publish the new partitions only when every error-level test passes. */
export function runCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("run").description(
    "Build the selected models and run their data tests; publish the new partitions only when every error-level test passes.",
  );
  return addCommonOptions(command).action(async () => {
    const { exitCode } = await runPipelineCommand(
      "run",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
