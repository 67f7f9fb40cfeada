import { CallArguments } from "../python/call-arguments.ts";
import { pythonError, toInteger } from "../python/values.ts";
import { dayFromCivil, pad } from "./calendar.ts";
import { PyDate } from "./date.ts";
import type { TimeFields } from "./strftime.ts";
import { MICROSECONDS_PER_DAY, Timedelta } from "./timedelta.ts";

/**
 * Python's naive `datetime.datetime`: the day number of a date plus the
 * microseconds since midnight. Time zones are not modelled.
 */
export class PyDateTime extends PyDate {
  override readonly pythonTypeName: string = "datetime";

  constructor(
    epochDay: number,
    readonly microsOfDay: number,
  ) {
    super(epochDay);
  }

  /** Creates a datetime from the arguments of `datetime(year, month, day, ...)`. */
  static override fromArguments(args: unknown[]): PyDateTime {
    const call = new CallArguments(args);
    const names = [
      "year",
      "month",
      "day",
      "hour",
      "minute",
      "second",
      "microsecond",
    ];
    const [year, month, day, hour, minute, second, micro] = names.map(
      (name, index) =>
        toInteger(call.get(index, name, index < 3 ? undefined : 0), name),
    );
    return PyDateTime.fromFields(
      year!,
      month!,
      day!,
      hour!,
      minute!,
      second!,
      micro!,
    );
  }

  static fromFields(
    year: number,
    month: number,
    day: number,
    hour = 0,
    minute = 0,
    second = 0,
    microsecond = 0,
  ): PyDateTime {
    checkRange("hour", hour, 23);
    checkRange("minute", minute, 59);
    checkRange("second", second, 59);
    checkRange("microsecond", microsecond, 999_999);
    const micros = ((hour * 60 + minute) * 60 + second) * 1e6 + microsecond;
    return new PyDateTime(dayFromCivil(year, month, day), micros);
  }

  /** Creates a naive datetime from the clock reading of a JavaScript Date. */
  static fromJsDate(date: Date, utc: boolean): PyDateTime {
    const get = (local: () => number, universal: () => number) =>
      utc ? universal.call(date) : local.call(date);
    return PyDateTime.fromFields(
      get(date.getFullYear, date.getUTCFullYear),
      get(date.getMonth, date.getUTCMonth) + 1,
      get(date.getDate, date.getUTCDate),
      get(date.getHours, date.getUTCHours),
      get(date.getMinutes, date.getUTCMinutes),
      get(date.getSeconds, date.getUTCSeconds),
      get(date.getMilliseconds, date.getUTCMilliseconds) * 1000,
    );
  }

  get hour(): number {
    return Math.floor(this.microsOfDay / 3600e6);
  }

  get minute(): number {
    return Math.floor(this.microsOfDay / 60e6) % 60;
  }

  get second(): number {
    return Math.floor(this.microsOfDay / 1e6) % 60;
  }

  get microsecond(): number {
    return this.microsOfDay % 1e6;
  }

  get tzinfo(): null {
    return null;
  }

  date(): PyDate {
    return new PyDate(this.epochDay);
  }

  override isoformat(...args: unknown[]): string {
    const separator = String(new CallArguments(args).get(0, "sep", "T"));
    const clock = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    const fraction = this.microsecond ? `.${pad(this.microsecond, 6)}` : "";
    return `${super.isoformat()}${separator}${clock}${fraction}`;
  }

  override replace(...args: unknown[]): PyDateTime {
    const call = new CallArguments(args);
    const names = [
      "year",
      "month",
      "day",
      "hour",
      "minute",
      "second",
      "microsecond",
    ];
    const current = [
      this.year,
      this.month,
      this.day,
      this.hour,
      this.minute,
      this.second,
      this.microsecond,
    ];
    const [year, month, day, hour, minute, second, micro] = names.map(
      (name, index) => toInteger(call.get(index, name, current[index]), name),
    );
    return PyDateTime.fromFields(
      year!,
      month!,
      day!,
      hour!,
      minute!,
      second!,
      micro!,
    );
  }

  protected override fields(): TimeFields {
    return {
      ...super.fields(),
      hour: this.hour,
      minute: this.minute,
      second: this.second,
      microsecond: this.microsecond,
    };
  }

  override valueOf(): number {
    return this.epochDay * MICROSECONDS_PER_DAY + this.microsOfDay;
  }

  override __str__(): string {
    return this.isoformat(" ");
  }

  override __repr__(): string {
    const parts = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    return `datetime.datetime(${parts.join(", ")})`;
  }

  override __add__(other: unknown): PyDateTime | undefined {
    if (!(other instanceof Timedelta)) return undefined;
    return PyDateTime.shifted(this, other.totalMicroseconds);
  }

  override __sub__(other: unknown): PyDateTime | Timedelta | undefined {
    if (other instanceof Timedelta) {
      return PyDateTime.shifted(this, -other.totalMicroseconds);
    }
    if (other instanceof PyDateTime) {
      const days = this.epochDay - other.epochDay;
      const micros = this.microsOfDay - other.microsOfDay;
      return new Timedelta(days * MICROSECONDS_PER_DAY + micros);
    }
    return undefined;
  }

  private static shifted(value: PyDateTime, micros: number): PyDateTime {
    const total = value.microsOfDay + micros;
    const dayShift = Math.floor(total / MICROSECONDS_PER_DAY);
    const rest = total - dayShift * MICROSECONDS_PER_DAY;
    return new PyDateTime(value.epochDay + dayShift, rest);
  }
}

function checkRange(name: string, value: number, max: number): void {
  if (value < 0 || value > max) {
    throw pythonError("ValueError", `${name} must be in 0..${max}`);
  }
}
