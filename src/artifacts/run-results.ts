import type { NodeResult } from "../run/execute-plan.ts";

/**
 * `target/run_results.json`: what one invocation did to each node. The
 * shape is documented in docs/artifacts.md.
 */
export interface RunResults {
  readonly metadata: {
    readonly run_id: string;
    readonly command: string;
    readonly started_at: string;
    readonly finished_at: string;
    readonly elapsed_ms: number;
    readonly args: Readonly<Record<string, unknown>>;
    readonly published: Readonly<Record<string, readonly string[]>>;
  };
  readonly results: readonly NodeResult[];
}
