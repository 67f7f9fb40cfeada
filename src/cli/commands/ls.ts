import { Command, Option } from "commander";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata ls`: lists the selected nodes, as names or JSON lines. */
export function lsCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("ls")
    .description("List the selected nodes of the project, one per line.")
    .addOption(
      new Option(
        "--output <format>",
        "name for node names, json for one JSON object per node",
      )
        .choices(["name", "json"])
        .default("name"),
    )
    .option(
      "--resource-type <kind>",
      "list only nodes of this kind: model, seed, source or test",
    );
  return addCommonOptions(command).action(async () => {
    const options = optionsOf(command);
    const { output, resourceType } = command.opts<{
      output: string;
      resourceType?: string;
    }>();
    const { outcome } = await runPipelineCommand("ls", options, io);
    const plan = outcome.plans[0]!;
    for (const id of [...plan.selected].sort()) {
      const node = plan.graph.nodes.get(id)!;
      if (resourceType && node.kind !== resourceType) continue;
      if (output === "json") {
        const tags =
          node.kind === "model" || node.kind === "seed" ? node.config.tags : [];
        io.out(
          JSON.stringify({
            id,
            kind: node.kind,
            name: node.name,
            path: node.path,
            depends_on: node.dependsOn,
            tags,
          }),
        );
      } else {
        io.out(
          node.kind === "source"
            ? `${node.sourceName}.${node.name}`
            : node.name,
        );
      }
    }
    setExit(0);
  });
}
