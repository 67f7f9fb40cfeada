import { renderBarChart } from "./charts.ts";
import { escapeHtml, formatSeconds, scriptJson } from "./html.ts";
import { layoutLineage } from "./lineage-layout.ts";
import { renderLineageSvg } from "./lineage-svg.ts";
import { pageScript } from "./page-script.ts";
import { pageStyle } from "./page-style.ts";
import type { ResaleResults } from "./resale-results.ts";
import type { DocsNode, NodeRun, SiteData } from "./site-data.ts";

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
  const layout = layoutLineage(data.nodes);
  const tags = [...new Set(data.nodes.flatMap((n) => n.tags))].sort();

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.project)} · strata docs</title>
<style>${pageStyle}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.project)}</h1>
<nav>${tabs.map(([id, label]) => `<button type="button" data-tab="${id}">${label}</button>`).join("")}</nav>
<span class="generated">generated ${escapeHtml(data.generatedAt)}</span>
</header>
<main>
<div class="filters" id="filters">
<select id="filter-layer" aria-label="layer"><option value="">every layer</option>${options(layers)}</select>
<select id="filter-tag" aria-label="tag"><option value="">every tag</option>${options(tags)}</select>
<input id="filter-text" type="search" placeholder="filter by name or description" aria-label="text">
<span id="filter-count" class="muted"></span>
<label><input id="fit-graph" type="checkbox" checked> fit the graph to the width</label>
</div>
<section data-panel="lineage">
<div class="legend-row">${layers.map((l) => `<span><span class="swatch" style="background:${color(l)}"></span>${escapeHtml(l)}</span>`).join("")}</div>
<div class="graph-wrap fit">${renderLineageSvg(layout, data.nodes, color)}</div>
<div id="details" hidden></div>
</section>
<section data-panel="models" hidden>${renderModels(data.nodes, layers)}</section>
<section data-panel="tests" hidden>${renderTests(data)}</section>
<section data-panel="runs" hidden>${renderRuns(data)}</section>
<section data-panel="results" hidden>${renderResults(data.results)}</section>
</main>
<script type="application/json" id="strata-data">${scriptJson(data)}</script>
<script>${pageScript}</script>
</body>
</html>
`;
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

function options(values: readonly string[]): string {
  return values
    .map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`)
    .join("");
}

function statusSpan(status: string, prefix = ""): string {
  return `<span class="status status-${escapeHtml(status)}">${escapeHtml(prefix + status)}</span>`;
}

function lastStatuses(runs: readonly NodeRun[]): string {
  if (runs.length === 0) return `<span class="muted">not run</span>`;
  return runs
    .map((r) => statusSpan(r.status, r.country ? `${r.country}: ` : ""))
    .join(" ");
}

