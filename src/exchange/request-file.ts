import { formatCsvField } from "./csv.ts";
import { ExchangeError } from "./errors.ts";
import type { PartnerLayout } from "./layout.ts";
import { encodePartnerText } from "./text-encoding.ts";
import { formatPartnerDate, formatPartnerNumber } from "./value-format.ts";

/** A column of the request file and how its values are written. */
export interface RequestColumn {
  readonly name: string;
  readonly kind: "text" | "number" | "date";
}

/** One row of the request file; dates as `YYYY-MM-DD`. */
export type RequestRow = Readonly<Record<string, string | number | null>>;

function formatValue(
  value: string | number | null,
  column: RequestColumn,
  layout: PartnerLayout,
): string {
  if (value === null) return "";
  if (column.kind === "number")
    return formatPartnerNumber(Number(value), layout);
  if (column.kind === "date")
    return formatPartnerDate(String(value).slice(0, 10), layout.date_format);
  return String(value);
}

/**
 * Writes rows as the partner's request file: the layout's delimiter,
 * decimal separator, date format, encoding and byte order mark, CRLF line
 * ends and a header of the column names.
 */
export function encodeRequestFile(
  columns: readonly RequestColumn[],
  rows: readonly RequestRow[],
  layout: PartnerLayout,
  fileName: string,
): Buffer {
  const lines = [
    columns
      .map((c) => formatCsvField(c.name, layout.delimiter))
      .join(layout.delimiter),
  ];
  for (const row of rows) {
    const fields = columns.map((c) =>
      formatCsvField(
        formatValue(row[c.name] ?? null, c, layout),
        layout.delimiter,
      ),
    );
    lines.push(fields.join(layout.delimiter));
  }
  const text = lines.join("\r\n") + "\r\n";
  const encoded = encodePartnerText(text, layout);
  if (!encoded.ok) {
    const character = String.fromCodePoint(text.codePointAt(encoded.index)!);
    const lines = text.slice(0, encoded.index).split("\r\n");
    const code = character.codePointAt(0)!.toString(16).toUpperCase();
    throw new ExchangeError({
      code: "exchange-encode-failed",
      subject: fileName,
      message: `line ${lines.length}: the character "${character}" (U+${code.padStart(4, "0")}) can not be written in ${layout.encoding}`,
      hint: "Clean the value in the request model, or agree on UTF-8 with the partner.",
    });
  }
  return encoded.bytes;
}
