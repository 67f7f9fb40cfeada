import type { GraphNode } from "../compile/index.ts";
import type { Graph } from "./graph.ts";

/**
 * Returns the layer of a node as people name it: the first folder under
 * `models/` for a model (`staging`, `marts`), `models` for a model at the
 * top, and `seeds`, `sources` or `tests` for the other kinds.
 */
export function layerOf(node: Pick<GraphNode, "kind" | "path">): string {
  switch (node.kind) {
    case "seed":
      return "seeds";
    case "source":
      return "sources";
    case "test":
      return "tests";
    case "model": {
      const parts = node.path.split("/");
      return parts.length > 2 ? parts[1]! : "models";
    }
  }
}

/** Groups node names by layer, keeping the order of the given ids. */
export function namesByLayer(
  graph: Graph,
  ids: Iterable<string>,
): Record<string, string[]> {
  const layers: Record<string, string[]> = {};
  for (const id of ids) {
    const node = graph.nodes.get(id);
    if (!node) continue;
    (layers[layerOf(node)] ??= []).push(node.name);
  }
  return layers;
}
