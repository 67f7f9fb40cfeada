import dagre from "@dagrejs/dagre";

/** A node placed by the layout: its centre, width and height in pixels. */
export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge from parent to child, drawn through the layout's points. */
interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
}

export interface LineageLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

// An estimate of the label width in the page's 12px monospace font, so
// boxes fit their names without measuring text in a browser.
const charWidth = 7.3;
const nodeHeight = 30;
const padding = 24;

/**
 * Lays out the lineage graph left to right with dagre, at generate time,
 * so the page only draws the result and needs no layout code of its own.
 */
export function layoutLineage(
  nodes: readonly { id: string; name: string; dependsOn: readonly string[] }[],
): LineageLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({
    rankdir: "LR",
    nodesep: 14,
    ranksep: 70,
    marginx: 16,
    marginy: 16,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    const width = Math.ceil(node.name.length * charWidth) + padding;
    graph.setNode(node.id, { width, height: nodeHeight });
  }
  for (const node of nodes) {
    for (const parent of node.dependsOn) {
      if (ids.has(parent)) graph.setEdge(parent, node.id);
    }
  }
  dagre.layout(graph);

  const placed = graph.nodes().map((id: string): PlacedNode => {
    const n = graph.node(id);
    return { id, x: n.x, y: n.y, width: n.width, height: n.height };
  });
  const edges = graph.edges().map((e: { v: string; w: string }) => {
    const points: Point[] = graph.edge(e).points ?? [];
    const edge: PlacedEdge = {
      from: e.v,
      to: e.w,
      points: points.map((p) => ({ x: p.x, y: p.y })),
    };
    return edge;
  });
  const label = graph.graph();
  return {
    width: Math.ceil(label.width ?? 0),
    height: Math.ceil(label.height ?? 0),
    nodes: placed,
    edges,
  };
}
