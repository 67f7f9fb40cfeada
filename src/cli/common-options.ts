import { InvalidArgumentError, Option, type Command } from "commander";
import { createRequire } from "node:module";

/** Options every project command takes, as commander parsed them. */
export interface CommonOptions {
  projectDir: string;
  country?: string;
  select?: string[];
  exclude?: string[];
  threads?: number;
  vars?: Record<string, unknown>;
  target?: string;
  lockTimeout: number;
  logFormat: "text" | "json";
  quiet?: boolean;
  /** `--full-refresh` of run and build. */
  fullRefresh?: boolean;
  state?: string;
  defer?: boolean;
  selector?: string;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError(
      `expected a whole number of at least 1, got ${value}`,
    );
  }
  return number;
}

function nonNegative(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new InvalidArgumentError(
      `expected a number of seconds, got ${value}`,
    );
  }
  return number;
}

/**
 * Loads the YAML parser when `--vars` is given. Every command parses its
 * options with this module, and loading the parser took about 25 ms, a
 * tenth of a compile that has nothing to do.
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yaml.parse(text);
}

function varsObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(value);
  } catch (error) {
    throw new InvalidArgumentError(
      `not valid YAML or JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(
      `expected a map such as '{"reference_date": "2026-10-01"}'`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** Adds the options shared by compile, run, build, test, seed and ls. */
export function addCommonOptions(command: Command, selection = true): Command {
  command
    .option("--project-dir <dir>", "folder of the project (holds models/)", ".")
    .option(
      "--country <code>",
      "run for this country of countries.yml only (default: every country)",
    )
    .option(
      "--threads <n>",
      "models built at once (default: the target's threads, else 4)",
      positiveInteger,
    )
    .option(
      "--vars <yaml>",
      "project vars as a YAML or JSON map, overriding strata.yml",
      varsObject,
    )
    .option(
      "--target <name>",
      "target of strata.yml to use (default: default_target)",
    )
    .option(
      "--lock-timeout <seconds>",
      "how long to wait for another run holding the catalog",
      nonNegative,
      300,
    )
    .addOption(
      new Option(
        "--log-format <format>",
        "text for people, json for one JSON object per line",
      )
        .choices(["text", "json"])
        .default("text"),
    )
    .option("-q, --quiet", "print only warnings, errors and the summary");
  if (selection) {
    command
      .option(
        "-s, --select <selectors...>",
        "nodes to include: names, +m, m+, n+m, m+n, @m, tag:x, path:dir; a space is a union, a comma an intersection",
      )
      .option(
        "--exclude <selectors...>",
        "nodes to leave out, same syntax as --select",
      )
      .option(
        "--selector <name>",
        "a selector defined in the project's selectors.yml",
      )
      .option(
        "--state <dir>",
        "folder with the manifest.json and run_results.json of an earlier invocation, for state: and result: selectors",
      )
      .option(
        "--defer",
        "read unselected parents from the --state folder's catalog (strata.duckdb) instead of this target",
      );
  }
  return command;
}
