import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata test`: Run the data tests of the selected nodes against the published data. */
export function testCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("test").description(
    "Run the data tests of the selected nodes against the published data.",
  );
  return addCommonOptions(command).action(async () => {
    const { exitCode } = await runPipelineCommand(
      "test",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
