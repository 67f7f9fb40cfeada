import type { BusinessCalendar } from "./business-calendar.ts";
import { ScheduleError } from "./errors.ts";
import {
  addDays,
  daysInMonth,
  makeDate,
  type LocalDate,
} from "./local-date.ts";
import type { CalendarRule, RuleBase } from "./rule-syntax.ts";

/** What a rule is evaluated for: a whole year, or one run day. */
export type RuleContext = { year: number } | { run: LocalDate };

/**
 * Evaluates a rule on a business calendar. A rule with months returns one
 * date per month of `year`. A rule based on `run` returns the one date
 * derived from the run day.
 */
export function evaluateRule(
  rule: CalendarRule,
  calendar: BusinessCalendar,
  context: RuleContext,
): LocalDate[] {
  return baseDates(rule, calendar, context).map((base) =>
    finishDate(rule, calendar, base),
  );
}

function baseDates(
  rule: CalendarRule,
  calendar: BusinessCalendar,
  context: RuleContext,
): LocalDate[] {
  const base = rule.base;
  if (base.kind === "run") {
    if (!("run" in context)) throw runWithoutRunDay(rule);
    return [context.run];
  }
  const year =
    "year" in context ? context.year : Number(context.run.slice(0, 4));
  return base.months.map((month) =>
    monthBase(rule, base, calendar, year, month),
  );
}

function monthBase(
  rule: CalendarRule,
  base: Exclude<RuleBase, { kind: "run" }>,
  calendar: BusinessCalendar,
  year: number,
  month: number,
): LocalDate {
  if (base.kind === "day-of-month") {
    return makeDate(year, month, Math.min(base.day, daysInMonth(year, month)));
  }
  const days = calendar.businessDaysOfMonth(year, month);
  const date = base.nth === "last" ? days.at(-1) : days[base.nth - 1];
  if (date === undefined) {
    throw new ScheduleError(
      "schedule-rule-no-date",
      `rule "${rule.text}"`,
      `${makeDate(year, month, 1).slice(0, 7)} has only ${days.length} ` +
        `business days, so it has no business day number ${base.nth}`,
      'Use a smaller ordinal or "last business day of".',
    );
  }
  return date;
}

function finishDate(
  rule: CalendarRule,
  calendar: BusinessCalendar,
  base: LocalDate,
): LocalDate {
  let date = base;
  for (const offset of rule.offsets) {
    date =
      offset.unit === "days"
        ? addDays(date, offset.amount)
        : calendar.addBusinessDays(date, offset.amount);
  }
  switch (rule.roll) {
    case undefined:
      return date;
    case "before":
      return calendar.addBusinessDays(date, -1);
    case "after":
      return calendar.addBusinessDays(date, 1);
    case "on-or-before":
      return calendar.businessDayFrom(date, -1);
    case "on-or-after":
      return calendar.businessDayFrom(date, 1);
  }
}

function runWithoutRunDay(rule: CalendarRule): ScheduleError {
  return new ScheduleError(
    "schedule-invalid-calendar",
    `rule "${rule.text}"`,
    "a rule based on run can not define the run day itself",
    'Give run_day a rule with months, such as "3rd business day of Jan, ' +
      'Apr, Jul, Oct".',
  );
}
