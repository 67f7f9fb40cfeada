import { Command, InvalidArgumentError, Option } from "commander";
import { showRows } from "../../run/show.ts";
import { addCommonOptions, type CommonOptions } from "../common-options.ts";
import { countrySections } from "../country-sections.ts";
import { eventPrinter, type Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";
import { tableText } from "../table-text.ts";

function rowLimit(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError(
      `expected a whole number of rows, got ${value}`,
    );
  }
  return number;
}

/** `strata show`: previews the rows of a model or an inline query. */
export function showCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("show")
    .description(
      "Run a model's compiled SQL (or an inline query) for one country and print its first rows, without building anything.",
    )
    .option("-s, --select <model>", "the model or seed to preview")
    .option(
      "--inline <sql>",
      "a query to preview instead of a model; it may use ref() and source()",
    )
    .option("--limit <n>", "rows to print", rowLimit, 5)
    .addOption(
      new Option("--output <format>", "text for a table, json for JSON lines")
        .choices(["text", "json"])
        .default("text"),
    );
  addCommonOptions(command, false);
  const country = command.options.find((option) => option.long === "--country");
  if (country) {
    country.description =
      "preview this country of countries.yml (default: the first one)";
  }
  return command.action(async () => {
    const options = command.opts<
      CommonOptions & {
        select?: string;
        inline?: string;
        limit: number;
        output: "text" | "json";
      }
    >();
    const result = await showRows({
      ...options,
      lockTimeoutMs: options.lockTimeout * 1000,
      events: eventPrinter(io, options.logFormat, options.quiet === true),
      countrySections,
      holder: "strata show",
    });
    if (result.country !== null && options.country === undefined)
      io.err(`previewing country ${result.country} (pass --country to choose)`);
    if (options.output === "json") {
      for (const row of result.rows) io.out(JSON.stringify(row));
    } else {
      io.out(tableText(result.rows));
    }
    setExit(0);
  });
}
