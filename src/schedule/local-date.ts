/**
 * A calendar date without a time or a zone, written `YYYY-MM-DD`. Plain
 * strings sort in date order, so comparisons use `<` and `>`.
 */
export type LocalDate = string;

const DAY_MS = 86_400_000;

/** Builds the date of a year, a month (1-12) and a day of the month. */
export function makeDate(year: number, month: number, day: number): LocalDate {
  const y = String(year).padStart(4, "0");
  const m = String(month).padStart(2, "0");
  const d = String(day).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Splits a date into its year, month (1-12) and day. */
export function dateParts(date: LocalDate): {
  year: number;
  month: number;
  day: number;
} {
  const [year, month, day] = date.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  return { year, month, day };
}

function toUtcMs(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds calendar days; a negative count goes back. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Returns the day of the week, 0 for Sunday to 6 for Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** Returns the number of days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Returns the quarter label of a date, for example `2027-Q1`. */
export function quarterOf(date: LocalDate): string {
  const { year, month } = dateParts(date);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Returns the first day of the quarter that contains the date. */
export function quarterStart(date: LocalDate): LocalDate {
  const { year, month } = dateParts(date);
  return makeDate(year, month - ((month - 1) % 3), 1);
}
