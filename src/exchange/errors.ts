/** Stable codes of the exchange errors users see. */
export type ExchangeErrorCode =
  | "exchange-invalid-config"
  | "exchange-credentials-missing"
  | "exchange-host-key-mismatch"
  | "exchange-auth-failed"
  | "exchange-connect-failed"
  | "exchange-timeout"
  | "exchange-unsafe-remote-name"
  | "exchange-remote-error"
  | "exchange-encode-failed";

/**
 * An exchange failure a user can act on. `subject` names the server, file
 * or setting concerned and `hint` gives the fix. Messages never contain
 * a password, a key or the value of a credential variable. `transient`
 * errors (refused or timed-out connections) are retried with back-off.
 */
export class ExchangeError extends Error {
  override name = "ExchangeError";
  readonly code: ExchangeErrorCode;
  readonly subject: string;
  readonly hint: string;
  readonly transient: boolean;

  constructor(options: {
    code: ExchangeErrorCode;
    subject: string;
    message: string;
    hint: string;
    transient?: boolean;
  }) {
    super(`${options.subject}: ${options.message}`);
    this.code = options.code;
    this.subject = options.subject;
    this.hint = options.hint;
    this.transient = options.transient ?? false;
  }
}
