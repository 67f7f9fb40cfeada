import { CallArguments } from "../python/call-arguments.ts";
import { toInteger } from "../python/values.ts";
import { civilFromDay, dayFromCivil, pad } from "./calendar.ts";
import { formatTime, type TimeFields } from "./strftime.ts";
import { MICROSECONDS_PER_DAY, Timedelta } from "./timedelta.ts";

// Python's `datetime.date`, stored as a day number counted from 1970-01-01.

/** Python's `datetime.date`. */
export class PyDate {
  readonly pythonTypeName: string = "date";

  constructor(readonly epochDay: number) {}

  /** Creates a date from the arguments of `date(year, month, day)`. */
  static fromArguments(args: unknown[]): PyDate {
    const call = new CallArguments(args);
    const [year, month, day] = ["year", "month", "day"].map((name, index) =>
      toInteger(call.get(index, name), name),
    );
    return new PyDate(dayFromCivil(year!, month!, day!));
  }

  get year(): number {
    return civilFromDay(this.epochDay)[0];
  }

  get month(): number {
    return civilFromDay(this.epochDay)[1];
  }

  get day(): number {
    return civilFromDay(this.epochDay)[2];
  }

  /** Monday is 0, as in Python. */
  weekday(): number {
    // 1970-01-01 was a Thursday (weekday 3).
    return (((this.epochDay + 3) % 7) + 7) % 7;
  }

  isoweekday(): number {
    return this.weekday() + 1;
  }

  toordinal(): number {
    // Python's ordinal 1 is 0001-01-01; 1970-01-01 is ordinal 719163.
    return this.epochDay + 719_163;
  }

  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  strftime(format: unknown): string {
    return formatTime(this.fields(), String(format));
  }

  replace(...args: unknown[]): PyDate {
    const call = new CallArguments(args);
    const year = toInteger(call.get(0, "year", this.year), "year");
    const month = toInteger(call.get(1, "month", this.month), "month");
    const day = toInteger(call.get(2, "day", this.day), "day");
    return new PyDate(dayFromCivil(year, month, day));
  }

  protected fields(): TimeFields {
    const [year, month, day] = civilFromDay(this.epochDay);
    return {
      year,
      month,
      day,
      hour: 0,
      minute: 0,
      second: 0,
      microsecond: 0,
      weekday: this.weekday(),
      dayOfYear: this.epochDay - dayFromCivil(year, 1, 1) + 1,
    };
  }

  valueOf(): number {
    return this.epochDay * MICROSECONDS_PER_DAY;
  }

  __str__(): string {
    return this.isoformat();
  }

  __repr__(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }

  __format__(spec: string): string {
    return spec === "" ? this.__str__() : this.strftime(spec);
  }

  __eq__(other: unknown): boolean {
    return (
      other instanceof PyDate &&
      other.pythonTypeName === this.pythonTypeName &&
      other.valueOf() === this.valueOf()
    );
  }

  __lt__(other: unknown): boolean | undefined {
    if (!(other instanceof PyDate)) return undefined;
    if (other.pythonTypeName !== this.pythonTypeName) return undefined;
    return this.valueOf() < other.valueOf();
  }

  __add__(other: unknown): PyDate | undefined {
    if (!(other instanceof Timedelta)) return undefined;
    return new PyDate(this.epochDay + other.days);
  }

  __radd__(other: unknown): PyDate | undefined {
    return this.__add__(other);
  }

  __sub__(other: unknown): PyDate | Timedelta | undefined {
    if (other instanceof Timedelta)
      return new PyDate(this.epochDay - other.days);
    if (other instanceof PyDate && other.pythonTypeName === "date") {
      return new Timedelta(
        (this.epochDay - other.epochDay) * MICROSECONDS_PER_DAY,
      );
    }
    return undefined;
  }
}
