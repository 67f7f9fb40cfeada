import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata build`: Load seeds, build models and run each model's tests right after it; publish each model whose tests passed. */
export function buildCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("build").description(
    "Load seeds, build models and run each model's tests right after it; publish each model whose tests passed.",
  );
  addCommonOptions(command).option(
    "--full-refresh",
    "rebuild incremental models from scratch instead of merging into their previous data",
  );
  return command.action(async () => {
    const { exitCode } = await runPipelineCommand(
      "build",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
