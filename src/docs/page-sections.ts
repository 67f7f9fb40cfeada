import { renderBarChart } from "./charts.ts";
import { element, escapeHtml, formatSeconds, table } from "./html.ts";
import type { ResaleResults } from "./resale-results.ts";
import type { DocsNode, NodeRun, SiteData } from "./site-data.ts";

const cell = (html: string, className?: string): string =>
  element("td", { class: className }, html);

const muted = (text: string, id?: string): string =>
  element("p", { class: "muted", id }, escapeHtml(text));

function statusSpan(status: string, prefix = ""): string {
  return element(
    "span",
    { class: `status status-${status}` },
    escapeHtml(prefix + status),
  );
}

function lastStatuses(runs: readonly NodeRun[]): string {
  if (runs.length === 0) return element("span", { class: "muted" }, "not run");
  return runs
    .map((r) => statusSpan(r.status, r.country ? `${r.country}: ` : ""))
    .join(" ");
}

/** Renders the Models tab: a table of nodes per layer. */
export function renderModels(
  nodes: readonly DocsNode[],
  layers: readonly string[],
): string {
  const headers = [
    "name",
    "kind",
    "materialized",
    "tags",
    "description",
    "last run",
  ];
  return layers
    .map((layer) => {
      const rows = nodes
        .filter((n) => n.layer === layer)
        .map((n) => {
          const link = element(
            "button",
            { type: "button", class: "model-link", "data-id": n.id },
            escapeHtml(n.name),
          );
          const tags = n.tags.map((t) =>
            element("span", { class: "tag" }, escapeHtml(t)),
          );
          return element(
            "tr",
            { "data-node": n.id },
            cell(link),
            cell(escapeHtml(n.kind)),
            cell(escapeHtml(String(n.config.materialized ?? ""))),
            cell(tags.join("")),
            cell(escapeHtml(n.description ?? "")),
            cell(lastStatuses(n.lastResults)),
          );
        });
      return element("h2", {}, escapeHtml(layer)) + table(headers, rows);
    })
    .join("\n");
}

/** Renders the Tests tab: every test with its last result per country. */
export function renderTests(data: SiteData): string {
  if (data.tests.length === 0) return muted("No tests.");
  const nameOf = new Map(data.nodes.map((n) => [n.id, n.name]));
  const rows = data.tests.map((t) => {
    const failures = t.lastResults
      .filter((r) => r.failures !== undefined)
      .map((r) => `${r.country ? `${r.country}: ` : ""}${r.failures}`)
      .join(", ");
    const attached = t.attachedTo
      ? (nameOf.get(t.attachedTo) ?? t.attachedTo)
      : "";
    return element(
      "tr",
      { "data-test": t.id },
      cell(escapeHtml(t.name)),
      cell(escapeHtml(attached)),
      cell(escapeHtml(t.severity ?? "")),
      cell(lastStatuses(t.lastResults)),
      cell(escapeHtml(failures), "number"),
    );
  });
  return (
    element("h2", {}, "Tests and their last results") +
    table(["test", "on", "severity", "last result", "failing rows"], rows)
  );
}

/** Renders the Runs tab: the last run's nodes and the run history. */
export function renderRuns(data: SiteData): string {
  const last = data.runs[0];
  if (!last)
    return muted("No run yet: run strata build, then generate the docs again.");
  const all = [...data.nodes, ...data.tests];
  const lastRows = all
    .flatMap((n) =>
      n.lastResults
        .filter((r) => r.runId === last.runId)
        .map((r) => ({ name: n.name, r })),
    )
    .sort((a, b) => b.r.durationMs - a.r.durationMs)
    .map(({ name, r }) =>
      element(
        "tr",
        {},
        cell(escapeHtml(name)),
        cell(escapeHtml(r.country ?? "-")),
        cell(statusSpan(r.status)),
        cell(formatSeconds(r.durationMs), "number"),
        cell(r.rows === undefined ? "" : String(r.rows), "number"),
      ),
    );
  const historyRows = data.runs.map((run) => {
    const counts = Object.entries(run.counts).map(([status, count]) =>
      statusSpan(status, `${count} `),
    );
    return element(
      "tr",
      { "data-run": run.runId },
      cell(escapeHtml(run.startedAt.replace("T", " ").slice(0, 19))),
      cell(escapeHtml(run.command)),
      cell(formatSeconds(run.elapsedMs), "number"),
      cell(counts.join(" ")),
    );
  });
  const title = `Last run: ${last.command} at ${last.startedAt}, ${formatSeconds(last.elapsedMs)}`;
  return [
    element("h2", {}, escapeHtml(title)),
    table(["node", "country", "status", "duration", "rows"], lastRows, {
      id: "last-run",
    }),
    element("h2", {}, "Run history"),
    table(["started (UTC)", "command", "elapsed", "results"], historyRows, {
      id: "run-history",
    }),
  ].join("\n");
}

const euro = new Intl.NumberFormat("en-GB", {
  style: "currency",
  currency: "EUR",
  maximumFractionDigits: 0,
});

/** Renders the Results tab: charts per country, or why there are none. */
export function renderResults(results: SiteData["results"]): string {
  if (!results) return muted("No results were read.", "no-results");
  if ("reason" in results)
    return muted(`No resale results to show: ${results.reason}.`, "no-results");
  return [
    muted(`Read from the ${results.table} table of the catalog.`),
    ...results.countries.map(renderCountry),
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
  return element(
    "section",
    { class: "country", id: `results-${country.country}` },
    element("h2", {}, escapeHtml(country.country.toUpperCase())),
    element("div", { class: "charts" }, vehicles, margins),
  );
}
