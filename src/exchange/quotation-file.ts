import { parseCsv, type CsvRecord } from "./csv.ts";
import {
  QUOTATION_COLUMN_KINDS,
  type ColumnKind,
  type PartnerLayout,
} from "./layout.ts";
import { decodePartnerText } from "./text-encoding.ts";
import { parsePartnerDate, parsePartnerNumber } from "./value-format.ts";

/** At most this many cell problems are listed in a rejection report. */
const MAX_LISTED_PROBLEMS = 20;

/** Result of checking a quotation file. */
export type QuotationCheck =
  { ok: true; rows: number } | { ok: false; problems: string[]; rows: number };

export interface QuotationCheckOptions {
  readonly layout: PartnerLayout;
  /** Platform columns the file must have; headers from `layout.columns`. */
  readonly columns: readonly string[];
  readonly requiredColumns: readonly string[];
  /** Set when complete files end with this line; it is not data. */
  readonly endMarker?: string;
}

/**
 * Checks a quotation file end to end: encoding and byte order mark,
 * delimiter, header against the expected columns, then every cell against its
 * column's kind (dates in `date_format`, amounts and mileages with the
 * layout's decimal and thousands separators and suffixes). Lists up to 20
 * cell problems and the count of the rest.
 */
export function checkQuotationFile(
  bytes: Uint8Array,
  options: QuotationCheckOptions,
): QuotationCheck {
  const decoded = decodePartnerText(bytes, options.layout);
  if (!decoded.ok) return { ok: false, problems: [decoded.reason], rows: 0 };

  let records: CsvRecord[];
  try {
    records = parseCsv(
      stripEndMarker(decoded.text, options.endMarker),
      options.layout.delimiter,
    );
  } catch (error) {
    return { ok: false, problems: [(error as Error).message], rows: 0 };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: ["the file is empty"], rows: 0 };

  const positions = locateColumns(header, options.layout, options.columns);
  if (!positions.ok)
    return { ok: false, problems: positions.problems, rows: rows.length };

  const problems = checkRows(
    rows,
    header.fields.length,
    positions.columns,
    options,
  );
  if (problems.length === 0) return { ok: true, rows: rows.length };
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  if (problems.length > listed.length) {
    listed.push(`… and ${problems.length - listed.length} more problems`);
  }
  return { ok: false, problems: listed, rows: rows.length };
}

function stripEndMarker(text: string, marker: string | undefined): string {
  if (marker === undefined) return text;
  const lines = text.replace(/[\r\n]+$/, "").split(/\r?\n/);
  if (lines.at(-1)?.trim() === marker) lines.pop();
  return lines.join("\n");
}

interface LocatedColumn {
  readonly name: string;
  readonly header: string;
  readonly index: number;
  readonly kind: ColumnKind;
}

function locateColumns(
  header: CsvRecord,
  layout: PartnerLayout,
  names: readonly string[],
): { ok: true; columns: LocatedColumn[] } | { ok: false; problems: string[] } {
  const found = header.fields.map((f) => f.trim());
  const problems: string[] = [];
  const columns: LocatedColumn[] = [];
  for (const name of names) {
    const partnerHeader = layout.columns[name] ?? name;
    const index = found.indexOf(partnerHeader);
    if (index < 0) {
      problems.push(`missing column "${partnerHeader}" (${name})`);
      continue;
    }
    columns.push({
      name,
      header: partnerHeader,
      index,
      kind: QUOTATION_COLUMN_KINDS[name] ?? "text",
    });
  }
  if (problems.length > 0) {
    const delimiterHint =
      found.length === 1
        ? `; the header has one field, so the delimiter is probably not "${layout.delimiter}"`
        : "";
    problems.push(
      `found columns: ${found.map((f) => `"${f}"`).join(", ")}${delimiterHint}`,
    );
    return { ok: false, problems };
  }
  return { ok: true, columns };
}

function checkRows(
  rows: CsvRecord[],
  width: number,
  columns: LocatedColumn[],
  options: QuotationCheckOptions,
): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    if (row.fields.length !== width) {
      problems.push(
        `line ${row.line}: ${row.fields.length} fields, expected ${width}`,
      );
      continue;
    }
    for (const column of columns) {
      const value = row.fields[column.index]!;
      const problem = checkCell(value, column, options);
      if (problem) {
        problems.push(
          `line ${row.line}, column "${column.header}": ${problem}`,
        );
      }
    }
  }
  return problems;
}

function checkCell(
  value: string,
  column: LocatedColumn,
  options: QuotationCheckOptions,
): string | undefined {
  const { layout } = options;
  if (value.trim() === "") {
    return options.requiredColumns.includes(column.name)
      ? "empty, expected a value"
      : undefined;
  }
  switch (column.kind) {
    case "text":
      return undefined;
    case "date":
      return parsePartnerDate(value, layout.date_format) === undefined
        ? `"${value}" is not a date in the format ${layout.date_format}`
        : undefined;
    case "amount":
    case "mileage": {
      const suffix =
        column.kind === "amount" ? layout.amount_suffix : layout.mileage_suffix;
      const number = parsePartnerNumber(value, layout, suffix);
      if (number === undefined) {
        return (
          `"${value}" is not a number with decimal separator "${layout.decimal}"` +
          (layout.thousands
            ? ` and thousands separator U+${layout.thousands.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`
            : "")
        );
      }
      if (column.kind === "mileage" && !Number.isInteger(number)) {
        return `"${value}" is not a whole number of kilometres`;
      }
      return number < 0 ? `"${value}" is negative` : undefined;
    }
  }
}
