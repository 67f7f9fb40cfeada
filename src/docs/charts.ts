import { escapeHtml } from "./html.ts";

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
  const left = labelWidth + (min < 0 ? valueWidth : 0);
  const scale = (v: number): number => ((v - min) / span) * plotWidth;
  const zero = left + scale(0);
  const groupHeight = chart.series.length * barHeight + groupGap;
  const height = top + chart.categories.length * groupHeight + 24;
  const width = left + plotWidth + valueWidth;

  const groups = chart.categories.map((category, i) => {
    const y0 = top + i * groupHeight;
    const bars = chart.series.map((series, j) => {
      const value = series.values[i] ?? 0;
      const y = y0 + j * barHeight;
      const x = left + scale(Math.min(0, value));
      const w = Math.max(1, Math.abs(scale(value) - scale(0)));
      const textX = value < 0 ? x - 4 : x + w + 4;
      const anchor = value < 0 ? "end" : "start";
      return [
        `<rect class="bar" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${series.color}">`,
        `<title>${escapeHtml(`${category}, ${series.name}: ${chart.format(value)}`)}</title></rect>`,
        `<text class="value" x="${textX.toFixed(1)}" y="${y + barHeight / 2}" text-anchor="${anchor}">${escapeHtml(chart.format(value))}</text>`,
      ].join("");
    });
    const labelY = y0 + (chart.series.length * barHeight) / 2;
    return `<text class="category" x="${labelWidth - 8}" y="${labelY}" text-anchor="end">${escapeHtml(category)}</text>${bars.join("")}`;
  });
  const legend = chart.series.map(
    (s, i) =>
      `<rect x="${labelWidth + i * 150}" y="${height - 16}" width="10" height="10" fill="${s.color}"/><text class="legend" x="${labelWidth + i * 150 + 14}" y="${height - 11}">${escapeHtml(s.name)}</text>`,
  );
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<text class="chart-title" x="0" y="16">${escapeHtml(chart.title)}</text>`,
    `<line class="axis" x1="${zero.toFixed(1)}" x2="${zero.toFixed(1)}" y1="${top - 4}" y2="${height - 24}"/>`,
    groups.join(""),
    chart.series.length > 1 ? legend.join("") : "",
    `</svg>`,
  ].join("\n");
}
