import { describe, expect, it } from "vitest";
import {
  calendarSchema,
  parseRule,
  RuleSyntaxError,
} from "../../src/schedule/index.ts";

function syntaxError(text: string): RuleSyntaxError {
  try {
    parseRule(text, "calendar.run_day");
  } catch (error) {
    if (error instanceof RuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed, but a syntax error was expected`);
}

describe("parseRule", () => {
  it("parses an nth business day with months", () => {
    const rule = parseRule("3rd business day of Jan, Apr, Jul, Oct");
    expect(rule.base).toEqual({
      kind: "business-day-of-month",
      nth: 3,
      months: [1, 4, 7, 10],
    });
    expect(rule.offsets).toEqual([]);
    expect(rule.roll).toBeUndefined();
  });

  it("parses words, full month names and 'and'", () => {
    const rule = parseRule("Third business day of January and July");
    expect(rule.base).toEqual({
      kind: "business-day-of-month",
      nth: 3,
      months: [1, 7],
    });
  });

  it("parses run offsets in both units", () => {
    const rule = parseRule("run + 10 business days - 1 day");
    expect(rule.base).toEqual({ kind: "run" });
    expect(rule.offsets).toEqual([
      { amount: 10, unit: "business-days" },
      { amount: -1, unit: "days" },
    ]);
  });

  it("parses every roll", () => {
    expect(
      parseRule("last business day before run + 10 business days").roll,
    ).toBe("before");
    expect(
      parseRule("first business day after day 1 of every month").roll,
    ).toBe("after");
    expect(parseRule("business day on or after day 15 of Feb").roll).toBe(
      "on-or-after",
    );
    expect(parseRule("business day on or before day 15 of Feb").roll).toBe(
      "on-or-before",
    );
  });

  it("keeps last business day of apart from the roll", () => {
    const rule = parseRule("last business day of Mar, Jun");
    expect(rule.roll).toBeUndefined();
    expect(rule.base).toEqual({
      kind: "business-day-of-month",
      nth: "last",
      months: [3, 6],
    });
  });
});

describe("rule syntax errors", () => {
  it("points at a wrong ordinal suffix", () => {
    const error = syntaxError("3th business day of Jan");
    expect(error.code).toBe("schedule-rule-syntax");
    expect(error.column).toBe(1);
    expect(error.found).toBe("3th");
    expect(error.expected).toBe('"3rd"');
    expect(error.message).toBe(
      'calendar.run_day: invalid rule at column 1: found "3th", expected "3rd"\n' +
        "  3th business day of Jan\n" +
        "  ^^^",
    );
    expect(error.hint).toContain("3rd business day of Jan, Apr, Jul, Oct");
  });

  it("points at an unknown month", () => {
    const error = syntaxError("3rd business day of Jan, Apx");
    expect(error.column).toBe(26);
    expect(error.found).toBe("Apx");
    expect(error.expected).toBe("a month such as Jan or January");
  });

  it("reports a rule that ends too early", () => {
    const error = syntaxError("run +");
    expect(error.found).toBe("");
    expect(error.column).toBe(6);
    expect(error.message).toContain("the rule ends, expected a number");
  });

  it("rejects a missing unit", () => {
    const error = syntaxError("run + 3 weeks");
    expect(error.found).toBe("weeks");
    expect(error.expected).toBe('"business days" or "days"');
  });

  it("rejects trailing words", () => {
    const error = syntaxError("run + 3 days please");
    expect(error.found).toBe("please");
    expect(error.column).toBe(14);
  });

  it("rejects a day that no listed month has", () => {
    const error = syntaxError("day 31 of Jan, Apr");
    expect(error.found).toBe("Apr");
    expect(error.expected).toBe("a month that has a day 31, not apr");
  });

  it("rejects a month listed twice", () => {
    expect(syntaxError("1st business day of Jan, Jan").found).toBe("Jan");
  });

  it("rejects an ordinal past 23", () => {
    expect(syntaxError("24th business day of Jan").expected).toBe(
      'an ordinal from 1st to 23rd, or "last"',
    );
  });

  it("rejects an empty rule", () => {
    expect(syntaxError("  ").expected).toBe("a rule");
  });
});

describe("calendarSchema", () => {
  const valid = {
    run_day: "3rd business day of Jan, Apr, Jul, Oct",
    partner_due: "run - 2 business days",
    dealer_offers: "run + 5 business days",
  };

  it("accepts rules and defaults the run time", () => {
    const parsed = calendarSchema.parse(valid);
    expect(parsed.run_time).toBe("06:30");
  });

  it("reports a rule syntax error as an issue", () => {
    const result = calendarSchema.safeParse({
      ...valid,
      partner_due: "run ~ 2",
    });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(["partner_due"]);
    expect(issue.message).toContain('found "~"');
  });

  it("requires one run month per quarter", () => {
    const result = calendarSchema.safeParse({
      ...valid,
      run_day: "3rd business day of Jan, Feb, Jul, Oct",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe(
      "run_day must name one month of each quarter, but it names 2 of Q1",
    );
  });

  it("rejects a run day based on run", () => {
    const result = calendarSchema.safeParse({
      ...valid,
      run_day: "run + 1 day",
    });
    expect(result.error!.issues[0]!.message).toContain("can not be based on");
  });

  it("rejects an invalid run time", () => {
    const result = calendarSchema.safeParse({ ...valid, run_time: "6:30" });
    expect(result.error!.issues[0]!.path).toEqual(["run_time"]);
  });

  it("rejects unknown keys", () => {
    const result = calendarSchema.safeParse({ ...valid, run_days: "x" });
    expect(result.success).toBe(false);
  });
});
