import { CallArguments } from "../python/call-arguments.ts";
import { pythonError } from "../python/values.ts";

export const MICROSECONDS_PER_DAY = 86_400_000_000;

/**
 * Python's `datetime.timedelta`, stored as a whole number of microseconds.
 * Exact while the duration stays under about 285 years (2^53 µs).
 */
export class Timedelta {
  readonly pythonTypeName = "timedelta";

  constructor(readonly totalMicroseconds: number) {}

  /** Creates a timedelta from `timedelta(days, seconds, ..., weeks)` arguments. */
  static fromArguments(args: unknown[]): Timedelta {
    const call = new CallArguments(args);
    const units: [string, number][] = [
      ["days", MICROSECONDS_PER_DAY],
      ["seconds", 1e6],
      ["microseconds", 1],
      ["milliseconds", 1e3],
      ["minutes", 60e6],
      ["hours", 3600e6],
      ["weeks", 7 * MICROSECONDS_PER_DAY],
    ];
    let total = 0;
    units.forEach(([name, size], index) => {
      const value = call.get(index, name, 0);
      if (typeof value !== "number") {
        throw pythonError(
          "TypeError",
          `unsupported type for timedelta ${name} component`,
        );
      }
      total += value * size;
    });
    return new Timedelta(roundHalfEven(total));
  }

  get days(): number {
    return Math.floor(this.totalMicroseconds / MICROSECONDS_PER_DAY);
  }

  get seconds(): number {
    const rest = this.totalMicroseconds - this.days * MICROSECONDS_PER_DAY;
    return Math.floor(rest / 1e6);
  }

  get microseconds(): number {
    return (
      this.totalMicroseconds - Math.floor(this.totalMicroseconds / 1e6) * 1e6
    );
  }

  total_seconds(): number {
    return this.totalMicroseconds / 1e6;
  }

  valueOf(): number {
    return this.totalMicroseconds;
  }

  __str__(): string {
    const days = this.days;
    const hours = Math.floor(this.seconds / 3600);
    const minutes = Math.floor((this.seconds % 3600) / 60);
    const seconds = this.seconds % 60;
    const clock = `${hours}:${pad(minutes)}:${pad(seconds)}`;
    const fraction = this.microseconds
      ? `.${String(this.microseconds).padStart(6, "0")}`
      : "";
    const dayText =
      days === 0 ? "" : `${days} day${Math.abs(days) === 1 ? "" : "s"}, `;
    return dayText + clock + fraction;
  }

  __repr__(): string {
    const parts = [
      ["days", this.days],
      ["seconds", this.seconds],
      ["microseconds", this.microseconds],
    ].filter(([, value]) => value !== 0);
    const text = parts.map(([name, value]) => `${name}=${value}`).join(", ");
    return `datetime.timedelta(${text})`;
  }

  __bool__(): boolean {
    return this.totalMicroseconds !== 0;
  }

  __eq__(other: unknown): boolean {
    return (
      other instanceof Timedelta &&
      other.totalMicroseconds === this.totalMicroseconds
    );
  }

  __lt__(other: unknown): boolean | undefined {
    if (!(other instanceof Timedelta)) return undefined;
    return this.totalMicroseconds < other.totalMicroseconds;
  }

  __add__(other: unknown): Timedelta | undefined {
    if (!(other instanceof Timedelta)) return undefined;
    return new Timedelta(this.totalMicroseconds + other.totalMicroseconds);
  }

  __sub__(other: unknown): Timedelta | undefined {
    if (!(other instanceof Timedelta)) return undefined;
    return new Timedelta(this.totalMicroseconds - other.totalMicroseconds);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}
