import type { Credentials } from "./credentials.ts";
import { ExchangeError } from "./errors.ts";
import type { ExchangeEvent } from "./events.ts";
import type { SftpSettings } from "./sftp-schema.ts";
import { SftpSession } from "./sftp-session.ts";

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Wait before the first retry, doubled for each further one. */
  readonly backoffMs: number;
}

/**
 * Runs an operation, retrying transient ExchangeErrors with exponential
 * back-off. `onRetry` is called before each wait with the error and the
 * number of the attempt that comes next.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  onRetry: (error: ExchangeError, nextAttempt: number, waitMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const retryable = error instanceof ExchangeError && error.transient;
      if (!retryable || attempt > policy.retries) throw error;
      const waitMs = policy.backoffMs * 2 ** (attempt - 1);
      onRetry(error, attempt + 1, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** Rejects with a transient timeout error when a promise takes too long. */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  subject: string,
  onTimeout: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new ExchangeError({
          code: "exchange-timeout",
          subject,
          message: `timed out after ${timeoutMs / 1000} s`,
          hint: "Check the network and the server; raise transfer_timeout_seconds for large files.",
          transient: true,
        }),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens an SFTP session, runs `work` in it and closes it, retrying the
 * whole attempt on transient errors with the settings' back-off. Each
 * connection and each retry is emitted as an event.
 */
export async function withSession<T>(
  settings: SftpSettings,
  credentials: Credentials,
  emit: (event: Omit<ExchangeEvent, "country">) => void,
  work: (session: SftpSession) => Promise<T>,
): Promise<T> {
  return withRetries(
    async (attempt) => {
      const started = Date.now();
      const session = await SftpSession.open(settings, credentials);
      emit({
        code: "connect",
        level: "info",
        attempt,
        durationMs: Date.now() - started,
        message: `connected to ${settings.host}:${settings.port}`,
      });
      try {
        return await work(session);
      } finally {
        await session.close();
      }
    },
    {
      retries: settings.retries,
      backoffMs: settings.retry_backoff_seconds * 1000,
    },
    (error, nextAttempt, waitMs) =>
      emit({
        code: "retry",
        level: "warn",
        attempt: nextAttempt,
        message: `${error.message}; retry ${nextAttempt - 1} of ${settings.retries} in ${waitMs / 1000} s`,
      }),
  );
}
