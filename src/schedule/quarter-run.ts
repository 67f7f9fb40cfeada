import {
  quarterDatesOn,
  type CountryCalendar,
  type QuarterDates,
} from "./country-calendar.ts";
import { decideIfDue, type DueDecision } from "./if-due.ts";
import { quarterOf, type LocalDate } from "./local-date.ts";
import {
  appendRunHistory,
  QUARTER_STEPS,
  quarterProgress,
  readRunHistory,
  runHistoryPath,
  type QuarterStep,
  type RunHistoryEntry,
} from "./run-history.ts";
import { acquireRunLock, runLockPath } from "./run-lock.ts";
import { localDateAt } from "./time-zone.ts";

/** Outcome of one step; `exitCode` defaults to 1 when `ok` is false. */
export interface QuarterStepResult {
  readonly ok: boolean;
  readonly message: string;
  readonly exitCode?: number;
}

/** A step of the quarter, given the quarter's dates. */
export type QuarterStepFunction = (
  dates: QuarterDates,
) => Promise<QuarterStepResult>;

/**
 * The three steps of a quarter. `build` materializes the country's models,
 * runs their data tests and publishes the new partitions only when every
 * error-level test passed (write, audit, publish).
 */
export type QuarterRunSteps = Record<QuarterStep, QuarterStepFunction>;

/** The core's project run, as the quarter run calls it. */
export type ProjectRunner = (options: {
  country: string;
  referenceDate: LocalDate;
}) => Promise<{ exitCode: number; message?: string }>;

/** Wraps the core's project run as the quarter's `build` step. */
export function buildStepFrom(
  country: string,
  runProject: ProjectRunner,
): QuarterStepFunction {
  return async (dates) => {
    const result = await runProject({
      country,
      referenceDate: dates.referenceDate,
    });
    return {
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      message:
        result.message ??
        (result.exitCode === 0
          ? "built, tested and published"
          : "build or tests failed; the previous data stays published"),
    };
  };
}

/** Something the quarter run reports; only the CLI prints it. */
export interface QuarterRunEvent {
  readonly code:
    | "quarter-not-due"
    | "quarter-due"
    | "quarter-finished-before"
    | "step-start"
    | "step-skip"
    | "step-end"
    | "quarter-end";
  readonly level: "info" | "warn" | "error";
  readonly country: string;
  readonly quarter: string;
  readonly step?: QuarterStep;
  readonly durationMs?: number;
  readonly message: string;
}

export interface QuarterRunOptions {
  readonly calendar: CountryCalendar;
  /** The project's `target/` folder: run history and lock live there. */
  readonly targetDir: string;
  readonly steps: QuarterRunSteps;
  /** Run only when due (see `decideIfDue`). */
  readonly ifDue?: boolean;
  /** Run every step again, even of a finished quarter. */
  readonly force?: boolean;
  readonly now?: Date;
  readonly onEvent?: (event: QuarterRunEvent) => void;
}

export interface QuarterRunResult {
  /** 0: finished or not due; otherwise the failed step's exit code. */
  readonly exitCode: number;
  readonly ran: boolean;
  readonly quarter: string;
  readonly decision?: DueDecision;
}

/**
 * Runs a country's quarter: pull the partner's quotations, build, test and
 * publish, push the next requests. Each step is recorded in the run
 * history, so a rerun after a failure skips the steps that succeeded.
 * `pull` is idempotent and always runs, so quotations that arrived since
 * the failure are imported before the build runs again.
 * A finished quarter runs again only with `force`.
 */
