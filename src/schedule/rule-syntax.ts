import { RuleSyntaxError } from "./errors.ts";

/** How a rule moves its date onto a business day. */
export type Roll = "before" | "after" | "on-or-before" | "on-or-after";

/** The date a rule starts from, before offsets and the roll. */
export type RuleBase =
  | { kind: "business-day-of-month"; nth: number | "last"; months: number[] }
  | { kind: "day-of-month"; day: number; months: number[] }
  | { kind: "run" };

/** A shift in calendar days or business days; negative goes back. */
export interface RuleOffset {
  readonly amount: number;
  readonly unit: "days" | "business-days";
}

/**
 * A parsed calendar rule: a base date, offsets applied left to right, then
 * an optional roll onto a business day. Plain data, evaluated by
 * `evaluateRule`.
 */
export interface CalendarRule {
  readonly text: string;
  readonly roll: Roll | undefined;
  readonly base: RuleBase;
  readonly offsets: readonly RuleOffset[];
}

interface Token {
  readonly text: string;
  readonly lower: string;
  readonly column: number;
}

const MONTHS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];
const FULL_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth"];

/** The most business days a month can have (31 days, 23 of them weekdays). */
const MAX_NTH = 23;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*([A-Za-z]+|\d+[A-Za-z]*|[+,-]|\S)/y;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const word = match[1]!;
    const column = pattern.lastIndex - word.length + 1;
    tokens.push({ text: word, lower: word.toLowerCase(), column });
  }
  return tokens;
}

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return "th";
  return ["th", "st", "nd", "rd"][n % 10] ?? "th";
}

/** Reads tokens left to right and raises a positioned error on a mismatch. */
class RuleParser {
  private index = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly text: string,
    private readonly setting: string,
  ) {
    this.tokens = tokenize(text);
  }

  parse(): CalendarRule {
    if (this.tokens.length === 0) this.fail("a rule");
    const roll = this.parseRoll();
    const base = this.parseBase();
    const offsets: RuleOffset[] = [];
    while (this.peek()?.lower === "+" || this.peek()?.lower === "-") {
      offsets.push(this.parseOffset());
    }
    if (this.peek()) this.fail('"+", "-" or the end of the rule');
    return { text: this.text, roll, base, offsets };
  }

  private peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  private fail(expected: string): never {
    const token = this.peek();
    const column = token ? token.column : this.text.trimEnd().length + 1;
    throw new RuleSyntaxError(
      this.text,
      column,
      token?.text ?? "",
      expected,
      this.setting,
    );
  }

  private expectWord(...words: string[]): void {
    for (const word of words) {
      if (this.peek()?.lower !== word) this.fail(`"${word}"`);
      this.index++;
    }
  }

  private parseRoll(): Roll | undefined {
    const words = this.tokens.slice(this.index, this.index + 4);
    const joined = words.map((t) => t.lower).join(" ");
    const rolls: Array<[string, Roll, number]> = [
      ["last business day before", "before", 4],
      ["first business day after", "after", 4],
    ];
    for (const [phrase, roll, length] of rolls) {
      if (joined === phrase) {
        this.index += length;
        return roll;
      }
    }
    if (joined === "business day on or") {
      this.index += 4;
      const side = this.next();
      if (side?.lower === "before") return "on-or-before";
      if (side?.lower === "after") return "on-or-after";
      this.index--;
      this.fail('"before" or "after"');
    }
    return undefined;
  }

  private parseBase(): RuleBase {
    const token = this.peek();
    if (token?.lower === "run") {
      this.index++;
      return { kind: "run" };
    }
    if (token?.lower === "day") {
      this.index++;
      const day = this.parseNumber(1, 31, "a day of the month from 1 to 31");
      this.expectWord("of");
      const months = this.parseMonths();
      this.checkDayExists(day, months);
      return { kind: "day-of-month", day, months };
    }
    const nth = this.parseOrdinal();
    this.expectWord("business", "day", "of");
    return { kind: "business-day-of-month", nth, months: this.parseMonths() };
  }

  private parseOrdinal(): number | "last" {
    const token = this.peek();
    const expected =
      'an ordinal such as "3rd" or "third", "last", "day" or "run"';
    if (!token) this.fail(expected);
    if (token.lower === "last") {
      this.index++;
      return "last";
    }
    const wordIndex = ORDINAL_WORDS.indexOf(token.lower);
    if (wordIndex >= 0) {
      this.index++;
      return wordIndex + 1;
    }
    const match = /^(\d+)(st|nd|rd|th)$/.exec(token.lower);
    if (!match) this.fail(expected);
    const n = Number(match[1]);
    if (match[2] !== ordinalSuffix(n)) {
      this.fail(`"${n}${ordinalSuffix(n)}"`);
    }
    if (n < 1 || n > MAX_NTH) {
      this.fail(`an ordinal from 1st to ${MAX_NTH}rd, or "last"`);
    }
    this.index++;
    return n;
  }

  private parseNumber(min: number, max: number, expected: string): number {
    const token = this.peek();
    if (!token || !/^\d+$/.test(token.text)) this.fail(expected);
    const n = Number(token.text);
    if (n < min || n > max) this.fail(expected);
    this.index++;
    return n;
  }

  private parseMonth(): number {
    const token = this.peek();
    const found = token
      ? Math.max(MONTHS.indexOf(token.lower), FULL_MONTHS.indexOf(token.lower))
      : -1;
    if (found < 0) this.fail("a month such as Jan or January");
    this.index++;
    return found + 1;
  }

  private parseMonths(): number[] {
    if (this.peek()?.lower === "every") {
      this.index++;
      this.expectWord("month");
      return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    }
    const months = [this.parseMonth()];
    while (this.peek()?.lower === "," || this.peek()?.lower === "and") {
      this.index++;
      const column = this.peek()?.column;
      const month = this.parseMonth();
      if (months.includes(month)) {
        this.index--;
        this.fail(`a month not listed before (column ${column})`);
      }
      months.push(month);
    }
    return months;
  }

  private checkDayExists(day: number, months: number[]): void {
    // February is checked against a leap year; `evaluateRule` takes day 29 of
    // February as the 28th in other years.
    const lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const short = months.find((m) => day > lengths[m - 1]!);
    if (short !== undefined) {
      this.index--;
      this.fail(`a month that has a day ${day}, not ${MONTHS[short - 1]}`);
    }
  }

  private parseOffset(): RuleOffset {
    const sign = this.next()!.lower === "-" ? -1 : 1;
    const amount = this.parseNumber(0, 366, "a number of days from 0 to 366");
    const unit = this.peek()?.lower;
    if (unit === "business") {
      this.index++;
      const day = this.peek()?.lower;
      if (day !== "day" && day !== "days") this.fail('"days"');
      this.index++;
      return { amount: sign * amount, unit: "business-days" };
    }
    if (unit === "day" || unit === "days") {
      this.index++;
      return { amount: sign * amount, unit: "days" };
    }
    this.fail('"business days" or "days"');
  }
}

/**
 * Parses a calendar rule. `setting` names where the rule comes from, for
 * the error message.
 *
 * ```ts
 * parseRule("3rd business day of Jan, Apr, Jul, Oct");
 * parseRule("run - 2 business days");
 * parseRule("business day on or after day 10 of every month");
 * ```
 */
export function parseRule(text: string, setting?: string): CalendarRule {
  return new RuleParser(text, setting ?? "calendar rule").parse();
}
