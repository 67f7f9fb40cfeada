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
  return addCommonOptions(command).action(async () => {
    const { exitCode } = await runPipelineCommand(
      "build",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
