import { element, escapeHtml, scriptJson } from "./html.ts";
import { layoutLineage } from "./lineage-layout.ts";
import { renderLineageSvg } from "./lineage-svg.ts";
import {
  renderModels,
  renderResults,
  renderRuns,
  renderTests,
} from "./page-sections.ts";
import { pageScript } from "./page-script.ts";
import { pageStyle } from "./page-style.ts";
import type { DocsNode, SiteData } from "./site-data.ts";

const palette = [
  "#2f6fde",
  "#d97706",
  "#059669",
  "#9333ea",
  "#dc2626",
  "#0891b2",
  "#65a30d",
  "#db2777",
];

const tabs = [
  ["lineage", "Lineage"],
  ["models", "Models"],
  ["tests", "Tests"],
  ["runs", "Runs"],
  ["results", "Results"],
] as const;

/**
 * Renders the whole docs site as one HTML page with its style, script and
 * data inlined, so it opens from disk with no server and loads nothing
 * from the network.
 */
export function renderPage(data: SiteData): string {
  const layers = layersOf(data.nodes);
  const color = (layer: string): string =>
    palette[Math.max(0, layers.indexOf(layer)) % palette.length]!;
  const title = `${data.project} · strata docs`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${element("title", {}, escapeHtml(title))}
<style>${pageStyle}</style>
</head>
<body>
${renderHeader(data)}
<main>
${renderFilters(data.nodes, layers)}
${panel("lineage", renderLineage(data.nodes, layers, color))}
${panel("models", renderModels(data.nodes, layers))}
${panel("tests", renderTests(data))}
${panel("runs", renderRuns(data))}
${panel("results", renderResults(data.results))}
</main>
<script type="application/json" id="strata-data">${scriptJson(data)}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}

function renderHeader(data: SiteData): string {
  const buttons = tabs.map(([id, label]) =>
    element("button", { type: "button", "data-tab": id }, label),
  );
  return element(
    "header",
    {},
    element("h1", {}, escapeHtml(data.project)),
    element("nav", {}, ...buttons),
    element(
      "span",
      { class: "generated" },
      escapeHtml(`generated ${data.generatedAt}`),
    ),
  );
}

function renderFilters(
  nodes: readonly DocsNode[],
  layers: readonly string[],
): string {
  const tags = [...new Set(nodes.flatMap((n) => n.tags))].sort();
  const select = (id: string, label: string, all: string, values: string[]) =>
    element(
      "select",
      { id, "aria-label": label },
      element("option", { value: "" }, all),
      ...values.map((v) => element("option", { value: v }, escapeHtml(v))),
    );
  const fit = element(
    "label",
    {},
    '<input id="fit-graph" type="checkbox" checked>',
    " fit the graph to the width",
  );
  return element(
    "div",
    { class: "filters", id: "filters" },
    select("filter-layer", "layer", "every layer", [...layers]),
    select("filter-tag", "tag", "every tag", tags),
    '<input id="filter-text" type="search" aria-label="text"' +
      ' placeholder="filter by name or description">',
    element("span", { id: "filter-count", class: "muted" }),
    fit,
  );
}

function renderLineage(
  nodes: readonly DocsNode[],
  layers: readonly string[],
  color: (layer: string) => string,
): string {
  const legend = layers.map((layer) =>
    element(
      "span",
      {},
      element("span", { class: "swatch", style: `background:${color(layer)}` }),
      escapeHtml(layer),
    ),
  );
  return [
    element("div", { class: "legend-row" }, ...legend),
    element(
      "div",
      { class: "graph-wrap fit" },
      renderLineageSvg(layoutLineage(nodes), nodes, color),
    ),
    element("div", { id: "details", hidden: true }),
  ].join("\n");
}

function panel(name: string, content: string): string {
  return element(
    "section",
    { "data-panel": name, hidden: name !== "lineage" },
    content,
  );
}

const layerOrder = ["sources", "seeds", "staging", "intermediate", "marts"];

function layersOf(nodes: readonly DocsNode[]): string[] {
  const rank = (layer: string): number => {
    const index = layerOrder.indexOf(layer);
    return index === -1 ? layerOrder.length : index;
  };
  return [...new Set(nodes.map((n) => n.layer))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
}
