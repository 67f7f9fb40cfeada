import type { Diagnostic } from "../errors/index.ts";

/** A node that failed in a rebuild, with where its SQL is. */
export interface FailedNode {
  readonly node: string;
  readonly country: string | null;
  readonly status: string;
  readonly message?: string;
  readonly file?: string;
  readonly line?: number;
}

/**
 * A report of the watcher while it runs, rendered by the CLI. The nodes'
 * own start and end events go to the run's event sink instead.
 */
export type WatchEvent =
  | { kind: "watch-ready"; folders: readonly string[] }
  | {
      kind: "watch-rebuild";
      files: readonly string[];
      nodes: readonly string[];
    }
  | { kind: "watch-unchanged"; files: readonly string[] }
  | {
      kind: "watch-rebuilt";
      exitCode: number;
      durationMs: number;
      /** The status of every node the rebuild ran. */
      statuses: readonly string[];
      failed: readonly FailedNode[];
    }
  | { kind: "watch-invalid"; diagnostics: readonly Diagnostic[] }
  | { kind: "watch-error"; message: string }
  | { kind: "watch-stopped" };

export type WatchEventSink = (event: WatchEvent) => void;
