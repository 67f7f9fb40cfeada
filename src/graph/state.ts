import type { GraphNode } from "../compile/index.ts";

/** What an earlier manifest.json recorded about one node. */
export interface StateNode {
  readonly kind?: string;
  readonly checksum?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly relation?: Readonly<Record<string, string>>;
}

/**
 * The artifacts of an earlier invocation that `state:` and `result:`
 * selectors compare against, read from the folder given with `--state`.
 */
export interface SelectionState {
  /** Nodes of the earlier manifest.json, keyed by node id. */
  readonly nodes: ReadonlyMap<string, StateNode>;
  /** Statuses each node had in the earlier run_results.json, any country. */
  readonly results: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The `state:` selector values strata understands. */
export const stateValues = [
  "new",
  "old",
  "modified",
  "modified.body",
  "modified.configs",
  "unmodified",
] as const;

/**
 * Compares a node with the earlier manifest. `modified` is new, a changed
 * body (file checksum) or a changed resolved config. Tests and sources
 * carry no checksum, so they count as modified only when new.
 */
export function matchesState(
  node: GraphNode,
  value: string,
  state: SelectionState,
): boolean {
  const earlier = state.nodes.get(node.id);
  const isNew = earlier === undefined;
  const bodyChanged =
    !isNew &&
    "checksum" in node &&
    earlier.checksum !== undefined &&
    earlier.checksum !== node.checksum;
  const configChanged =
    !isNew &&
    "config" in node &&
    earlier.config !== undefined &&
    stableJson(earlier.config) !== stableJson(node.config.raw);
  switch (value) {
    case "new":
      return isNew;
    case "old":
      return !isNew;
    case "modified.body":
      return isNew || bodyChanged;
    case "modified.configs":
      return isNew || configChanged;
    case "modified":
      return isNew || bodyChanged || configChanged;
    case "unmodified":
      return !isNew && !bodyChanged && !configChanged;
    default:
      return false;
  }
}

/** JSON with object keys sorted, so key order does not count as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
