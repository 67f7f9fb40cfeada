import { createRequire } from "node:module";
import type Holidays from "date-holidays";
import { ScheduleError } from "./errors.ts";
import {
  addDays,
  daysInMonth,
  makeDate,
  weekday,
  type LocalDate,
} from "./local-date.ts";

// date-holidays parses the holiday rules of every country as it loads,
// which took about 0.2 s on a 2-core machine. It is required on first use,
// so commands that never build a calendar (compile, build) skip that.
const requireAtRuntime = createRequire(import.meta.url);
let holidaysClass: typeof Holidays | undefined;
function holidaysLibrary(): typeof Holidays {
  holidaysClass ??= requireAtRuntime("date-holidays") as typeof Holidays;
  return holidaysClass;
}

/** The public-holiday calendar of a country and its head office's region. */
export interface HolidaySpec {
  /** ISO 3166-1 code such as `FR`. */
  readonly country: string;
  /** date-holidays region code such as `BY` (Bavaria), if any. */
  readonly region?: string | undefined;
}

/**
 * Business days of one country and region: Monday to Friday, except the
 * public holidays that date-holidays lists with `type === "public"` (bank
 * holidays and observances are working days). Holidays are looked up once
 * per year and kept in a set, because `isHoliday()` costs about 1 ms a call.
 */
export class BusinessCalendar {
  private readonly source: Holidays;
  private readonly byYear = new Map<number, Map<LocalDate, string>>();

  constructor(readonly spec: HolidaySpec) {
    this.source = openHolidays(spec);
  }

  /** Public holidays of a year, date to name. */
  holidays(year: number): ReadonlyMap<LocalDate, string> {
    let dates = this.byYear.get(year);
    if (!dates) {
      dates = new Map();
      for (const holiday of this.source.getHolidays(year)) {
        if (holiday.type !== "public") continue;
        const date = holiday.date.slice(0, 10);
        if (!dates.has(date)) dates.set(date, holiday.name);
      }
      this.byYear.set(year, dates);
    }
    return dates;
  }

  isBusinessDay(date: LocalDate): boolean {
    const day = weekday(date);
    if (day === 0 || day === 6) return false;
    return !this.holidays(Number(date.slice(0, 4))).has(date);
  }

  /**
   * Moves by business days: +1 is the next business day after `date`, -1
   * the one before; 0 returns `date` unchanged even on a holiday.
   */
  addBusinessDays(date: LocalDate, count: number): LocalDate {
    const step = count < 0 ? -1 : 1;
    let current = date;
    for (let left = Math.abs(count); left > 0;) {
      current = addDays(current, step);
      if (this.isBusinessDay(current)) left--;
    }
    return current;
  }

  /** The first business day on or after (`step` 1) or before (-1) a date. */
  businessDayFrom(date: LocalDate, step: 1 | -1): LocalDate {
    let current = date;
    while (!this.isBusinessDay(current)) current = addDays(current, step);
    return current;
  }

  /** Business days of a month (1-12), in order. */
  businessDaysOfMonth(year: number, month: number): LocalDate[] {
    const days: LocalDate[] = [];
    for (let day = 1; day <= daysInMonth(year, month); day++) {
      const date = makeDate(year, month, day);
      if (this.isBusinessDay(date)) days.push(date);
    }
    return days;
  }
}

function openHolidays(spec: HolidaySpec): Holidays {
  const Holidays = holidaysLibrary();
  const catalogue = new Holidays();
  const countries = catalogue.getCountries() ?? {};
  const setting = `holidays: { country: ${spec.country}${
    spec.region ? `, region: ${spec.region}` : ""
  } }`;
  if (!(spec.country in countries)) {
    throw new ScheduleError(
      "schedule-invalid-calendar",
      setting,
      `unknown holiday country "${spec.country}"`,
      "Use an ISO 3166-1 code that date-holidays knows, such as FR, DE or ES.",
    );
  }
  if (spec.region !== undefined) {
    const regions = catalogue.getStates(spec.country) ?? {};
    if (!(spec.region in regions)) {
      const known = Object.keys(regions).join(", ") || "none";
      throw new ScheduleError(
        "schedule-invalid-calendar",
        setting,
        `unknown holiday region "${spec.region}" for ${spec.country}`,
        `Use one of the regions date-holidays knows (${known}), or leave ` +
          "the region out when the head office's region has no holidays " +
          "of its own.",
      );
    }
  }
  return spec.region === undefined
    ? new Holidays(spec.country)
    : new Holidays(spec.country, spec.region);
}
