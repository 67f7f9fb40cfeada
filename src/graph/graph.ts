import { ProjectError } from "../errors/index.ts";
import type { CompiledProject, GraphNode } from "../compile/index.ts";

/** The nodes of a compiled project with edges in both directions. */
export interface Graph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/**
 * Builds the graph of a compiled project and checks it has no cycle. A
 * cycle is a ProjectError naming every model in it with its file.
 */
export function buildGraph(compiled: CompiledProject): Graph {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of compiled.nodes.keys()) {
    parents.set(id, []);
    children.set(id, []);
  }
  for (const node of compiled.nodes.values()) {
    for (const parent of node.dependsOn) {
      if (!compiled.nodes.has(parent)) continue;
      parents.get(node.id)!.push(parent);
      children.get(parent)!.push(node.id);
    }
  }
  const graph = { nodes: compiled.nodes, parents, children };
  const cycle = findCycle(graph);
  if (cycle) throw cycleError(graph, cycle);
  return graph;
}

function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, "open");
    stack.push(id);
    for (const parent of graph.parents.get(id) ?? []) {
      const seen = state.get(parent);
      if (seen === "open") return stack.slice(stack.indexOf(parent));
      if (seen === undefined) {
        const found = visit(parent);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of [...graph.nodes.keys()].sort()) {
    if (state.has(id)) continue;
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

function cycleError(graph: Graph, cycle: readonly string[]): ProjectError {
  // The stack runs from a node to its parents, so reverse it to read in
  // the direction data flows.
  const flow = [...cycle].reverse();
  const names = flow.map((id) => graph.nodes.get(id)!.name);
  const lines = flow.map((id) => {
    const node = graph.nodes.get(id)!;
    return `${node.name} (${node.path})`;
  });
  return new ProjectError({
    code: "dependency-cycle",
    message: `dependency cycle: ${[...names, names[0]].join(" -> ")}\n  ${lines.join("\n  ")}`,
    file: graph.nodes.get(flow[0]!)!.path,
    hint: "Break the cycle by removing one of these ref() calls, or move the logic both models need into a new model that each of them refs.",
  });
}

/**
 * Groups the given nodes into layers: every node comes after all of its
 * parents, and nodes of one layer do not depend on each other.
 */
export function layersOf(graph: Graph, ids: ReadonlySet<string>): string[][] {
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parentDepths = (graph.parents.get(id) ?? [])
      .filter((p) => ids.has(p))
      .map(depthOf);
    const value = parentDepths.length === 0 ? 0 : Math.max(...parentDepths) + 1;
    depth.set(id, value);
    return value;
  };
  const layers: string[][] = [];
  for (const id of [...ids].sort()) {
    const d = depthOf(id);
    (layers[d] ??= []).push(id);
  }
  return layers.filter((layer) => layer !== undefined);
}

/** Returns every ancestor of a node, up to a number of generations. */
export function ancestors(
  graph: Graph,
  id: string,
  depth = Infinity,
): Set<string> {
  return walk(graph.parents, id, depth);
}

/** Returns every descendant of a node, down to a number of generations. */
export function descendants(
  graph: Graph,
  id: string,
  depth = Infinity,
): Set<string> {
  return walk(graph.children, id, depth);
}

function walk(
  edges: ReadonlyMap<string, readonly string[]>,
  start: string,
  depth: number,
): Set<string> {
  const found = new Set<string>();
  let frontier = [start];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of edges.get(id) ?? []) {
        if (found.has(neighbour)) continue;
        found.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return found;
}
