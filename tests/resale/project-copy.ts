import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.ts";
import type { Io } from "../../src/cli/output.ts";

/** The repository root, which is the resale project. */
export const repositoryDir = resolve(import.meta.dirname, "..", "..");

const projectEntries = [
  "strata.yml",
  "countries.yml",
  "sources.yml",
  "seeds",
  "macros",
  "models",
  join("tests", "data"),
];

/**
 * Copies the resale project (not its target/ or landing/) to a new
 * temporary folder, so a test build neither touches nor locks the
 * repository's catalog.
 */
export async function copyProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "resale-"));
  for (const entry of projectEntries) {
    await cp(join(repositoryDir, entry), join(dir, entry), {
      recursive: true,
    });
  }
  return dir;
}

/** Output of one in-process strata command. */
export interface StrataResult {
  exitCode: number;
  out: string[];
  err: string[];
}

/** Runs the strata CLI in-process and records what it printed. */
export async function runStrata(argv: string[]): Promise<StrataResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  };
  const exitCode = await main(argv, io);
  return { exitCode, out, err };
}
