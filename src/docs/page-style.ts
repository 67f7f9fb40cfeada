/** The docs page's style sheet, inlined so the page opens from disk. */
export const pageStyle = `
:root { --fg: #1d2330; --muted: #667085; --line: #d0d5dd; --bg: #f7f8fa;
  --accent: #2f6fde; --ok: #1f8a4c; --warn: #b7791f; --bad: #c53030; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg);
  background: var(--bg); }
header { display: flex; gap: 24px; align-items: center; padding: 10px 20px;
  background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 18px; margin: 0; }
header .generated { margin-left: auto; color: var(--muted); font-size: 12px; }
nav button { border: 0; background: none; padding: 6px 12px; cursor: pointer;
  font: inherit; border-radius: 6px; color: var(--muted); }
nav button.active { background: #e8effc; color: var(--accent); font-weight: 600; }
main { padding: 16px 20px; }
[hidden], .filtered { display: none !important; }
h2 { font-size: 16px; margin: 18px 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
table { border-collapse: collapse; background: #fff; margin-bottom: 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #fff; border: 1px solid var(--line); padding: 10px;
  overflow: auto; max-height: 420px; font: 12px/1.4 ui-monospace, monospace; }
.filters { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; }
.filters select, .filters input { font: inherit; padding: 4px 6px; }
.muted { color: var(--muted); }
.status { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.status-success, .status-pass { color: var(--ok); }
.status-warn { color: var(--warn); }
.status-error, .status-fail { color: var(--bad); }
.status-skipped { color: var(--muted); }
.graph-wrap { overflow: auto; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; max-height: 70vh; }
.graph-wrap.fit #lineage { max-width: 100%; height: auto; }
#lineage .node { cursor: pointer; }
#lineage .node rect { fill: #fff; stroke-width: 1.5; }
#lineage .node text { font: 12px ui-monospace, monospace; dominant-baseline: middle;
  text-anchor: middle; fill: var(--fg); }
#lineage .edge { fill: none; stroke: #98a2b3; stroke-width: 1.3; }
#lineage marker path { fill: #98a2b3; }
#lineage .node.selected rect:first-of-type { fill: #e8effc; stroke-width: 3; }
#lineage .node.upstream rect:first-of-type { fill: #fff4e5; }
#lineage .node.downstream rect:first-of-type { fill: #e9f7ef; }
#lineage .dimmed { opacity: 0.25; }
#lineage .edge.highlighted { stroke: var(--accent); stroke-width: 2; }
.legend-row { display: flex; gap: 14px; margin: 6px 0; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
  margin-right: 4px; vertical-align: middle; }
#details { margin-top: 14px; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; padding: 12px 16px; }
#details h2 { margin-top: 0; }
.tag { display: inline-block; background: #eef1f5; border-radius: 10px;
  padding: 0 8px; margin-right: 4px; font-size: 12px; }
.model-link { border: 0; background: none; color: var(--accent); padding: 0;
  cursor: pointer; font: 13px ui-monospace, monospace; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 4px; }
.chart text { font: 12px system-ui, sans-serif; dominant-baseline: middle; }
.chart .chart-title { font-weight: 600; }
.chart .value { fill: var(--muted); font-size: 11px; }
.chart .axis { stroke: #98a2b3; }
`;
