export { BusinessCalendar, type HolidaySpec } from "./business-calendar.ts";
export { calendarSchema, type CalendarSettings } from "./calendar-schema.ts";
export {
  nextQuarterDates,
  quarterDates,
  quarterDatesOn,
  resolveCountryCalendar,
  runTimeClashes,
  type CountryCalendar,
  type CountryCalendarInput,
  type QuarterDates,
} from "./country-calendar.ts";
export { renderCrontab, type CrontabOptions } from "./crontab.ts";
export {
  RuleSyntaxError,
  ScheduleError,
  type ScheduleErrorCode,
} from "./errors.ts";
export { evaluateRule, type RuleContext } from "./evaluate-rule.ts";
export { decideIfDue, type DueDecision } from "./if-due.ts";
export { quarterOf, type LocalDate } from "./local-date.ts";
export {
  buildStepFrom,
  runQuarter,
  type ProjectRunner,
  type QuarterRunEvent,
  type QuarterRunOptions,
  type QuarterRunResult,
  type QuarterRunSteps,
  type QuarterStepFunction,
  type QuarterStepResult,
} from "./quarter-run.ts";
export {
  quarterProgress,
  readRunHistory,
  runHistoryPath,
  type QuarterStep,
  type RunHistoryEntry,
} from "./run-history.ts";
export { parseRule, type CalendarRule } from "./rule-syntax.ts";
export { localDateAt } from "./time-zone.ts";
