import type { PartnerLayout } from "./layout.ts";

export interface RejectionFacts {
  readonly country: string;
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly source: string;
  readonly layout: PartnerLayout;
  readonly columns: readonly string[];
  readonly rows: number;
  readonly problems: readonly string[];
}

function describeSeparator(separator: string): string {
  if (separator === "") return "none";
  if (/^[\x21-\x7e]$/.test(separator)) return `"${separator}"`;
  return `U+${separator.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Renders the report kept beside a rejected partner file, for people. */
export function renderRejectionReport(facts: RejectionFacts): string {
  const { layout } = facts;
  const expected =
    `${layout.encoding}${layout.bom ? " with BOM" : ""}, delimiter ${describeSeparator(layout.delimiter)}, ` +
    `decimal ${describeSeparator(layout.decimal)}, thousands ${describeSeparator(layout.thousands)}, ` +
    `dates ${layout.date_format}`;
  return [
    `strata rejected the partner file ${facts.name}`,
    "",
    `country:  ${facts.country}`,
    `file:     ${facts.name} (${facts.size} bytes, SHA-256 ${facts.sha256})`,
    `from:     ${facts.source}`,
    `at:       ${new Date().toISOString()}`,
    `expected: ${expected}`,
    `columns:  ${facts.columns.map((c) => layout.columns[c] ?? c).join(", ")}`,
    `rows:     ${facts.rows}`,
    "",
    "problems:",
    ...facts.problems.map((p) => `  - ${p}`),
    "",
    "Nothing of this file was imported. Send a corrected file; a file with",
    "the same name and the same content is rejected again.",
    "",
  ].join("\n");
}
