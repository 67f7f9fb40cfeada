import { readFile } from "node:fs/promises";
import path from "node:path";
import type { NodeResult } from "../run/execute-plan.ts";

/**
 * `target/run_results.json`: what one invocation did to each node. Every
 * key is snake_case, as in dbt's run_results.json. The shape is documented
 * in docs/artifacts.md.
 */
export interface RunResults {
  readonly metadata: {
    readonly run_id: string;
    readonly command: string;
    readonly started_at: string;
    readonly finished_at: string;
    readonly elapsed_ms: number;
    /**
     * The target the run used, given or the project's default. Missing in
     * files of earlier builds of strata.
     */
    readonly target?: string;
    /** The command's options, keyed as `recordedArgs` returns them. */
    readonly args: Readonly<Record<string, unknown>>;
    readonly published: Readonly<Record<string, readonly string[]>>;
  };
  readonly results: readonly NodeResult[];
}

/**
 * Converts a command's parsed options to the `args` of run_results.json,
 * with each option name in snake_case: `{ projectDir, fullRefresh }`
 * becomes `{ project_dir, full_refresh }`. Values are kept as they are, so
 * the keys of `vars` stay as the user wrote them.
 */
export function recordedArgs(options: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [snakeCase(key), value]),
  );
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Reads the run_results.json of a target folder. Returns undefined when
 * the file is missing, is not valid JSON or has no metadata and results.
 *
 * Files from earlier builds of strata have `durationMs` in place of
 * `duration_ms`, and its value is returned as `duration_ms`.
 */
export async function readRunResults(
  targetDir: string,
): Promise<RunResults | undefined> {
  let parsed: Partial<RunResults> | null;
  try {
    const text = await readFile(
      path.join(targetDir, "run_results.json"),
      "utf8",
    );
    parsed = JSON.parse(text) as Partial<RunResults> | null;
  } catch {
    return undefined;
  }
  if (!parsed?.metadata || !Array.isArray(parsed.results)) return undefined;
  return {
    metadata: parsed.metadata,
    results: parsed.results.map(withSnakeCaseDuration),
  };
}

function withSnakeCaseDuration(result: NodeResult): NodeResult {
  if (result.duration_ms !== undefined) return result;
  const { durationMs, ...rest } = result as NodeResult & {
    durationMs?: number;
  };
  return { ...rest, duration_ms: durationMs ?? 0 };
}
