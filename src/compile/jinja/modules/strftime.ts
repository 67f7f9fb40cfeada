import { pythonError } from "../python/values.ts";

// strftime and strptime with Python's directives in the C locale. Values
// are naive, so %z and %Z write nothing.

/** The calendar and clock fields strftime reads. */
export interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Monday is 0. */
  weekday: number;
  /** January 1st is 1. */
  dayOfYear: number;
}

const DAY_NAMES = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** Returns the week number, weeks starting on `firstDay` (0 Monday, 6 Sunday). */
function weekNumber(fields: TimeFields, firstDay: number): number {
  const daysSinceWeekStart = (fields.weekday - firstDay + 7) % 7;
  return Math.floor((fields.dayOfYear - 1 - daysSinceWeekStart + 7) / 7);
}

const DIRECTIVES: Record<string, (fields: TimeFields) => string> = {
  a: (f) => DAY_NAMES[f.weekday]!.slice(0, 3),
  A: (f) => DAY_NAMES[f.weekday]!,
  w: (f) => String((f.weekday + 1) % 7),
  u: (f) => String(f.weekday + 1),
  d: (f) => pad(f.day),
  b: (f) => MONTH_NAMES[f.month - 1]!.slice(0, 3),
  B: (f) => MONTH_NAMES[f.month - 1]!,
  m: (f) => pad(f.month),
  y: (f) => pad(f.year % 100),
  Y: (f) => pad(f.year, 4),
  H: (f) => pad(f.hour),
  I: (f) => pad(f.hour % 12 === 0 ? 12 : f.hour % 12),
  p: (f) => (f.hour < 12 ? "AM" : "PM"),
  M: (f) => pad(f.minute),
  S: (f) => pad(f.second),
  f: (f) => pad(f.microsecond, 6),
  z: () => "",
  Z: () => "",
  j: (f) => pad(f.dayOfYear, 3),
  U: (f) => pad(weekNumber(f, 6)),
  W: (f) => pad(weekNumber(f, 0)),
  c: (f) => formatTime(f, "%a %b %e %H:%M:%S %Y"),
  x: (f) => formatTime(f, "%m/%d/%y"),
  X: (f) => formatTime(f, "%H:%M:%S"),
  e: (f) => String(f.day).padStart(2, " "),
  "%": () => "%",
};

/** Formats fields with a strftime format. */
export function formatTime(fields: TimeFields, format: string): string {
  return format.replace(/%(.)/gsu, (whole, directive: string) => {
    const write = DIRECTIVES[directive];
    return write ? write(fields) : whole;
  });
}

/** The fields strptime reads; missing ones default as in Python. */
export interface ParsedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

interface Parser {
  pattern: string;
  apply?: (parsed: ParsedTime, text: string) => void;
}

const nameAlternatives = (names: string[], length?: number) =>
  `(${names.map((name) => name.slice(0, length)).join("|")})`;

const monthFromName = (text: string) =>
  MONTH_NAMES.findIndex((name) =>
    name.toLowerCase().startsWith(text.toLowerCase()),
  ) + 1;

const PARSERS: Record<string, Parser> = {
  Y: { pattern: "(\\d{4})", apply: (p, t) => (p.year = Number(t)) },
  y: {
    pattern: "(\\d{2})",
    // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
    apply: (p, t) => (p.year = Number(t) + (Number(t) < 69 ? 2000 : 1900)),
  },
  m: { pattern: "(\\d{1,2})", apply: (p, t) => (p.month = Number(t)) },
  d: { pattern: "(\\d{1,2})", apply: (p, t) => (p.day = Number(t)) },
  H: { pattern: "(\\d{1,2})", apply: (p, t) => (p.hour = Number(t)) },
  I: { pattern: "(\\d{1,2})", apply: (p, t) => (p.hour = Number(t) % 12) },
  M: { pattern: "(\\d{1,2})", apply: (p, t) => (p.minute = Number(t)) },
  S: { pattern: "(\\d{1,2})", apply: (p, t) => (p.second = Number(t)) },
  f: {
    pattern: "(\\d{1,6})",
    apply: (p, t) => (p.microsecond = Number(t.padEnd(6, "0"))),
  },
  p: {
    pattern: "(AM|PM|am|pm)",
    apply: (p, t) => (p.hour += t.toUpperCase() === "PM" ? 12 : 0),
  },
  b: {
    pattern: nameAlternatives(MONTH_NAMES, 3),
    apply: (p, t) => (p.month = monthFromName(t)),
  },
  B: {
    pattern: nameAlternatives(MONTH_NAMES),
    apply: (p, t) => (p.month = monthFromName(t)),
  },
  a: { pattern: nameAlternatives(DAY_NAMES, 3) },
  A: { pattern: nameAlternatives(DAY_NAMES) },
  "%": { pattern: "%" },
};

/**
 * Parses text with a strptime format, or raises Python's ValueError. `%p`
 * must come after `%I` in the format, which is how formats are written.
 */
export function parseTime(text: string, format: string): ParsedTime {
  const steps: Parser[] = [];
  let pattern = "";
  for (const [, directive, literal] of format.matchAll(/%(.)|([^%]+)/gsu)) {
    if (literal !== undefined) {
      pattern += literal
        .replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")
        .replace(/\s+/gu, "\\s*");
      continue;
    }
    const parser = PARSERS[directive!];
    if (!parser) {
      throw pythonError(
        "ValueError",
        `'${directive}' is a bad directive in format '${format}'`,
      );
    }
    pattern += parser.pattern;
    if (parser.pattern.startsWith("(")) steps.push(parser);
  }

  const match = new RegExp(`^${pattern}$`, "iu").exec(text);
  if (!match) {
    throw pythonError(
      "ValueError",
      `time data '${text}' does not match format '${format}'`,
    );
  }
  const parsed: ParsedTime = {
    year: 1900,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    microsecond: 0,
  };
  steps.forEach((step, index) => step.apply?.(parsed, match[index + 1]!));
  return parsed;
}
