import { ExchangeError } from "../exchange/errors.ts";
import { ScheduleError } from "../schedule/errors.ts";
import type { Io } from "./output.ts";

const CONFIG_CODES = new Set([
  "schedule-rule-syntax",
  "schedule-rule-no-date",
  "schedule-invalid-calendar",
  "exchange-invalid-config",
  "exchange-credentials-missing",
  "exchange-unsafe-remote-name",
]);

/**
 * Prints a schedule or exchange error as `error [code] message` and its
 * hint on stderr, and returns the exit code: 2 for a setting to fix, 1
 * for a run that failed (server down, key changed, run in progress).
 * Returns undefined for other errors, which main handles.
 */
export function reportUserError(io: Io, error: unknown): number | undefined {
  if (!(error instanceof ScheduleError) && !(error instanceof ExchangeError)) {
    return undefined;
  }
  io.err(`error [${error.code}] ${error.message}\n  ${error.hint}`);
  return CONFIG_CODES.has(error.code) ? 2 : 1;
}
