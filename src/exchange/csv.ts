/** A parsed CSV record with the file line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Parses CSV text (RFC 4180 with any one-character delimiter): fields in
 * double quotes may contain the delimiter, quotes doubled, and line
 * breaks. Blank lines are skipped. Raises on an unterminated quote.
 */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;

  const endRecord = (): void => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === "" && !fieldStarted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) {
    throw new Error(`unterminated quoted field starting on line ${recordLine}`);
  }
  if (field !== "" || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

/** Formats one CSV field, quoting it when it contains special characters. */
export function formatCsvField(value: string, delimiter: string): string {
  if (/["\r\n]/.test(value) || value.includes(delimiter)) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}
