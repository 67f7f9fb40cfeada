import { escapeHtml } from "./html.ts";
import type { LineageLayout } from "./lineage-layout.ts";
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
  const edges = layout.edges.map((edge) => {
    const d = edge.points
      .map(
        (p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`,
      )
      .join(" ");
    return `<path class="edge" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" d="${d}" marker-end="url(#arrow)"/>`;
  });
  const boxes = layout.nodes.map((placed) => {
    const node = byId.get(placed.id)!;
    const x = placed.x - placed.width / 2;
    const y = placed.y - placed.height / 2;
    return [
      `<g class="node kind-${node.kind}" tabindex="0" role="button"`,
      ` data-id="${escapeHtml(node.id)}" data-layer="${escapeHtml(node.layer)}"`,
      ` data-tags="${escapeHtml(node.tags.join(" "))}" data-name="${escapeHtml(node.name)}"`,
      ` transform="translate(${x.toFixed(1)},${y.toFixed(1)})">`,
      `<title>${escapeHtml(node.id)}</title>`,
      `<rect width="${placed.width}" height="${placed.height}" rx="6" style="stroke:${layerColor(node.layer)}"/>`,
      `<rect class="band" width="6" height="${placed.height}" rx="3" style="fill:${layerColor(node.layer)}"/>`,
      `<text x="${placed.width / 2 + 3}" y="${placed.height / 2}">${escapeHtml(node.name)}</text>`,
      `</g>`,
    ].join("");
  });
  return [
    `<svg id="lineage" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
    `<g class="edges">${edges.join("")}</g>`,
    `<g class="nodes">${boxes.join("")}</g>`,
    `</svg>`,
  ].join("\n");
}
