import { Command, CommanderError } from "commander";
import { SqlError } from "../engines/sql-error.ts";
import { StrataError } from "../errors/index.ts";
import { strataVersion } from "../run/version.ts";
import type { ExitSetter } from "./project-command.ts";
import { reportUserError } from "./user-errors.ts";
import { printDiagnostics, processIo, type Io } from "./output.ts";

type CommandMaker = (io: Io, setExit: ExitSetter) => Command;

/**
 * Each command's module, in the order of the help text. A command line
 * that names a command loads that module alone. Loading every command
 * (`docs`, `exchange` and `watch` bring their own packages) made
 * `strata build --help` take 180 ms instead of 146 ms.
 */
const commandModules: Record<string, () => Promise<CommandMaker>> = {
  compile: async () => (await import("./commands/compile.ts")).compileCommand,
  run: async () => (await import("./commands/run.ts")).runCommand,
  build: async () => (await import("./commands/build.ts")).buildCommand,
  test: async () => (await import("./commands/test.ts")).testCommand,
  seed: async () => (await import("./commands/seed.ts")).seedCommand,
  snapshot: async () =>
    (await import("./commands/snapshot.ts")).snapshotCommand,
  show: async () => (await import("./commands/show.ts")).showCommand,
  "run-operation": async () =>
    (await import("./commands/run-operation.ts")).runOperationCommand,
  source: async () => (await import("./commands/source.ts")).sourceCommand,
  ls: async () => (await import("./commands/ls.ts")).lsCommand,
  clean: async () => (await import("./commands/clean.ts")).cleanCommand,
  retry: async () => (await import("./commands/retry.ts")).retryCommand,
  docs: async () => (await import("./commands/docs.ts")).docsCommand,
  watch: async () => (await import("./commands/watch.ts")).watchCommand,
  schedule: async () =>
    (await import("./commands/schedule.ts")).scheduleCommand,
  exchange: async () =>
    (await import("./commands/exchange.ts")).exchangeCommand,
};

/**
 * The commands to register: the one the command line names, or all of them
 * for help, the version and a name commander must reject or correct.
 */
async function commandsFor(
  argv: readonly string[],
): Promise<readonly CommandMaker[]> {
  const name = argv[0];
  if (name !== undefined && Object.hasOwn(commandModules, name)) {
    return [await commandModules[name]!()];
  }
  return Promise.all(Object.values(commandModules).map((load) => load()));
}

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
  for (const make of await commandsFor(argv)) {
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
