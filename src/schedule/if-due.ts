import {
  nextQuarterDates,
  quarterDatesOn,
  type CountryCalendar,
  type QuarterDates,
} from "./country-calendar.ts";
import { addDays, quarterOf, type LocalDate } from "./local-date.ts";
import { quarterProgress, type RunHistoryEntry } from "./run-history.ts";
import { localDateAt } from "./time-zone.ts";

/** Whether `run --if-due` runs now, and why. */
export interface DueDecision {
  readonly due: boolean;
  readonly reason: "run-day" | "missed" | "finished" | "not-yet";
  /** Today in the country's time zone. */
  readonly today: LocalDate;
  /** The quarter of today. */
  readonly quarter: string;
  /** The quarter that runs now, or the next one to run. */
  readonly dates: QuarterDates;
  readonly message: string;
}

/**
 * Decides whether a country's quarterly run is due at an instant: it is
 * when today, in the country's time zone, is the quarter's run day, or the
 * run day has passed and the quarter has not finished (missed or failed).
 * A finished quarter is not due again.
 */
export function decideIfDue(
  calendar: CountryCalendar,
  history: readonly RunHistoryEntry[],
  now: Date,
): DueDecision {
  const today = localDateAt(now, calendar.timeZone);
  const quarter = quarterOf(today);
  const current = quarterDatesOn(calendar, today);
  const progress = quarterProgress(history, calendar.code, quarter);
  const base = { today, quarter };

  if (current && progress.finished) {
    const next = nextQuarterDates(calendar, addDays(current.run, 1));
    return {
      ...base,
      due: false,
      reason: "finished",
      dates: next,
      message:
        `${calendar.code} ${quarter} already ran to the end; the next run ` +
        `is ${next.quarter} on ${next.run}`,
    };
  }
  if (current && current.run === today) {
    return {
      ...base,
      due: true,
      reason: "run-day",
      dates: current,
      message: `${calendar.code} ${quarter}: today is the run day`,
    };
  }
  if (current && current.run < today) {
    const why = progress.attempts > 0 ? "did not finish" : "was missed";
    return {
      ...base,
      due: true,
      reason: "missed",
      dates: current,
      message:
        `${calendar.code} ${quarter}: the run of ${current.run} ${why}, ` +
        "so it runs now",
    };
  }
  const next = nextQuarterDates(calendar, today);
  return {
    ...base,
    due: false,
    reason: "not-yet",
    dates: next,
    message:
      `${calendar.code}: not due today (${today}); the next run is ` +
      `${next.quarter} on ${next.run}`,
  };
}
