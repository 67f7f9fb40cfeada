import { Command, CommanderError } from "commander";
import { SqlError } from "../engines/index.ts";
import { StrataError } from "../errors/index.ts";
import { strataVersion } from "../run/index.ts";
import { buildCommand } from "./commands/build.ts";
import { cleanCommand } from "./commands/clean.ts";
import { compileCommand } from "./commands/compile.ts";
import { docsCommand } from "./commands/docs.ts";
import { exchangeCommand } from "./commands/exchange.ts";
import { lsCommand } from "./commands/ls.ts";
import { retryCommand } from "./commands/retry.ts";
import { runCommand } from "./commands/run.ts";
import { scheduleCommand } from "./commands/schedule.ts";
import { seedCommand } from "./commands/seed.ts";
import { snapshotCommand } from "./commands/snapshot.ts";
import { showCommand } from "./commands/show.ts";
import { runOperationCommand } from "./commands/run-operation.ts";
import { sourceCommand } from "./commands/source.ts";
import { testCommand } from "./commands/test.ts";
import { watchCommand } from "./commands/watch.ts";
import { reportUserError } from "./user-errors.ts";
import { printDiagnostics, processIo, type Io } from "./output.ts";

/** Exit codes: success, a model or data test failed, usage or project error. */
export const exitCodes = { success: 0, failure: 1, usage: 2 } as const;

/**
 * Runs the strata command line with the given arguments (without `node` and
 * the script) and returns the exit code. Tests call it in-process with an
 * `io` that records the output.
 */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
): Promise<number> {
  let exitCode: number = exitCodes.success;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command("strata")
    .description(
      "Compile SQL models templated with Nunjucks into a graph and build them on DuckDB.",
    )
    .version(strataVersion)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });
  for (const make of [
    compileCommand,
    runCommand,
    buildCommand,
    testCommand,
    seedCommand,
    snapshotCommand,
    showCommand,
    runOperationCommand,
    sourceCommand,
    lsCommand,
    cleanCommand,
    retryCommand,
    docsCommand,
    watchCommand,
    scheduleCommand,
    exchangeCommand,
  ]) {
    program.addCommand(
      make(io, setExit)
        .exitOverride()
        .configureOutput({
          writeOut: (text) => io.out(text.trimEnd()),
          writeErr: (text) => io.err(text.trimEnd()),
        }),
    );
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return handleError(error, io, argv);
  }
}

function handleError(error: unknown, io: Io, argv: readonly string[]): number {
  const json = argv.includes("json") && argv.includes("--log-format");
  if (error instanceof CommanderError) {
    const informational = [
      "commander.helpDisplayed",
      "commander.version",
      "commander.help",
    ];
    return informational.includes(error.code)
      ? exitCodes.success
      : exitCodes.usage;
  }
  // Schedule and exchange errors carry their own code and hint.
  const userExit = reportUserError(io, error);
  if (userExit !== undefined) return userExit;
  if (error instanceof SqlError) {
    io.err(
      `error: SQL error: ${error.message}\n  Check the query, and that the models it reads were built for this country (strata run --country <code>).`,
    );
    return exitCodes.failure;
  }
  if (error instanceof StrataError) {
    printDiagnostics(io, json ? "json" : "text", error.diagnostics);
    return exitCodes.usage;
  }
  const text =
    error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(
    `internal error in strata (a bug; please report it with this output):\n${text}`,
  );
  return exitCodes.usage;
}

// `tsx src/cli/main.ts` runs the CLI. A bundle that includes this module
// (the bench scripts, for one) has the bundle's own URL here, and runs main
// itself if it wants to.
const isEntryPoint =
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(".ts") &&
  import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  process.exitCode = await main(process.argv.slice(2));
}
