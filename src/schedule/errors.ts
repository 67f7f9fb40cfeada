/** Stable codes of the schedule errors users see. */
export type ScheduleErrorCode =
  | "schedule-rule-syntax"
  | "schedule-rule-no-date"
  | "schedule-invalid-calendar"
  | "schedule-run-in-progress"
  | "schedule-history-unreadable";

/**
 * An error in a calendar rule, a country's calendar settings or the run
 * history that a user can fix. `subject` names the file, setting or value
 * concerned and `hint` says what to do.
 */
export class ScheduleError extends Error {
  override name = "ScheduleError";
  readonly code: ScheduleErrorCode;
  readonly subject: string;
  readonly hint: string;

  constructor(
    code: ScheduleErrorCode,
    subject: string,
    message: string,
    hint: string,
  ) {
    super(`${subject}: ${message}`);
    this.code = code;
    this.subject = subject;
    this.hint = hint;
  }
}

/**
 * A calendar rule that does not parse. The message shows the rule with a
 * caret under the offending word, the word found and what was expected.
 */
export class RuleSyntaxError extends ScheduleError {
  override name = "RuleSyntaxError";
  readonly rule: string;
  readonly column: number;
  readonly found: string;
  readonly expected: string;

  constructor(
    rule: string,
    column: number,
    found: string,
    expected: string,
    setting = "calendar rule",
  ) {
    const caret =
      " ".repeat(column - 1) + "^".repeat(Math.max(found.length, 1));
    const what = found === "" ? "the rule ends" : `found "${found}"`;
    super(
      "schedule-rule-syntax",
      setting,
      `invalid rule at column ${column}: ${what}, expected ${expected}\n` +
        `  ${rule}\n  ${caret}`,
      'Write a rule such as "3rd business day of Jan, Apr, Jul, Oct" or ' +
        '"run - 2 business days"; the syntax is in src/schedule/README.md.',
    );
    this.rule = rule;
    this.column = column;
    this.found = found;
    this.expected = expected;
  }
}
