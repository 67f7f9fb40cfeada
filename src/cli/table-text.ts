import type { Row } from "../engines/index.ts";

/** Renders rows as an aligned text table with a header line. */
export function tableText(rows: readonly Row[]): string {
  if (rows.length === 0) return "(no rows)";
  const columns = Object.keys(rows[0]!);
  const cell = (value: unknown): string =>
    value === null || value === undefined
      ? "NULL"
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  return [
    line(columns),
    widths.map((w) => "-".repeat(w)).join("-+-"),
    ...cells.map(line),
  ].join("\n");
}
