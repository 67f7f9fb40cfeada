import type { CountryCalendar } from "./country-calendar.ts";

/** Options of the generated crontab. */
export interface CrontabOptions {
  /** Shell command that starts strata, for example `npx strata`. */
  readonly strataCommand: string;
  /** Folder of the project; each line changes into it first. */
  readonly projectDir: string;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Renders crontab lines that start `strata run --country xx --if-due`
 * every day at each country's run time in its own time zone. `CRON_TZ`
 * is read by cronie and by systemd-cron, not by Debian's default cron. It
 * applies to the lines below it, so each country sets its own.
 *
 * ```
 * CRON_TZ=Europe/Paris
 * 30 6 * * * cd '/srv/resale' && npx strata run --country fr --if-due
 * ```
 */
export function renderCrontab(
  calendars: readonly CountryCalendar[],
  options: CrontabOptions,
): string {
  const lines = [
    "# strata: one daily check per country at its local run time.",
    "# --if-due runs the quarter on its run day, or later while it has not",
    "# finished, and otherwise exits 0 at once.",
  ];
  for (const calendar of calendars) {
    const [hour, minute] = calendar.runTime.split(":").map(Number);
    const command =
      `cd ${shellQuote(options.projectDir)} && ${options.strataCommand} ` +
      `run --country ${calendar.code} --if-due`;
    lines.push(`CRON_TZ=${calendar.timeZone}`);
    lines.push(`${minute} ${hour} * * * ${command}`);
  }
  return lines.join("\n") + "\n";
}