export async function runQuarter(
  options: QuarterRunOptions,
): Promise<QuarterRunResult> {
  const now = options.now ?? new Date();
  const { calendar } = options;
  const emit = options.onEvent ?? (() => {});
  const historyFile = runHistoryPath(options.targetDir);
  const today = localDateAt(now, calendar.timeZone);
  const quarter = quarterOf(today);
  const base = { country: calendar.code, quarter };

  let decision: DueDecision | undefined;
  if (options.ifDue && !options.force) {
    decision = decideIfDue(calendar, readRunHistory(historyFile), now);
    if (!decision.due) {
      emit({
        ...base,
        code: "quarter-not-due",
        level: "info",
        message: decision.message,
      });
      return { exitCode: 0, ran: false, quarter, decision };
    }
    emit({
      ...base,
      code: "quarter-due",
      level: "info",
      message: decision.message,
    });
  }

  const release = acquireRunLock(runLockPath(options.targetDir, calendar.code));
  try {
    return await runSteps(options, historyFile, now, quarter, decision);
  } finally {
    release();
  }
}

async function runSteps(
  options: QuarterRunOptions,
  historyFile: string,
  now: Date,
  quarter: string,
  decision: DueDecision | undefined,
): Promise<QuarterRunResult> {
  const { calendar } = options;
  const emit = options.onEvent ?? (() => {});
  const base = { country: calendar.code, quarter };
  const record = (entry: Omit<RunHistoryEntry, "at" | "country" | "quarter">) =>
    appendRunHistory(historyFile, {
      at: new Date().toISOString(),
      ...base,
      ...entry,
    });

  // Read under the lock: another run may have finished meanwhile.
  const progress = quarterProgress(
    readRunHistory(historyFile),
    calendar.code,
    quarter,
  );
  if (progress.finished && !options.force) {
    emit({
      ...base,
      code: "quarter-finished-before",
      level: "info",
      message: `${calendar.code} ${quarter} already ran to the end; use --force to run it again`,
    });
    return { exitCode: 0, ran: false, quarter, decision };
  }

  const today = localDateAt(now, calendar.timeZone);
  const dates = quarterDatesOn(calendar, today)!;
  record({
    step: "quarter",
    status: "started",
    forced: options.force === true,
  });
  const done = options.force ? new Set<QuarterStep>() : progress.succeededSteps;

  for (const step of QUARTER_STEPS) {
    if (step !== "pull" && done.has(step)) {
      record({
        step,
        status: "skipped",
        message: "succeeded in an earlier attempt",
      });
      emit({
        ...base,
        step,
        code: "step-skip",
        level: "info",
        message: `${step}: succeeded in an earlier attempt`,
      });
      continue;
    }
    const result = await runStep(options.steps[step], dates, step, emit, base);
    record({
      step,
      status: result.ok ? "succeeded" : "failed",
      message: result.message,
    });
    if (!result.ok) {
      record({ step: "quarter", status: "failed", message: `${step} failed` });
      emit({
        ...base,
        code: "quarter-end",
        level: "error",
        message: `${calendar.code} ${quarter} stopped: ${step} failed; rerun to resume`,
      });
      return { exitCode: result.exitCode ?? 1, ran: true, quarter, decision };
    }
  }

  record({ step: "quarter", status: "succeeded" });
  emit({
    ...base,
    code: "quarter-end",
    level: "info",
    message: `${calendar.code} ${quarter} finished`,
  });
  return { exitCode: 0, ran: true, quarter, decision };
}

async function runStep(
  run: QuarterStepFunction,
  dates: QuarterDates,
  step: QuarterStep,
  emit: (event: QuarterRunEvent) => void,
  base: { country: string; quarter: string },
): Promise<QuarterStepResult> {
  emit({
    ...base,
    step,
    code: "step-start",
    level: "info",
    message: `${step}: started`,
  });
  const started = Date.now();
  let result: QuarterStepResult;
  try {
    result = await run(dates);
  } catch (error) {
    // A step that raises is a failed step; the message is already free of
    // secrets because the exchange errors never include credentials.
    result = { ok: false, message: (error as Error).message };
  }
  emit({
    ...base,
    step,
    code: "step-end",
    level: result.ok ? "info" : "error",
    durationMs: Date.now() - started,
    message: `${step}: ${result.message}`,
  });
  return result;
}
