import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata snapshot`: builds the selected snapshots and publishes them. */
export function snapshotCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("snapshot").description(
    "Record the changes of the selected snapshots (models with materialized: snapshot) as new row versions, and publish them.",
  );
  return addCommonOptions(command).action(async () => {
    const { exitCode } = await runPipelineCommand(
      "snapshot",
      optionsOf(command),
      io,
    );
    setExit(exitCode);
  });
}
