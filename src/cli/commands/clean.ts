import { rm } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import type { Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";

/** `strata clean`: deletes target/. */
export function cleanCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("clean")
    .description(
      "Delete the project's target/ folder: compiled SQL, artifacts, the catalog and every table's data.",
    )
    .option(
      "--project-dir <dir>",
      "folder of the project (holds models/)",
      ".",
    );
  return command.action(async () => {
    const { projectDir } = command.opts<{ projectDir: string }>();
    const target = path.resolve(projectDir, "target");
    await rm(target, { recursive: true, force: true });
    io.err(`removed ${target}`);
    setExit(0);
  });
}
