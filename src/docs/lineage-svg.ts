import { element, escapeHtml } from "./html.ts";
import type {
  LineageLayout,
  PlacedEdge,
  PlacedNode,
} from "./lineage-layout.ts";
import type { DocsNode } from "./site-data.ts";

/**
 * Draws the laid-out lineage graph as SVG. Every node is a `g.node` and
 * every dependency a `path.edge`, with data attributes the page script
 * reads to filter and highlight.
 */
export function renderLineageSvg(
  layout: LineageLayout,
  nodes: readonly DocsNode[],
  layerColor: (layer: string) => string,
): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const arrow = element(
    "marker",
    {
      id: "arrow",
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: "auto-start-reverse",
    },
    element("path", { d: "M0,0 L10,5 L0,10 z" }),
  );
  return element(
    "svg",
    {
      id: "lineage",
      xmlns: "http://www.w3.org/2000/svg",
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${layout.width} ${layout.height}`,
    },
    element("defs", {}, arrow),
    element("g", { class: "edges" }, ...layout.edges.map(renderEdge)),
    element(
      "g",
      { class: "nodes" },
      ...layout.nodes.map((placed) => {
        const node = byId.get(placed.id)!;
        return renderNode(placed, node, layerColor(node.layer));
      }),
    ),
  );
}

function renderEdge(edge: PlacedEdge): string {
  const d = edge.points
    .map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(" ");
  return element("path", {
    class: "edge",
    "data-from": edge.from,
    "data-to": edge.to,
    d,
    "marker-end": "url(#arrow)",
  });
}

function renderNode(placed: PlacedNode, node: DocsNode, color: string): string {
  const x = placed.x - placed.width / 2;
  const y = placed.y - placed.height / 2;
  return element(
    "g",
    {
      class: `node kind-${node.kind}`,
      tabindex: 0,
      role: "button",
      "data-id": node.id,
      "data-layer": node.layer,
      "data-tags": node.tags.join(" "),
      "data-name": node.name,
      transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
    },
    element("title", {}, escapeHtml(node.id)),
    element("rect", {
      width: placed.width,
      height: placed.height,
      rx: 6,
      style: `stroke:${color}`,
    }),
    element("rect", {
      class: "band",
      width: 6,
      height: placed.height,
      rx: 3,
      style: `fill:${color}`,
    }),
    element(
      "text",
      { x: placed.width / 2 + 3, y: placed.height / 2 },
      escapeHtml(node.name),
    ),
  );
}
