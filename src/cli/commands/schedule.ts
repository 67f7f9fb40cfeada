import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import {
  quarterDates,
  renderCrontab,
  runTimeClashes,
  type CountryCalendar,
} from "../../schedule/index.ts";
import {
  calendarOfCountry,
  loadCountriesProject,
  selectCountries,
} from "../country-settings.ts";
import type { Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";
import { reportUserError } from "../user-errors.ts";

interface ScheduleOptions {
  projectDir: string;
  country?: string;
  year?: number;
  crontab?: boolean;
  strataCommand: string;
}

function year(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1970 || number > 2200) {
    throw new InvalidArgumentError(
      `expected a year such as 2027, got ${value}`,
    );
  }
  return number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function withWeekday(date: string): string {
  return `${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]} ${date}`;
}

function renderYear(calendar: CountryCalendar, forYear: number): string {
  const { country, region } = calendar.business.spec;
  const holidays = region ? `${country}-${region}` : country;
  const lines = [
    `${calendar.code} ${forYear} (${calendar.timeZone}, holidays ${holidays}, runs checked daily at ${calendar.runTime})`,
    `  run_day:       ${calendar.runDay.text}`,
    `  partner_due:   ${calendar.partnerDue.text}`,
    `  dealer_offers: ${calendar.dealerOffers.text}`,
    "quarter  run             partner due     dealer offers",
  ];
  for (const q of quarterDates(calendar, forYear)) {
    lines.push(
      `${q.quarter}  ${withWeekday(q.run)}  ${withWeekday(q.partnerDue)}  ${withWeekday(q.dealerOffers)}`,
    );
  }
  return lines.join("\n");
}

function warnAboutClashes(
  io: Io,
  calendar: CountryCalendar,
  forYear: number,
): void {
  for (const clash of runTimeClashes(calendar, forYear)) {
    const what = clash.occurrences === 0 ? "skipped" : "repeated";
    io.err(
      `warning: ${calendar.code} run_time ${calendar.runTime} is ${what} by the daylight saving change on ${clash.date}; choose a time outside 02:00-03:59`,
    );
  }
}

/**
 * `strata schedule`: lists each country's run days, partner due days and
 * dealer offer days for a year, or prints the crontab.
 */
export function scheduleCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("schedule")
    .description(
      "List run days, partner due days and dealer offer days per country, or print the crontab that starts the quarterly runs.",
    )
    .option(
      "--project-dir <dir>",
      "folder of the project (holds countries.yml)",
      ".",
    )
    .option("--country <code>", "this country only (default: every country)")
    .option("--year <year>", "calendar year to list (default: this year)", year)
    .option("--crontab", "print one crontab line per country, with CRON_TZ")
    .option(
      "--strata-command <command>",
      "command the crontab lines start",
      "npx strata",
    );

  return command.action(async () => {
    const options = command.opts<ScheduleOptions>();
    try {
      const project = await loadCountriesProject(options.projectDir);
      const calendars = selectCountries(project, options.country).map(
        calendarOfCountry,
      );
      const forYear = options.year ?? new Date().getUTCFullYear();
      calendars.forEach((c) => warnAboutClashes(io, c, forYear));
      if (options.crontab) {
        io.out(
          renderCrontab(calendars, {
            strataCommand: options.strataCommand,
            projectDir: path.resolve(options.projectDir),
          }).trimEnd(),
        );
      } else {
        io.out(calendars.map((c) => renderYear(c, forYear)).join("\n\n"));
      }
      setExit(0);
    } catch (error) {
      const code = reportUserError(io, error);
      if (code === undefined) throw error;
      setExit(code);
    }
  });
}