function renderModels(
  nodes: readonly DocsNode[],
  layers: readonly string[],
): string {
  return layers
    .map((layer) => {
      const rows = nodes
        .filter((n) => n.layer === layer)
        .map(
          (n) =>
            `<tr data-node="${escapeHtml(n.id)}"><td><button type="button" class="model-link" data-id="${escapeHtml(n.id)}">${escapeHtml(n.name)}</button></td>` +
            `<td>${escapeHtml(n.kind)}</td><td>${escapeHtml(String(n.config.materialized ?? ""))}</td>` +
            `<td>${n.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join("")}</td>` +
            `<td>${escapeHtml(n.description ?? "")}</td><td>${lastStatuses(n.lastResults)}</td></tr>`,
        );
      return `<h2>${escapeHtml(layer)}</h2><table><thead><tr><th>name</th><th>kind</th><th>materialized</th><th>tags</th><th>description</th><th>last run</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
    })
    .join("\n");
}

function renderTests(data: SiteData): string {
  if (data.tests.length === 0) return `<p class="muted">No tests.</p>`;
  const nameOf = new Map(data.nodes.map((n) => [n.id, n.name]));
  const rows = data.tests.map((t) => {
    const failures = t.lastResults
      .filter((r) => r.failures !== undefined)
      .map((r) => `${r.country ? `${r.country}: ` : ""}${r.failures}`)
      .join(", ");
    const attached = t.attachedTo
      ? (nameOf.get(t.attachedTo) ?? t.attachedTo)
      : "";
    return (
      `<tr data-test="${escapeHtml(t.id)}"><td>${escapeHtml(t.name)}</td><td>${escapeHtml(attached)}</td>` +
      `<td>${escapeHtml(t.severity ?? "")}</td><td>${lastStatuses(t.lastResults)}</td><td class="number">${escapeHtml(failures)}</td></tr>`
    );
  });
  return `<h2>Tests and their last results</h2><table><thead><tr><th>test</th><th>on</th><th>severity</th><th>last result</th><th>failing rows</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function renderRuns(data: SiteData): string {
  const last = data.runs[0];
  if (!last)
    return `<p class="muted">No run yet: run strata build, then generate the docs again.</p>`;
  const nameOf = new Map(
    [...data.nodes, ...data.tests].map((n) => [n.id, n.name]),
  );
  const lastRows = [...data.nodes, ...data.tests]
    .flatMap((n) =>
      n.lastResults
        .filter((r) => r.runId === last.runId)
        .map((r) => ({ id: n.id, r })),
    )
    .sort((a, b) => b.r.durationMs - a.r.durationMs)
    .map(
      ({ id, r }) =>
        `<tr><td>${escapeHtml(nameOf.get(id) ?? id)}</td><td>${escapeHtml(r.country ?? "-")}</td><td>${statusSpan(r.status)}</td>` +
        `<td class="number">${formatSeconds(r.durationMs)}</td><td class="number">${r.rows ?? ""}</td></tr>`,
    );
  const historyRows = data.runs.map(
    (run) =>
      `<tr data-run="${escapeHtml(run.runId)}"><td>${escapeHtml(run.startedAt.replace("T", " ").slice(0, 19))}</td><td>${escapeHtml(run.command)}</td>` +
      `<td class="number">${formatSeconds(run.elapsedMs)}</td><td>${Object.entries(
        run.counts,
      )
        .map(([status, count]) => statusSpan(status, `${count} `))
        .join(" ")}</td></tr>`,
  );
  return [
    `<h2>Last run: ${escapeHtml(last.command)} at ${escapeHtml(last.startedAt)}, ${formatSeconds(last.elapsedMs)}</h2>`,
    `<table id="last-run"><thead><tr><th>node</th><th>country</th><th>status</th><th>duration</th><th>rows</th></tr></thead><tbody>${lastRows.join("")}</tbody></table>`,
    `<h2>Run history</h2>`,
    `<table id="run-history"><thead><tr><th>started (UTC)</th><th>command</th><th>elapsed</th><th>results</th></tr></thead><tbody>${historyRows.join("")}</tbody></table>`,
  ].join("\n");
}

const euro = new Intl.NumberFormat("en-GB", {
  style: "currency",
  currency: "EUR",
  maximumFractionDigits: 0,
});

function renderResults(results: SiteData["results"]): string {
  if (!results) return `<p class="muted">No results were read.</p>`;
  if ("reason" in results)
    return `<p class="muted" id="no-results">No resale results to show: ${escapeHtml(results.reason)}.</p>`;
  return [
    `<p class="muted">Read from the ${escapeHtml(results.table)} table of the catalog.</p>`,
    ...results.countries.map((c) => renderCountry(c)),
  ].join("\n");
}

function renderCountry(country: ResaleResults["countries"][number]): string {
  const categories = country.segments.map((s) => s.segment);
  const vehicles = renderBarChart({
    title: "Vehicles per segment",
    categories,
    series: [
      {
        name: "vehicles",
        values: country.segments.map((s) => s.vehicles),
        color: "#2f6fde",
      },
    ],
    format: (v) => String(v),
  });
  const margins = renderBarChart({
    title: "Expected margin per segment",
    categories,
    series: [
      {
        name: "margin if sold now",
        values: country.segments.map((s) => s.marginNowEur),
        color: "#d97706",
      },
      {
        name: "margin in the best month",
        values: country.segments.map((s) => s.bestMarginEur),
        color: "#059669",
      },
    ],
    format: (v) => euro.format(v),
  });
  return `<section class="country" id="results-${escapeHtml(country.country)}"><h2>${escapeHtml(country.country.toUpperCase())}</h2><div class="charts">${vehicles}${margins}</div></section>`;
}
