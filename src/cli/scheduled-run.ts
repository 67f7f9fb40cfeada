import path from "node:path";
import {
  buildStepFrom,
  runQuarter,
  type QuarterRunEvent,
  type QuarterRunSteps,
} from "../schedule/index.ts";
import type { CommonOptions } from "./common-options.ts";
import {
  exchangeEventPrinter,
  pullCountry,
  pushCountry,
} from "./commands/exchange.ts";
import {
  calendarOfCountry,
  loadCountriesProject,
  selectCountries,
} from "./country-settings.ts";
import type { Io } from "./output.ts";
import { runPipelineCommand } from "./project-command.ts";
import { reportUserError } from "./user-errors.ts";

/** Options of `strata run` that start the scheduled quarter. */
export interface ScheduledRunOptions extends CommonOptions {
  ifDue?: boolean;
  force?: boolean;
}

function quarterEventPrinter(io: Io, format: "text" | "json") {
  return (event: QuarterRunEvent): void => {
    if (format === "json") {
      io.err(
        JSON.stringify({
          ts: new Date().toISOString(),
          kind: "quarter",
          ...event,
        }),
      );
      return;
    }
    const duration =
      event.durationMs === undefined
        ? ""
        : ` (${(event.durationMs / 1000).toFixed(2)}s)`;
    io.err(`[${event.country}] ${event.message}${duration}`);
  };
}

/**
 * Runs a country's whole quarter for `strata run --if-due` or `--force`:
 * pull the quotations, build, test and publish, push the next requests.
 * Returns the exit code: 0 when finished or not due, the failed step's
 * code otherwise, 2 for a setting to fix.
 */
export async function runScheduledQuarter(
  options: ScheduledRunOptions,
  io: Io,
): Promise<number> {
  if (options.country === undefined) {
    io.err(
      "error: --if-due and --force run one country's quarter; add --country <code>",
    );
    return 2;
  }
  try {
    const project = await loadCountriesProject(options.projectDir);
    const [country] = selectCountries(project, options.country);
    const calendar = calendarOfCountry(country!);
    const onExchange = exchangeEventPrinter(io, options.logFormat);

    const steps: QuarterRunSteps = {
      pull: async () => {
        const result = await pullCountry(project, country!, onExchange);
        const rejected = result.rejected.length;
        return {
          ok: true,
          message:
            `${result.imported.length} files imported` +
            (rejected > 0
              ? `, ${rejected} quarantined (see target/exchange/${country!.code}/rejected)`
              : ""),
        };
      },
      build: buildStepFrom(country!.code, async ({ referenceDate }) => {
        const { exitCode } = await runPipelineCommand(
          "run",
          {
            ...options,
            vars: { ...options.vars, reference_date: referenceDate },
          },
          io,
        );
        return { exitCode };
      }),
      push: async (dates) => {
        const result = await pushCountry(
          project,
          country!,
          dates.quarter,
          onExchange,
        );
        return {
          ok: true,
          message: `${result.name} ${result.sent ? "sent" : "already sent"}`,
        };
      },
    };

    const result = await runQuarter({
      calendar,
      targetDir: path.join(project.dir, "target"),
      steps,
      ifDue: options.ifDue,
      force: options.force,
      onEvent: quarterEventPrinter(io, options.logFormat),
    });
    return result.exitCode;
  } catch (error) {
    const code = reportUserError(io, error);
    if (code === undefined) throw error;
    return code;
  }
}
