import { BusinessCalendar, type HolidaySpec } from "./business-calendar.ts";
import type { CalendarSettings } from "./calendar-schema.ts";
import { ScheduleError } from "./errors.ts";
import { evaluateRule } from "./evaluate-rule.ts";
import {
  addDays,
  makeDate,
  quarterOf,
  quarterStart,
  type LocalDate,
} from "./local-date.ts";
import { parseRule, type CalendarRule } from "./rule-syntax.ts";
import { instantsOfWallClock, isValidTimeZone } from "./time-zone.ts";

/** The keys of a countries.yml entry that the schedule reads. */
export interface CountryCalendarInput {
  readonly code: string;
  readonly time_zone: string;
  readonly holidays: HolidaySpec;
  readonly calendar: CalendarSettings;
}

/** A country's calendar, ready to compute run days. */
export interface CountryCalendar {
  readonly code: string;
  readonly timeZone: string;
  readonly runTime: string;
  readonly business: BusinessCalendar;
  readonly runDay: CalendarRule;
  readonly partnerDue: CalendarRule;
  readonly dealerOffers: CalendarRule;
}

/** The dates of one country's quarter. */
export interface QuarterDates {
  /** For example `2027-Q1`. */
  readonly quarter: string;
  /** First day of the quarter: the models' reference date. */
  readonly referenceDate: LocalDate;
  readonly run: LocalDate;
  readonly partnerDue: LocalDate;
  readonly dealerOffers: LocalDate;
}

/**
 * Checks a country's time zone, holiday region and rules, and builds its
 * calendar. Raises a ScheduleError naming the setting at fault.
 */
export function resolveCountryCalendar(
  input: CountryCalendarInput,
): CountryCalendar {
  if (!isValidTimeZone(input.time_zone)) {
    throw new ScheduleError(
      "schedule-invalid-calendar",
      `countries.${input.code}.time_zone`,
      `unknown time zone "${input.time_zone}"`,
      "Use an IANA time zone name such as Europe/Paris.",
    );
  }
  const setting = (key: string): string =>
    `countries.${input.code}.calendar.${key}`;
  return {
    code: input.code,
    timeZone: input.time_zone,
    runTime: input.calendar.run_time,
    business: new BusinessCalendar(input.holidays),
    runDay: parseRule(input.calendar.run_day, setting("run_day")),
    partnerDue: parseRule(input.calendar.partner_due, setting("partner_due")),
    dealerOffers: parseRule(
      input.calendar.dealer_offers,
      setting("dealer_offers"),
    ),
  };
}

/**
 * Lists the run day, partner due day and dealer offer day of each quarter
 * of a year, ordered by quarter. A quarter is the one its run day falls in.
 */
export function quarterDates(
  calendar: CountryCalendar,
  year: number,
): QuarterDates[] {
  const runs = evaluateRule(calendar.runDay, calendar.business, { year });
  const months =
    calendar.runDay.base.kind === "run" ? [] : calendar.runDay.base.months;
  const byQuarter = new Map<string, LocalDate>();
  runs.forEach((run, i) => {
    const quarter = quarterOf(makeDate(year, months[i]!, 1));
    if (quarterOf(run) !== quarter || byQuarter.has(quarter)) {
      throw new ScheduleError(
        "schedule-invalid-calendar",
        `countries.${calendar.code}.calendar.run_day`,
        `"${calendar.runDay.text}" gives ${run} as the run day of ${quarter}`,
        "Name one month of each quarter and keep the offsets small enough " +
          "that each run day stays in its month's quarter.",
      );
    }
    byQuarter.set(quarter, run);
  });
  return [...byQuarter.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([quarter, run]) => ({
      quarter,
      referenceDate: quarterStart(run),
      run,
      partnerDue: dateForRun(calendar, calendar.partnerDue, run, "partner_due"),
      dealerOffers: dateForRun(
        calendar,
        calendar.dealerOffers,
        run,
        "dealer_offers",
      ),
    }));
}

/** Finds the dates of the quarter that contains a date, if it has a run. */
export function quarterDatesOn(
  calendar: CountryCalendar,
  date: LocalDate,
): QuarterDates | undefined {
  const year = Number(date.slice(0, 4));
  const quarter = quarterOf(date);
  return quarterDates(calendar, year).find((q) => q.quarter === quarter);
}

/** Finds the first quarter whose run day is on or after a date. */
export function nextQuarterDates(
  calendar: CountryCalendar,
  date: LocalDate,
): QuarterDates {
  const year = Number(date.slice(0, 4));
  const candidates = [
    ...quarterDates(calendar, year),
    ...quarterDates(calendar, year + 1),
  ];
  // The run day rule names a month of every quarter, so next year has one.
  return candidates.find((q) => q.run >= date)!;
}

/**
 * Computes a rule's date for one run: a rule based on `run` is derived from it,
 * a rule with months gives the date of its month in the run's quarter.
 */
function dateForRun(
  calendar: CountryCalendar,
  rule: CalendarRule,
  run: LocalDate,
  key: string,
): LocalDate {
  if (rule.base.kind === "run") {
    return evaluateRule(rule, calendar.business, { run })[0]!;
  }
  // A date belongs to the quarter of its rule's month, so "last business
  // day before day 1 of Jan" is the due day of the January run.
  const quarter = quarterOf(run);
  const year = Number(run.slice(0, 4));
  const dates = evaluateRule(rule, calendar.business, { year });
  const months = rule.base.months;
  const match = dates.find(
    (_, i) => quarterOf(makeDate(year, months[i]!, 1)) === quarter,
  );
  if (match === undefined) {
    throw new ScheduleError(
      "schedule-rule-no-date",
      `countries.${calendar.code}.calendar.${key}`,
      `"${rule.text}" gives no date in ${quarter}, the quarter of the run ` +
        `on ${run}`,
      "Name a month of every quarter, or base the rule on the run day, " +
        'such as "run + 5 business days".',
    );
  }
  return match;
}

/**
 * Dates of a year on which the run time does not occur once, because the
 * daylight saving change skips or repeats it: cron would then start the
 * check never or twice.
 */
export function runTimeClashes(
  calendar: CountryCalendar,
  year: number,
): Array<{ date: LocalDate; occurrences: number }> {
  const clashes: Array<{ date: LocalDate; occurrences: number }> = [];
  for (let date = makeDate(year, 1, 1); date < makeDate(year + 1, 1, 1);) {
    const count = instantsOfWallClock(
      date,
      calendar.runTime,
      calendar.timeZone,
    ).length;
    if (count !== 1) clashes.push({ date, occurrences: count });
    date = addDays(date, 1);
  }
  return clashes;
}
