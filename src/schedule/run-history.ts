import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Steps of the quarterly run, in the order they run. */
export const QUARTER_STEPS = ["pull", "build", "push"] as const;
export type QuarterStep = (typeof QUARTER_STEPS)[number];

/**
 * One line of the run history, `target/run-history.jsonl`. A quarter's
 * attempt starts with a `quarter`/`started` line; each step then writes
 * `started` and `succeeded` or `failed`; a finished quarter ends with a
 * `quarter`/`succeeded` line.
 */
export interface RunHistoryEntry {
  /** ISO instant in UTC. */
  readonly at: string;
  readonly country: string;
  /** For example `2027-Q1`. */
  readonly quarter: string;
  readonly step: QuarterStep | "quarter";
  readonly status: "started" | "succeeded" | "failed" | "skipped";
  /** Set on a `quarter`/`started` line when `--force` reruns every step. */
  readonly forced?: boolean;
  readonly message?: string;
}

/** Path of the run history under a project's target folder. */
export function runHistoryPath(targetDir: string): string {
  return join(targetDir, "run-history.jsonl");
}

/**
 * Reads the run history. A last line cut short by a crash is ignored,
 * because the append that wrote it never completed.
 */
export function readRunHistory(file: string): RunHistoryEntry[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, "utf8").split("\n");
  const entries: RunHistoryEntry[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      entries.push(JSON.parse(line) as RunHistoryEntry);
    } catch (error) {
      if (index < lines.length - 1 && lines[index + 1] !== "") throw error;
    }
  });
  return entries;
}

/** Appends one entry as a JSON line. */
export function appendRunHistory(file: string, entry: RunHistoryEntry): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify(entry) + "\n");
}

/** Progress of one country's quarter, read from the history. */
export interface QuarterProgress {
  /** The quarter ran to the end since the last forced start. */
  readonly finished: boolean;
  /** Steps that succeeded since the last forced start. */
  readonly succeededSteps: ReadonlySet<QuarterStep>;
  /** Attempts started, forced or not. */
  readonly attempts: number;
}

/**
 * Summarises the history of one country's quarter. Entries before a forced
 * start are ignored, so every step runs again.
 */
export function quarterProgress(
  entries: readonly RunHistoryEntry[],
  country: string,
  quarter: string,
): QuarterProgress {
  const mine = entries.filter(
    (e) => e.country === country && e.quarter === quarter,
  );
  const lastForced = mine.findLastIndex(
    (e) => e.step === "quarter" && e.status === "started" && e.forced,
  );
  const current = mine.slice(Math.max(lastForced, 0));
  const succeededSteps = new Set<QuarterStep>();
  let finished = false;
  for (const entry of current) {
    if (entry.status !== "succeeded") continue;
    if (entry.step === "quarter") finished = true;
    else succeededSteps.add(entry.step);
  }
  const attempts = mine.filter(
    (e) => e.step === "quarter" && e.status === "started",
  ).length;
  return { finished, succeededSteps, attempts };
}
