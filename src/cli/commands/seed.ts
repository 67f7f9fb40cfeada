import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata seed`: Load the CSV files of seeds/ as tables. */
export function seedCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("seed").description(
    "Load the CSV files of seeds/ as tables.",
  );
  return addCommonOptions(command).action(async () => {
    const { exitCode } = await runPipelineCommand(
      "seed",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
