import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { RunResults } from "./run-results.ts";

/**
 * One line of `target/run_results_history.jsonl`: the metadata of a run and
 * the status, duration and rows of each node, without messages, so the
 * file stays small over many runs.
 */
export interface RunHistoryLine {
  readonly run_id: string;
  readonly command: string;
  readonly started_at: string;
  readonly elapsed_ms: number;
  readonly results: readonly {
    readonly id: string;
    readonly country: string | null;
    readonly status: string;
    readonly duration_ms: number;
    readonly rows?: number;
  }[];
}

/** Path of the run history of a project's target folder. */
export function runResultsHistoryPath(targetDir: string): string {
  return path.join(targetDir, "run_results_history.jsonl");
}

/** Appends one run to the history, creating the file on the first run. */
export async function appendRunHistory(
  targetDir: string,
  runResults: RunResults,
): Promise<void> {
  const { metadata } = runResults;
  const line: RunHistoryLine = {
    run_id: metadata.run_id,
    command: metadata.command,
    started_at: metadata.started_at,
    elapsed_ms: metadata.elapsed_ms,
    results: runResults.results.map((r) => ({
      id: r.id,
      country: r.country,
      status: r.status,
      duration_ms: r.duration_ms,
      rows: r.rows,
    })),
  };
  await mkdir(targetDir, { recursive: true });
  await appendFile(
    runResultsHistoryPath(targetDir),
    `${JSON.stringify(line)}\n`,
  );
}

/**
 * Reads the run history, oldest first. Lines that do not parse (a write cut
 * short by a crash) are skipped.
 */
export async function readRunHistory(
  targetDir: string,
): Promise<RunHistoryLine[]> {
  let text: string;
  try {
    text = await readFile(runResultsHistoryPath(targetDir), "utf8");
  } catch {
    return [];
  }
  const lines: RunHistoryLine[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      lines.push(JSON.parse(line) as RunHistoryLine);
    } catch {
      continue;
    }
  }
  return lines;
}
