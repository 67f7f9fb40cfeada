/**
 * Typed events that strata's modules emit while they work. Only the CLI
 * turns them into text or JSON lines.
 */
export type StrataEvent =
  | { kind: "log"; level: "info" | "warn" | "error"; message: string }
  | { kind: "lock-wait"; holder: string }
  | {
      kind: "run-start";
      country: string | null;
      nodes: number;
      /** Names of the nodes to execute, by layer (models/ folder or kind). */
      layers?: Readonly<Record<string, readonly string[]>>;
    }
  | {
      kind: "node-start";
      node: string;
      resource: string;
      country: string | null;
    }
  | {
      kind: "node-end";
      node: string;
      resource: string;
      country: string | null;
      status: NodeStatus;
      durationMs: number;
      rows?: number;
      failures?: number;
      message?: string;
    }
  | { kind: "publish"; country: string | null; models: number }
  | { kind: "run-end"; country: string | null; durationMs: number };

/** Outcome of one node in a run. */
export type NodeStatus =
  "success" | "pass" | "warn" | "fail" | "error" | "skipped";

/** Receives events; the default sink drops them. */
export type EventSink = (event: StrataEvent) => void;

export const dropEvents: EventSink = () => {};
