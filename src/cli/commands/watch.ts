import { Command, InvalidArgumentError } from "commander";
import { recordedArgs } from "../../artifacts/index.ts";
import { formatDiagnostic } from "../../errors/index.ts";
import {
  watchProject,
  type FailedNode,
  type WatchEvent,
} from "../../watch/index.ts";
import { addCommonOptions, type CommonOptions } from "../common-options.ts";
import { countrySections } from "../country-sections.ts";
import { eventPrinter, summaryLine, type Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";

interface WatchCommandOptions extends CommonOptions {
  debounce: number;
  initialBuild: boolean;
}

function milliseconds(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError(
      `expected a whole number of milliseconds, got ${value}`,
    );
  }
  return number;
}

/** `strata watch`: rebuilds what a save changed until Ctrl-C. */
export function watchCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("watch")
    .description(
      "Build the selection, then rebuild each changed model, seed or test and its downstream nodes on every save, until Ctrl-C.",
    )
    .option(
      "--debounce <ms>",
      "quiet time after the last save before rebuilding",
      milliseconds,
      250,
    )
    .option("--no-initial-build", "wait for the first save before building");
  return addCommonOptions(command).action(async () => {
    const options = command.opts<WatchCommandOptions>();
    const watcher = await watchProject({
      run: {
        projectDir: options.projectDir,
        country: options.country,
        threads: options.threads,
        vars: options.vars,
        target: options.target,
        lockTimeoutMs: options.lockTimeout * 1000,
        events: eventPrinter(io, options.logFormat, options.quiet === true),
        countrySections,
        args: recordedArgs({ ...options, command: "watch" }),
      },
      select: options.select,
      exclude: options.exclude,
      debounceMs: options.debounce,
      initialBuild: options.initialBuild,
      report: (event) => printWatchEvent(io, options, event),
    });
    await untilInterrupted();
    await watcher.close();
    setExit(0);
  });
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function printWatchEvent(
  io: Io,
  options: WatchCommandOptions,
  event: WatchEvent,
): void {
  if (options.logFormat === "json") {
    io.err(JSON.stringify({ ts: new Date().toISOString(), ...event }));
    return;
  }
  const text = describeWatchEvent(event);
  if (text !== undefined) io.err(text);
}

function nodeCount(count: number): string {
  return `${count} ${count === 1 ? "node" : "nodes"}`;
}

function describeFailure(failure: FailedNode): string {
  const line = failure.line !== undefined ? `:${failure.line}` : "";
  const where = failure.file ? `${failure.file}${line}: ` : "";
  const country = failure.country ? ` [${failure.country}]` : "";
  const message = failure.message ?? "";
  return `error: ${where}${failure.node}${country} ${failure.status}: ${message}`;
}

function describeWatchEvent(event: WatchEvent): string | undefined {
  switch (event.kind) {
    case "watch-ready": {
      const folders = event.folders.map((f) => `${f}/`).join(", ");
      return `watching ${folders} and the project's YAML files; Ctrl-C stops`;
    }
    case "watch-rebuild": {
      const count = nodeCount(event.nodes.length);
      if (event.files.length === 0) return `building ${count}`;
      return `changed: ${event.files.join(", ")}; rebuilding ${count}`;
    }
    case "watch-unchanged":
      return `changed: ${event.files.join(", ")}; no node to rebuild`;
    case "watch-rebuilt": {
      const state = event.exitCode === 0 ? "rebuilt" : "rebuilt with failures";
      const seconds = (event.durationMs / 1000).toFixed(2);
      return [
        ...event.failed.map(describeFailure),
        summaryLine(event.statuses),
        `${state} in ${seconds}s; waiting for changes`,
      ].join("\n");
    }
    case "watch-invalid":
      return [
        ...event.diagnostics.map((d) => `error: ${formatDiagnostic(d)}`),
        "nothing was run; fix the file and save it again",
      ].join("\n");
    case "watch-error":
      return [
        "internal error in strata (a bug; please report it with this output);",
        `still watching:\n${event.message}`,
      ].join(" ");
    case "watch-stopped":
      return "stopped watching";
  }
}
