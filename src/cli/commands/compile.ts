import { Command } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata compile`: renders every model and writes target/compiled/. */
export function compileCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("compile").description(
    "Render the models and tests to SQL under target/compiled/<country>/ and write target/manifest.json, without running anything.",
  );
  return addCommonOptions(command).action(async () => {
    const { outcome } = await runPipelineCommand(
      "compile",
      optionsOf(command),
      io,
    );
    const count = outcome.plans.reduce(
      (sum, plan) =>
        sum +
        [...plan.selected].filter(
          (id) => plan.graph.nodes.get(id)!.kind === "model",
        ).length,
      0,
    );
    io.err(
      `compiled ${count} models for ${outcome.plans.map((p) => p.compiled.country ?? "no country").join(", ")}`,
    );
    setExit(0);
  });
}
