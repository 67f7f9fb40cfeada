import { dateParts, type LocalDate } from "./local-date.ts";

/** Whether the runtime knows an IANA time zone such as `Europe/Paris`. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Building an Intl formatter is the slow part, so keep one per time zone.
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = createWallClockFormatter(timeZone);
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function createWallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

/** Wall-clock date and `HH:MM` time of an instant in a time zone. */
export function wallClockAt(
  instant: Date,
  timeZone: string,
): { date: LocalDate; time: string } {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    time: `${get("hour")}:${get("minute")}`,
  };
}

/** The date of an instant in a time zone: "today" for a run there. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  return wallClockAt(instant, timeZone).date;
}

/** UTC offset in minutes of a time zone at an instant (+60 for CET). */
function offsetMinutes(ms: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      timeZoneName: "longOffset",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName")?.value;
  // UTC itself is written "GMT" without digits.
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * The instants at which a wall-clock time occurs on a date in a time zone:
 * none when a daylight saving change skips it, two when the change back
 * repeats it, one otherwise.
 */
export function instantsOfWallClock(
  date: LocalDate,
  time: string,
  timeZone: string,
): Date[] {
  const { year, month, day } = dateParts(date);
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);

  // The offsets a day before and a day after cover both sides of a change.
  const offsets = new Set([
    offsetMinutes(naive - 86_400_000, timeZone),
    offsetMinutes(naive + 86_400_000, timeZone),
  ]);
  const instants: Date[] = [];
  for (const offset of offsets) {
    const candidate = new Date(naive - offset * 60_000);
    const wall = wallClockAt(candidate, timeZone);
    if (wall.date === date && wall.time === time) instants.push(candidate);
  }
  return instants.sort((a, b) => a.getTime() - b.getTime());
}
