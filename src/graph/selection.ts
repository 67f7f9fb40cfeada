import { ProjectError } from "../errors/index.ts";
import type { GraphNode } from "../compile/index.ts";
import { ancestors, descendants, type Graph } from "./graph.ts";

const atomPattern = /^(@)?(?:(\d*)\+)?([^+]+?)(?:\+(\d*))?$/;

/**
 * Selects nodes with dbt's syntax. Spaces separate a union of terms; commas
 * inside a term intersect its parts. A part is a name (with `*` wildcards),
 * `tag:x`, `path:dir`, `source:src.table` or `resource_type:model`, with
 * `+` before (ancestors) or after (descendants), optionally limited to n
 * generations (`2+m`, `m+1`), or `@m` (m, its descendants, and their
 * ancestors). Tests are added when a node they test is selected.
 */
export function selectNodes(
  graph: Graph,
  select: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): Set<string> {
  const base =
    select && select.length > 0
      ? evaluate(graph, select)
      : new Set(
          [...graph.nodes.keys()].filter(
            (id) => graph.nodes.get(id)!.kind !== "test",
          ),
        );
  const excluded =
    exclude && exclude.length > 0
      ? evaluate(graph, exclude)
      : new Set<string>();
  const chosen = new Set([...base].filter((id) => !excluded.has(id)));
  for (const node of graph.nodes.values()) {
    if (node.kind !== "test" || excluded.has(node.id)) continue;
    const tested = node.attachedTo ? [node.attachedTo] : node.dependsOn;
    if (tested.some((id) => chosen.has(id))) chosen.add(node.id);
  }
  return chosen;
}

function evaluate(graph: Graph, terms: readonly string[]): Set<string> {
  const union = new Set<string>();
  for (const term of terms.flatMap((t) => t.split(/\s+/)).filter(Boolean)) {
    const parts = term.split(",").map((part) => selectPart(graph, part));
    const [first, ...rest] = parts;
    for (const id of first!) {
      if (rest.every((set) => set.has(id))) union.add(id);
    }
  }
  return union;
}

function selectPart(graph: Graph, part: string): Set<string> {
  const match = atomPattern.exec(part);
  if (!match) throw invalid(part, "it is not of the form [n+]name[+n]");
  const [, at, up, method, down] = match;
  const roots = matchMethod(graph, method!, part);
  const result = new Set(roots);
  for (const id of roots) {
    if (at) {
      for (const child of descendants(graph, id)) {
        result.add(child);
        for (const parent of ancestors(graph, child)) result.add(parent);
      }
    }
    if (up !== undefined) {
      for (const parent of ancestors(
        graph,
        id,
        up === "" ? Infinity : Number(up),
      )) {
        result.add(parent);
      }
    }
    if (down !== undefined) {
      for (const child of descendants(
        graph,
        id,
        down === "" ? Infinity : Number(down),
      )) {
        result.add(child);
      }
    }
  }
  return result;
}

function matchMethod(graph: Graph, method: string, part: string): Set<string> {
  const colon = method.indexOf(":");
  const kind = colon === -1 ? "name" : method.slice(0, colon);
  const value = colon === -1 ? method : method.slice(colon + 1);
  const test = methods[kind];
  if (!test) {
    throw invalid(
      part,
      `unknown method ${kind}: use a name, tag:, path:, source: or resource_type:`,
    );
  }
  const found = new Set<string>();
  for (const node of graph.nodes.values()) {
    if (test(node, value)) found.add(node.id);
  }
  return found;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

const methods: Record<string, (node: GraphNode, value: string) => boolean> = {
  name: (node, value) =>
    wildcard(value).test(node.name) ||
    (node.kind === "source" &&
      wildcard(value).test(`${node.sourceName}.${node.name}`)),
  tag: (node, value) =>
    (node.kind === "model" || node.kind === "seed") &&
    node.config.tags.includes(value),
  path: (node, value) => {
    const prefix = value.replace(/\/+$/, "");
    return (
      node.path === prefix ||
      node.path.startsWith(`${prefix}/`) ||
      wildcard(prefix).test(node.path)
    );
  },
  source: (node, value) =>
    node.kind === "source" &&
    (wildcard(value).test(node.sourceName) ||
      wildcard(value).test(`${node.sourceName}.${node.name}`)),
  resource_type: (node, value) => node.kind === value,
};

function invalid(part: string, why: string): ProjectError {
  return new ProjectError({
    code: "invalid-selector",
    message: `invalid selector '${part}': ${why}`,
    hint: "Examples: my_model, +my_model, my_model+, 2+my_model, tag:nightly, path:models/staging, a,b (intersection), 'a b' (union).",
  });
}
