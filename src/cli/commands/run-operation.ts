import { Command, InvalidArgumentError } from "commander";
import { parse as parseYaml } from "yaml";
import { runOperation } from "../../run/run-operation.ts";
import { addCommonOptions, type CommonOptions } from "../common-options.ts";
import { countrySections } from "../country-sections.ts";
import { eventPrinter, type Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";
import { tableText } from "../table-text.ts";

function argsMap(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(value);
  } catch (error) {
    throw new InvalidArgumentError(
      `not valid YAML or JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(
      `expected a map of keyword arguments such as '{"days": 30}'`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** `strata run-operation`: calls a macro and executes the SQL it renders. */
export function runOperationCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("run-operation")
    .description(
      "Call a macro of macros/ with keyword arguments, once per country, and execute the SQL it renders.",
    )
    .argument("<macro>", "name of the macro to call")
    .option(
      "--args <yaml>",
      "keyword arguments of the macro, as a YAML or JSON map",
      argsMap,
      {},
    );
  return addCommonOptions(command, false).action(async (macro: string) => {
    const options = command.opts<
      CommonOptions & { args: Record<string, unknown> }
    >();
    const results = await runOperation({
      ...options,
      macro,
      lockTimeoutMs: options.lockTimeout * 1000,
      events: eventPrinter(io, options.logFormat, options.quiet === true),
      countrySections,
      holder: `strata run-operation ${macro}`,
    });
    for (const result of results) {
      const where = result.country ? `[${result.country}] ` : "";
      if (result.sql.trim().length === 0) {
        io.err(`${where}${macro} rendered no SQL`);
        continue;
      }
      io.err(`${where}executed ${macro}`);
      if (result.rows.length > 0) io.out(tableText(result.rows));
    }
    setExit(0);
  });
}
