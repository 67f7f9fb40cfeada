import { formatDiagnostic, type Diagnostic } from "../errors/index.ts";
import type { EventSink, StrataEvent } from "../events/index.ts";
import { progressDisplay, wantsLiveProgress } from "./progress-display.ts";

/** Output streams of the CLI: results go to out, diagnostics and progress to err. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export type LogFormat = "text" | "json";

const useColor = (): boolean =>
  !process.env.NO_COLOR && process.stderr.isTTY === true;

function paint(text: string, code: number): string {
  return useColor() ? `\u001b[${code}m${text}\u001b[0m` : text;
}

const statusColor: Record<string, number> = {
  success: 32,
  pass: 32,
  warn: 33,
  fail: 31,
  error: 31,
  skipped: 90,
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function describe(event: StrataEvent): string | undefined {
  switch (event.kind) {
    case "log":
      return event.message;
    case "lock-wait":
      return `waiting for the catalog, held by ${event.holder}`;
    case "run-start":
      return `${event.country ? `[${event.country}] ` : ""}running ${event.nodes} nodes`;
    case "node-start": {
      const where = event.country ? `[${event.country}] ` : "";
      return `${where}${paint("START".padEnd(7), 36)} ${event.resource} ${event.node}`;
    }
    case "node-end": {
      const where = event.country ? `[${event.country}] ` : "";
      const status = paint(
        event.status.toUpperCase().padEnd(7),
        statusColor[event.status] ?? 0,
      );
      const rows = event.rows !== undefined ? `, ${event.rows} rows` : "";
      const line = `${where}${status} ${event.resource} ${event.node} (${seconds(event.durationMs)}${rows})`;
      return event.message ? `${line}\n  ${event.message}` : line;
    }
    case "publish":
      return `${event.country ? `[${event.country}] ` : ""}published ${event.models} tables`;
    case "run-end":
      return `${event.country ? `[${event.country}] ` : ""}finished in ${seconds(event.durationMs)}`;
  }
}

/**
 * Renders events for people (one line per finished node) or as JSON lines,
 * on stderr so stdout stays for results. `quiet` keeps warnings and errors.
 * On a terminal outside CI, text without `quiet` is a live display per
 * layer instead.
 */
export function eventPrinter(
  io: Io,
  format: LogFormat,
  quiet: boolean,
): EventSink {
  if (format === "text" && !quiet && io === processIo) {
    if (wantsLiveProgress(process.stderr))
      return progressDisplay(process.stderr, describe);
  }
  return (event) => {
    if (format === "json") {
      io.err(JSON.stringify({ ts: new Date().toISOString(), ...event }));
      return;
    }
    if (
      quiet &&
      !(
        event.kind === "node-end" &&
        ["error", "fail", "warn"].includes(event.status)
      ) &&
      !(event.kind === "log" && event.level !== "info")
    )
      return;
    const text = describe(event);
    if (text !== undefined) io.err(text);
  };
}

/** Prints diagnostics, as text or as JSON lines. */
export function printDiagnostics(
  io: Io,
  format: LogFormat,
  diagnostics: readonly Diagnostic[],
): void {
  for (const d of diagnostics) {
    io.err(
      format === "json"
        ? JSON.stringify({ kind: "diagnostic", ...d })
        : `error: ${formatDiagnostic(d)}`,
    );
  }
  if (format === "text" && diagnostics.length > 1)
    io.err(`${diagnostics.length} problems found; nothing was run.`);
}

/** Counts results per status for the closing summary line. */
export function summaryLine(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const status of statuses)
    counts.set(status, (counts.get(status) ?? 0) + 1);
  const order = ["success", "pass", "warn", "fail", "error", "skipped"];
  const parts = order
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`);
  return `done: ${parts.join(", ") || "nothing to do"}`;
}
