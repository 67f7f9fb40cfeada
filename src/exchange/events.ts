/** Something the exchange reports while it works; only the CLI prints it. */
export interface ExchangeEvent {
  readonly code:
    | "connect"
    | "retry"
    | "file-waiting"
    | "file-duplicate"
    | "file-imported"
    | "file-rejected"
    | "file-pushed"
    | "push-skipped"
    | "remote-move-failed";
  readonly level: "info" | "warn" | "error";
  readonly country: string;
  readonly message: string;
  readonly file?: string;
  readonly attempt?: number;
  readonly durationMs?: number;
}

/** Receives exchange events. */
export type ExchangeEventSink = (event: ExchangeEvent) => void;
