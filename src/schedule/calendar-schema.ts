import * as z from "zod";
import { RuleSyntaxError } from "./errors.ts";
import { parseRule, type CalendarRule } from "./rule-syntax.ts";

function ruleField(setting: string, check?: (rule: CalendarRule) => string) {
  return z.string().superRefine((text, ctx) => {
    try {
      const rule = parseRule(text, setting);
      const message = check ? check(rule) : "";
      if (message) ctx.addIssue({ code: "custom", message });
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
    }
  });
}

/** The run day must fall once in each quarter, so its months must. */
function checkRunDayMonths(rule: CalendarRule): string {
  if (rule.base.kind === "run") {
    return (
      'run_day can not be based on "run"; give it months, such as ' +
      '"3rd business day of Jan, Apr, Jul, Oct"'
    );
  }
  const quarters = rule.base.months.map((m) => Math.floor((m - 1) / 3) + 1);
  for (let quarter = 1; quarter <= 4; quarter++) {
    const count = quarters.filter((q) => q === quarter).length;
    if (count !== 1) {
      return (
        `run_day must name one month of each quarter, but it names ` +
        `${count} of Q${quarter}`
      );
    }
  }
  return "";
}

/**
 * The `calendar:` section of a country in countries.yml. Rules are kept as
 * text (models may render them) and checked here with positioned errors.
 *
 * ```yaml
 * calendar:
 *   run_day: 3rd business day of Jan, Apr, Jul, Oct
 *   partner_due: run - 2 business days
 *   dealer_offers: run + 5 business days
 *   run_time: "06:30"
 * ```
 */
export const calendarSchema = z.strictObject({
  /** The quarter's run day: one month of each quarter. */
  run_day: ruleField("calendar.run_day", checkRunDayMonths),
  /** When the partner's quotations for the quarter are due. */
  partner_due: ruleField("calendar.partner_due"),
  /** When the dealer offers of the quarter go out. */
  dealer_offers: ruleField("calendar.dealer_offers"),
  /** Local wall-clock time (24 h) at which cron starts the daily check. */
  run_time: z
    .string()
    .regex(
      /^([01]\d|2[0-3]):[0-5]\d$/,
      'expected a 24-hour time such as "06:30"',
    )
    .default("06:30"),
});

/** The parsed `calendar:` section. */
export type CalendarSettings = z.infer<typeof calendarSchema>;
