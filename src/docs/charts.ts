import { element, escapeHtml } from "./html.ts";

/** One named set of values, one value per category. */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
}

export interface BarChart {
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly format: (value: number) => string;
}

const labelWidth = 190;
const plotWidth = 360;
const valueWidth = 110;
const barHeight = 16;
const groupGap = 10;
const top = 28;
const legendStep = 150;

/** Horizontal positions of a chart, in pixels. */
interface Scale {
  /** Left edge of the plot. */
  readonly left: number;
  /** Distance of a value from the plot's left edge, where the minimum is. */
  readonly x: (value: number) => number;
}

/**
 * Draws a horizontal grouped bar chart as SVG, one group per category and
 * one bar per series. Negative values (a margin can be a loss) extend left
 * of the zero line.
 */
export function renderBarChart(chart: BarChart): string {
  const all = chart.series.flatMap((s) => s.values);
  const min = Math.min(0, ...all);
  const max = Math.max(0, ...all);
  const span = max - min || 1;
  // Negative bars put their value left of the bar, so they need room
  // between the category labels and the plot.
  const scale: Scale = {
    left: labelWidth + (min < 0 ? valueWidth : 0),
    x: (v) => ((v - min) / span) * plotWidth,
  };
  const zero = scale.left + scale.x(0);
  const groupHeight = chart.series.length * barHeight + groupGap;
  const height = top + chart.categories.length * groupHeight + 24;
  const width = scale.left + plotWidth + valueWidth;

  const groups = chart.categories.map((category, i) =>
    renderGroup(chart, scale, category, i, top + i * groupHeight),
  );
  const legend =
    chart.series.length > 1
      ? chart.series.map((s, i) => renderLegend(s, i, height))
      : [];
  return element(
    "svg",
    {
      class: "chart",
      xmlns: "http://www.w3.org/2000/svg",
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": chart.title,
    },
    element(
      "text",
      { class: "chart-title", x: 0, y: 16 },
      escapeHtml(chart.title),
    ),
    element("line", {
      class: "axis",
      x1: zero.toFixed(1),
      x2: zero.toFixed(1),
      y1: top - 4,
      y2: height - 24,
    }),
    ...groups,
    ...legend,
  );
}

function renderGroup(
  chart: BarChart,
  scale: Scale,
  category: string,
  index: number,
  groupTop: number,
): string {
  const label = element(
    "text",
    {
      class: "category",
      x: labelWidth - 8,
      y: groupTop + (chart.series.length * barHeight) / 2,
      "text-anchor": "end",
    },
    escapeHtml(category),
  );
  const bars = chart.series.map((series, j) => {
    const value = series.values[index] ?? 0;
    const y = groupTop + j * barHeight;
    const x = scale.left + scale.x(Math.min(0, value));
    const w = Math.max(1, Math.abs(scale.x(value) - scale.x(0)));
    const text = chart.format(value);
    const bar = element(
      "rect",
      {
        class: "bar",
        x: x.toFixed(1),
        y,
        width: w.toFixed(1),
        height: barHeight - 3,
        fill: series.color,
      },
      element("title", {}, escapeHtml(`${category}, ${series.name}: ${text}`)),
    );
    const valueLabel = element(
      "text",
      {
        class: "value",
        x: (value < 0 ? x - 4 : x + w + 4).toFixed(1),
        y: y + barHeight / 2,
        "text-anchor": value < 0 ? "end" : "start",
      },
      escapeHtml(text),
    );
    return bar + valueLabel;
  });
  return label + bars.join("");
}

function renderLegend(
  series: ChartSeries,
  index: number,
  height: number,
): string {
  const x = labelWidth + index * legendStep;
  return (
    element("rect", {
      x,
      y: height - 16,
      width: 10,
      height: 10,
      fill: series.color,
    }) +
    element(
      "text",
      { class: "legend", x: x + 14, y: height - 11 },
      escapeHtml(series.name),
    )
  );
}
