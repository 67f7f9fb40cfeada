import { access } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { docsDir, generateDocs, serveDocs } from "../../docs/index.ts";
import { StrataError } from "../../errors/index.ts";
import { addCommonOptions } from "../common-options.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata docs`: generates the docs site and serves it. */
export function docsCommand(io: Io, setExit: ExitSetter): Command {
  return new Command("docs")
    .description(
      "Generate and serve the project's docs site: lineage, models, tests, runs and results.",
    )
    .addCommand(withCliOutput(generateCommand(io, setExit), io))
    .addCommand(withCliOutput(serveCommand(io, setExit), io));
}

// Commander copies exit and output settings only to subcommands made with
// `.command()`, so the ones added here get main's settings explicitly.
function withCliOutput(command: Command, io: Io): Command {
  return command.exitOverride().configureOutput({
    writeOut: (text) => io.out(text.trimEnd()),
    writeErr: (text) => io.err(text.trimEnd()),
  });
}

function generateCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("generate").description(
    "Compile the project and write target/docs/index.html, a page that opens from disk with no server.",
  );
  return addCommonOptions(command, false).action(async () => {
    const options = optionsOf(command);
    const { outcome } = await runPipelineCommand("compile", options, io);
    const { project } = outcome;
    const target =
      project.settings.targets[
        options.target ?? project.settings.defaultTarget
      ];
    const file = await generateDocs({
      projectDir: project.dir,
      catalogPath: target?.path
        ? path.resolve(project.dir, target.path)
        : undefined,
    });
    io.out(file);
    setExit(0);
  });
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new InvalidArgumentError(
      `expected a port number from 0 to 65535, got ${value}`,
    );
  }
  return number;
}

function serveCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("serve")
    .description(
      "Serve target/docs on 127.0.0.1 until Ctrl-C; run `strata docs generate` first.",
    )
    .option("--project-dir <dir>", "folder of the project (holds models/)", ".")
    .option(
      "--port <port>",
      "TCP port on 127.0.0.1; 0 picks a free one",
      port,
      8080,
    );
  return command.action(async () => {
    const options = command.opts<{ projectDir: string; port: number }>();
    const dir = docsDir(path.resolve(options.projectDir));
    await requireGenerated(dir);
    const server = await serveDocs(dir, options.port);
    const { port: bound } = server.address() as AddressInfo;
    io.err(`serving ${dir} at http://127.0.0.1:${bound}/ (Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    io.err("stopped serving the docs");
    setExit(0);
  });
}

async function requireGenerated(dir: string): Promise<void> {
  try {
    await access(path.join(dir, "index.html"));
  } catch {
    throw new StrataError({
      code: "docs-not-generated",
      message: `no docs site in ${dir}`,
      hint: "Run `strata docs generate` first, then serve it.",
    });
  }
}
