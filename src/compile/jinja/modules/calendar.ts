import { pythonError } from "../python/values.ts";

// Day numbers counted from 1970-01-01, the representation of dates here.

const MS_PER_DAY = 86_400_000;

/** Returns the year, month and day of a day number. */
export function civilFromDay(epochDay: number): [number, number, number] {
  const date = new Date(epochDay * MS_PER_DAY);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** Converts a calendar date to its day number, or raises ValueError. */
export function dayFromCivil(year: number, month: number, day: number): number {
  if (year < 1 || year > 9999) {
    throw pythonError("ValueError", `year ${year} is out of range`);
  }
  if (month < 1 || month > 12) {
    throw pythonError("ValueError", "month must be in 1..12");
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    throw pythonError("ValueError", "day is out of range for month");
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** Zero-pads a number to `width` digits. */
export const pad = (value: number, width = 2) =>
  String(value).padStart(width, "0");
