import { CallArguments } from "../python/call-arguments.ts";
import { pythonError, toText } from "../python/values.ts";
import { dayFromCivil } from "./calendar.ts";
import { PyDate } from "./date.ts";
import { PyDateTime } from "./datetime.ts";
import { parseTime } from "./strftime.ts";
import { Timedelta } from "./timedelta.ts";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/u;

function dateFromIso(text: unknown): PyDate {
  const match = ISO_DATE.exec(toText(text, "fromisoformat: argument"));
  if (!match) {
    throw pythonError(
      "ValueError",
      `Invalid isoformat string: '${String(text)}'`,
    );
  }
  const [year, month, day] = match.slice(1).map(Number);
  return new PyDate(dayFromCivil(year!, month!, day!));
}

function datetimeFromIso(text: unknown): PyDateTime {
  const match = ISO_DATETIME.exec(toText(text, "fromisoformat: argument"));
  if (!match) {
    throw pythonError(
      "ValueError",
      `Invalid isoformat string: '${String(text)}'`,
    );
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const microsecond = Number((match[7] ?? "").padEnd(6, "0"));
  return PyDateTime.fromFields(
    year!,
    month!,
    day!,
    hour,
    minute,
    second,
    microsecond,
  );
}

function rejectTimeZone(args: unknown[]): void {
  const tz = new CallArguments(args).get(0, "tz", null);
  if (tz !== null) {
    throw pythonError(
      "ValueError",
      "time zones are not supported; call now() without tz",
    );
  }
}

/**
 * Creates the `modules.datetime` object: `date`, `datetime` and `timedelta`,
 * callable as in Python (`datetime.date(2024, 1, 31)`). `now` is the
 * clock behind `now()`, `utcnow()` and `today()`.
 */
export function createDatetimeModule(now: () => Date) {
  const date = Object.assign(
    (...args: unknown[]) => PyDate.fromArguments(args),
    {
      today: () => PyDateTime.fromJsDate(now(), false).date(),
      fromisoformat: dateFromIso,
    },
  );
  const datetime = Object.assign(
    (...args: unknown[]) => PyDateTime.fromArguments(args),
    {
      now: (...args: unknown[]) => {
        rejectTimeZone(args);
        return PyDateTime.fromJsDate(now(), false);
      },
      utcnow: () => PyDateTime.fromJsDate(now(), true),
      today: () => PyDateTime.fromJsDate(now(), false),
      fromisoformat: datetimeFromIso,
      strptime: (text: unknown, format: unknown) => {
        const parsed = parseTime(
          toText(text, "strptime() argument 1"),
          toText(format, "strptime() argument 2"),
        );
        const { year, month, day, hour, minute, second, microsecond } = parsed;
        return PyDateTime.fromFields(
          year,
          month,
          day,
          hour,
          minute,
          second,
          microsecond,
        );
      },
    },
  );
  return {
    date,
    datetime,
    timedelta: (...args: unknown[]) => Timedelta.fromArguments(args),
    MINYEAR: 1,
    MAXYEAR: 9999,
  };
}
